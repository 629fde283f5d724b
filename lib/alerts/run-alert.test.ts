import { describe, expect, test } from "vitest";
import { alertEventFor } from "./run-alert";

describe("which runs alert", () => {
  const hook = { alertWebhookSealed: "v1.sealed", alertEmails: [], alertRejectedShare: 0.1 };
  test("a failed run, or one whose rejected share is above the threshold, when a webhook is set", () => {
    expect(alertEventFor({ status: "FAILED", rowsRead: 0, rowsRejected: 0 }, hook)).toBe("run.failed");
    expect(alertEventFor({ status: "PARTIAL", rowsRead: 100, rowsRejected: 11 }, hook)).toBe(
      "run.rejected_share_exceeded",
    );
    expect(alertEventFor({ status: "PARTIAL", rowsRead: 100, rowsRejected: 10 }, hook)).toBeNull();
    expect(alertEventFor({ status: "SUCCEEDED", rowsRead: 100, rowsRejected: 0 }, hook)).toBeNull();
    // A schedule re-reading an unchanged source (rows still invalid as before) is not news.
    expect(alertEventFor({ status: "UP_TO_DATE", rowsRead: 100, rowsRejected: 0 }, hook)).toBeNull();
  });

  test("a run that failed because its source could not be read says so", () => {
    const failed = { status: "FAILED", rowsRead: 0, rowsRejected: 0 };
    expect(alertEventFor({ ...failed, error: "The source could not be read: connection refused" }, hook)).toBe(
      "run.source_unreachable",
    );
    expect(alertEventFor({ ...failed, error: "X no longer accepts this connection's token" }, hook)).toBe("run.failed");
  });

  test("e-mail addresses alone are enough to alert", () => {
    const email = { alertWebhookSealed: null, alertEmails: ["ops@example.com"], alertRejectedShare: 0.1 };
    expect(alertEventFor({ status: "FAILED", rowsRead: 0, rowsRejected: 0 }, email)).toBe("run.failed");
    expect(alertEventFor({ status: "PARTIAL", rowsRead: 100, rowsRejected: 11 }, email)).toBe(
      "run.rejected_share_exceeded",
    );
  });

  test("never without a webhook or an address; no share threshold means failures only", () => {
    expect(
      alertEventFor(
        { status: "FAILED", rowsRead: 5, rowsRejected: 5 },
        { alertWebhookSealed: null, alertEmails: [], alertRejectedShare: 0 },
      ),
    ).toBeNull();
    expect(
      alertEventFor(
        { status: "PARTIAL", rowsRead: 5, rowsRejected: 5 },
        { alertWebhookSealed: hook.alertWebhookSealed, alertEmails: [], alertRejectedShare: null },
      ),
    ).toBeNull();
  });
});
