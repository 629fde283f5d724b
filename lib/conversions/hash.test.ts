import { describe, expect, it } from "vitest";
import { isSha256Hex, sha256Hex } from "./hash";
import { normalizeEmail, normalizePhone } from "./normalize-identifiers";

const on = { hashing: true, defaultPhoneCountry: null };

// x-ads-api.md §2 test vectors, verified there with sha256sum.
describe("SHA-256 test vectors", () => {
  it("hashes the documented emails", () => {
    expect(sha256Hex("test@twitter.com")).toBe("d360d510a224510f373931ce2d6215a799f5a9c1cef221b0149b6b6b50cced62");
    expect(sha256Hex("test@x.com")).toBe("5806dc6b2f04fb728708a8f7b81c14edcd4fba36f77914cf0c9368d9a3a25f76");
    expect(sha256Hex("test-email@test.com")).toBe("e586883b2b4faf78d48300a79e0e15138d664cdf796ffb86e533170a9893eda8");
  });

  it("hashes the documented E.164 phone, and the + matters", () => {
    expect(sha256Hex("+11234567890")).toBe("1fa6b8d986d9b9cd01bf36951815158bbde9f520c0567c835dfe34783d0a4231");
    expect(sha256Hex("11234567890")).not.toBe("1fa6b8d986d9b9cd01bf36951815158bbde9f520c0567c835dfe34783d0a4231");
  });

  it("does not reproduce the doc bug: test@x.com is not d360d5… (that is test@twitter.com)", () => {
    const result = normalizeEmail("test@x.com", on);
    expect(result).toEqual({
      kind: "value",
      value: "5806dc6b2f04fb728708a8f7b81c14edcd4fba36f77914cf0c9368d9a3a25f76",
    });
    expect(result).not.toEqual({
      kind: "value",
      value: "d360d510a224510f373931ce2d6215a799f5a9c1cef221b0149b6b6b50cced62",
    });
  });

  it("normalizes before hashing so messy input meets the vectors", () => {
    expect(normalizeEmail("  Test@Twitter.COM \t", on)).toEqual({
      kind: "value",
      value: "d360d510a224510f373931ce2d6215a799f5a9c1cef221b0149b6b6b50cced62",
    });
    // +1 123 456 7890 is not a valid NANP number (area code 123), so the phone path drops it;
    // the vector is checked through a valid number's E.164 instead.
    expect(normalizePhone("(415) 555-2671", { hashing: true, defaultPhoneCountry: "US" })).toEqual({
      kind: "value",
      value: sha256Hex("+14155552671"),
    });
  });
});

describe("isSha256Hex", () => {
  it("accepts 64 hex characters in either case only", () => {
    expect(isSha256Hex("a".repeat(64))).toBe(true);
    expect(isSha256Hex("ABCDEF0123456789".repeat(4))).toBe(true);
    expect(isSha256Hex("a".repeat(63))).toBe(false);
    expect(isSha256Hex("a".repeat(65))).toBe(false);
    expect(isSha256Hex(`${"a".repeat(63)}g`)).toBe(false);
    expect(isSha256Hex(` ${"a".repeat(64)}`)).toBe(false);
  });
});
