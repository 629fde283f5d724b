import { describe, expect, it } from "vitest";
import { displaySourceValue, isSensitiveColumnName } from "./mask-source-value";

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

  it("shortens digests and renders dates and objects", () => {
    const digest = "d360d510a224510f373931ce2d6215a799f5a9c1cef221b0149b6b6b50cced62";
    expect(displaySourceValue(digest, true)).toBe("d360d510a2… (SHA-256)");
    expect(displaySourceValue(new Date("2026-01-02T03:04:05Z"), false)).toBe("2026-01-02T03:04:05.000Z");
    expect(displaySourceValue({ a: 1 }, false)).toBe('{"a":1}');
  });

  it("recognises identifier-like column names", () => {
    expect(isSensitiveColumnName("customer_email")).toBe(true);
    expect(isSensitiveColumnName("phone_number")).toBe(true);
    expect(isSensitiveColumnName("order_id")).toBe(false);
    expect(isSensitiveColumnName("hotel")).toBe(false);
  });
});
