import { describe, expect, it } from "vitest";
import { displaySourceValue, isSensitiveColumnName, maskedIdentifier } from "./mask-source-value";

describe("displaySourceValue", () => {
  it("masks emails and phones in sensitive columns, keeping only a hint", () => {
    expect(displaySourceValue("  Jane.Doe@Example.com ", true)).toBe("J•••@E•••.com");
    expect(displaySourceValue("(415) 555-0123", true)).toBe("•••• 23");
    expect(displaySourceValue("n/a", true)).toBe("•••");
    expect(displaySourceValue(null, true)).toBe("");
  });

  it("masks email- and phone-shaped values even in columns not known to hold them", () => {
    expect(displaySourceValue("john@example.org", false)).toBe("j•••@e•••.org");
    expect(displaySourceValue("+44 20 7946 0123", false)).toBe("•••• 23");
    // Order numbers and amounts are left alone.
    expect(displaySourceValue("ORD-100007", false)).toBe("ORD-100007");
    expect(displaySourceValue(1234567890, false)).toBe("1234567890");
    expect(displaySourceValue("12.50", false)).toBe("12.50");
  });

  it("masks IP addresses, in either family, in any column", () => {
    expect(displaySourceValue("203.0.113.7", false)).toBe("•••.•••.•••.7");
    expect(displaySourceValue("10.0.0.1", false)).toBe("•••.•••.•••.1");
    expect(displaySourceValue(" 2001:db8::8a2e:370:7334 ", false)).toBe("••••:…:7334");
    expect(displaySourceValue("::ffff:192.0.2.1", false)).toBe("••••:…:1");
    expect(displaySourceValue("198.51.100.23", true)).toBe("•••.•••.•••.23");
    // A version number is not an address.
    expect(displaySourceValue("1.2.3", false)).toBe("1.2.3");
    expect(displaySourceValue("v1.2.3.4", false)).toBe("v1.2.3.4");
  });

  it("masks e-mails inside longer text and JSON, and never shows a raw identifier in any of its forms", () => {
    expect(displaySourceValue("Call back jane.doe@example.com today", false)).toBe("Call back j•••@e•••.com today");
    expect(displaySourceValue({ customer: { email: "Bo@Shop.example.org" } }, false)).toBe(
      '{"customer":{"email":"B•••@S•••.org"}}',
    );
    const raw = [
      "jane.doe@example.com",
      "+1 415 555 0123",
      "(415) 555-0123",
      "203.0.113.77",
      "2001:db8:85a3::8a2e:370:7334",
    ];
    for (const value of raw) {
      for (const sensitive of [true, false]) {
        const shown = displaySourceValue(value, sensitive);
        expect(shown, `${value} ${sensitive}`).not.toContain(value);
        expect(maskedIdentifier(value, sensitive), `${value} ${sensitive}`).toBe(shown);
      }
    }
  });

  it("leaves cells that are no identifier to the caller", () => {
    expect(maskedIdentifier("ORD-100007", false)).toBeNull();
    expect(maskedIdentifier(12.5, false)).toBeNull();
    expect(maskedIdentifier(null, true)).toBeNull();
    expect(maskedIdentifier(new Date("2026-01-02T03:04:05Z"), true)).toBeNull();
    expect(maskedIdentifier("d360d510a224510f373931ce2d6215a799f5a9c1cef221b0149b6b6b50cced62", true)).toBeNull();
    expect(maskedIdentifier({ a: 1 }, true)).toBe("•••");
    expect(maskedIdentifier("  ", true)).toBe("");
  });

  it("shortens digests and renders dates and objects", () => {
    const digest = "d360d510a224510f373931ce2d6215a799f5a9c1cef221b0149b6b6b50cced62";
    expect(displaySourceValue(digest, true)).toBe("d360d510a2… (SHA-256)");
    expect(displaySourceValue(new Date("2026-01-02T03:04:05Z"), false)).toBe("2026-01-02T03:04:05.000Z");
    expect(displaySourceValue({ a: 1 }, false)).toBe('{"a":1}');
  });

  it("recognises identifier-like column names", () => {
    expect(isSensitiveColumnName("customer_email")).toBe(true);
    expect(isSensitiveColumnName("phone_number")).toBe(true);
    for (const name of ["ip", "ip_address", "ipaddress", "client_ip", "remote_addr", "ipv6"])
      expect(isSensitiveColumnName(name), name).toBe(true);
    for (const name of ["zip", "ship_to", "tip_amount"]) expect(isSensitiveColumnName(name), name).toBe(false);
    expect(isSensitiveColumnName("order_id")).toBe(false);
    expect(isSensitiveColumnName("hotel")).toBe(false);
  });
});
