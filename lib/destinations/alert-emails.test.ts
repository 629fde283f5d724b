import { expect, test } from "vitest";
import { parseAlertEmails } from "./alert-emails";

test("alert addresses: separated by commas, semicolons or spaces, checked, duplicates dropped", () => {
  expect(parseAlertEmails("")).toEqual({ ok: true, emails: [] });
  expect(parseAlertEmails(" ops@example.com,marketing@example.com ;  OPS@example.com\nsales@example.co.uk ")).toEqual({
    ok: true,
    emails: ["ops@example.com", "marketing@example.com", "sales@example.co.uk"],
  });
  expect(parseAlertEmails("ops@example.com, not-an-address")).toEqual({
    ok: false,
    message: "“not-an-address” is not an e-mail address. Separate addresses with commas.",
  });
  const eleven = Array.from({ length: 11 }, (_, i) => `person${i}@example.com`).join(", ");
  expect(parseAlertEmails(eleven)).toEqual({ ok: false, message: "Up to 10 addresses; use a mailing list for more." });
});
