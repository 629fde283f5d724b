import { describe, expect, it } from "vitest";
import { alertWebhookHint, checkAlertWebhookUrl, describeAlerts, formatShare } from "./alert-webhook";

describe("alert webhook URLs", () => {
  it("takes https anywhere and plain http only to this machine", () => {
    expect(checkAlertWebhookUrl("https://hooks.slack.com/services/T000/B000/XXXX")).toEqual({
      ok: true,
      url: "https://hooks.slack.com/services/T000/B000/XXXX",
    });
    expect(checkAlertWebhookUrl("HTTPS://Hooks.Example.com:8443/a?b=c")).toEqual({
      ok: true,
      url: "https://hooks.example.com:8443/a?b=c",
    });
    for (const local of [
      "http://localhost:9000/hook",
      "http://127.0.0.1/hook",
      "http://127.1.2.3/x",
      "http://[::1]:80/x",
    ])
      expect(checkAlertWebhookUrl(local).ok, local).toBe(true);
    for (const refused of [
      "http://hooks.example.com/x",
      "ftp://hooks.example.com/x",
      "javascript:alert(1)",
      "file:///etc/passwd",
      "http://localhost.example.com/x",
    ]) {
      expect(checkAlertWebhookUrl(refused), refused).toMatchObject({
        ok: false,
        message: expect.stringMatching(/https:\/\//),
      });
    }
  });

  it("refuses what is not a whole URL, credentials in it and fragments", () => {
    expect(checkAlertWebhookUrl("hooks.slack.com/services/x")).toEqual({
      ok: false,
      message: "Enter the webhook's full URL, starting with https://.",
    });
    expect(checkAlertWebhookUrl("")).toMatchObject({ ok: false });
    expect(checkAlertWebhookUrl("https://user:pass@hooks.example.com/x")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/user name and password/),
    });
    expect(checkAlertWebhookUrl("https://hooks.example.com/x#frag")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/#/),
    });
  });

  it("shows only the origin and the last four characters", () => {
    expect(alertWebhookHint("https://hooks.slack.com/services/T000/B000/abcdefgh9xQz")).toBe(
      "https://hooks.slack.com/…9xQz",
    );
    expect(alertWebhookHint("https://hooks.example.com:8443/h?token=secret")).toBe(
      "https://hooks.example.com:8443/…cret",
    );
    // A secret in the host name, or a short secret at the end, is not shown.
    expect(alertWebhookHint("https://eo1abcd2efgh3ij.m.pipedream.net/")).toBe("https://eo1….m.pipedream.net/…");
    expect(alertWebhookHint("https://h.example/?k=abcd")).toBe("https://h.example/…");
    // Saved URLs are normalized first, so what is cut is ASCII (an emoji is percent-encoded).
    const checked = checkAlertWebhookUrl("https://h.example/ab😀");
    expect(checked.ok && alertWebhookHint(checked.url)).toBe("https://h.example/…8%80");
  });

  it("describes which runs alert", () => {
    expect(describeAlerts({ webhookHint: null, rejectedShare: 0.05 })).toBe("No alerts");
    expect(describeAlerts({ webhookHint: null, emails: ["ops@example.com"], rejectedShare: null })).toBe("Failed runs");
    expect(describeAlerts({ webhookHint: "https://h.example/…abcd", rejectedShare: null })).toBe("Failed runs");
    expect(describeAlerts({ webhookHint: "https://h.example/…abcd", rejectedShare: 0.025 })).toBe(
      "Failed runs, and runs where X rejects more than 2.5% of the rows read",
    );
    expect(formatShare(0.0007)).toBe("0.07%");
    expect(formatShare(1)).toBe("100%");
  });
});
