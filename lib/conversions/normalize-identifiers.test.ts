import { describe, expect, it } from "vitest";
import { sha256Hex } from "./hash";
import {
  normalizeDigest,
  normalizeEmail,
  normalizeIpAddress,
  normalizePhone,
  normalizePlain,
} from "./normalize-identifiers";
import { parsePhoneCountry } from "./phone-country";

const on = { hashing: true, defaultPhoneCountry: "US" };
const off = { hashing: false, defaultPhoneCountry: "US" };
const digest = "D360D510A224510F373931CE2D6215A799F5A9C1CEF221B0149B6B6B50CCED62";

describe("normalizeEmail", () => {
  it("trims and lower-cases, nothing else (dots and +tags are kept)", () => {
    expect(normalizeEmail(" First.Last+Promo@Gmail.com ", on)).toEqual({
      kind: "value",
      value: sha256Hex("first.last+promo@gmail.com"),
    });
  });

  it("passes an existing digest through lower-cased instead of hashing it again", () => {
    expect(normalizeEmail(digest, on)).toEqual({ kind: "value", value: digest.toLowerCase() });
    expect(normalizeEmail(` ${digest} `, on)).toEqual({ kind: "value", value: digest.toLowerCase() });
  });

  it("treats empty and whitespace as absent", () => {
    expect(normalizeEmail("", on)).toEqual({ kind: "empty" });
    expect(normalizeEmail("   ", on)).toEqual({ kind: "empty" });
    expect(normalizeEmail(null, on)).toEqual({ kind: "empty" });
  });

  it("drops values that cannot be an email, with a message that does not quote them", () => {
    const result = normalizeEmail("jane doe", on);
    expect(result).toMatchObject({ kind: "dropped", code: "email_invalid" });
    expect(JSON.stringify(result)).not.toContain("jane");
  });

  it("with hashing off, accepts only digests", () => {
    expect(normalizeEmail(digest, off)).toEqual({ kind: "value", value: digest.toLowerCase() });
    expect(normalizeEmail("jane@example.com", off)).toMatchObject({ kind: "error", code: "email_not_hashed" });
  });
});

describe("normalizePhone", () => {
  it("formats national numbers with the default country to E.164 before hashing", () => {
    expect(normalizePhone("(415) 555-2671", on)).toEqual({ kind: "value", value: sha256Hex("+14155552671") });
    expect(normalizePhone("415.555.2671", on)).toEqual({ kind: "value", value: sha256Hex("+14155552671") });
    expect(normalizePhone("020 7946 0958", { hashing: true, defaultPhoneCountry: "GB" })).toEqual({
      kind: "value",
      value: sha256Hex("+442079460958"),
    });
  });

  it("keeps the country of an international number whatever the default", () => {
    expect(normalizePhone("+44 20 7946 0958", on)).toEqual({ kind: "value", value: sha256Hex("+442079460958") });
    expect(normalizePhone("00 33 6 12 34 56 78", { hashing: true, defaultPhoneCountry: "FR" })).toEqual({
      kind: "value",
      value: sha256Hex("+33612345678"),
    });
  });

  it("accepts numbers from a numeric database column", () => {
    expect(normalizePhone(4155552671, on)).toEqual({ kind: "value", value: sha256Hex("+14155552671") });
  });

  it("drops invalid numbers with a warning and never hashes them as-is", () => {
    for (const bad of ["12345", "+1 123 456 7890", "not a phone", "07700 900074"]) {
      const result = normalizePhone(bad, on);
      expect(result).toMatchObject({ kind: "dropped", code: "phone_invalid" });
      expect(JSON.stringify(result)).not.toContain(bad);
    }
  });

  it("cannot read a national number without a country, and says so", () => {
    const result = normalizePhone("(415) 555-2671", { hashing: true, defaultPhoneCountry: null });
    expect(result).toEqual({
      kind: "dropped",
      code: "phone_country_missing",
      message:
        "is a national number and there is no country for this row (no +country code, no default phone country); left out of the identifiers",
    });
    const unrecognized = normalizePhone(
      "(415) 555-2671",
      { hashing: true, defaultPhoneCountry: null },
      parsePhoneCountry("Atlantis"),
    );
    expect(unrecognized).toMatchObject({ kind: "dropped", code: "phone_country_missing" });
    expect(unrecognized.kind === "dropped" && unrecognized.message).toContain("this row's country is not recognized");
    // An international number needs no country; a broken one is simply invalid.
    expect(normalizePhone("+1 (555)", { hashing: true, defaultPhoneCountry: null })).toMatchObject({
      kind: "dropped",
      code: "phone_invalid",
    });
  });

  it("reads a national number in the row's country before the default one", () => {
    const none = { hashing: true, defaultPhoneCountry: null };
    expect(normalizePhone("020 7946 0958", none, parsePhoneCountry("GB"))).toEqual({
      kind: "value",
      value: sha256Hex("+442079460958"),
    });
    expect(normalizePhone("020 7946 0958", on, parsePhoneCountry("United Kingdom"))).toEqual({
      kind: "value",
      value: sha256Hex("+442079460958"),
    });
    expect(normalizePhone("020 7946 0958", none, parsePhoneCountry("+44"))).toEqual({
      kind: "value",
      value: sha256Hex("+442079460958"),
    });
    expect(normalizePhone("(206) 555-0158", none, parsePhoneCountry("us"))).toEqual({
      kind: "value",
      value: sha256Hex("+12065550158"),
    });
    // An empty or unrecognized row country falls back to the default.
    expect(normalizePhone("(206) 555-0158", on, parsePhoneCountry(""))).toEqual({
      kind: "value",
      value: sha256Hex("+12065550158"),
    });
    expect(normalizePhone("(206) 555-0158", on, parsePhoneCountry("Atlantis"))).toEqual({
      kind: "value",
      value: sha256Hex("+12065550158"),
    });
    // A + number keeps its own country whatever the row says.
    expect(normalizePhone("+44 20 7946 0958", none, parsePhoneCountry("US"))).toEqual({
      kind: "value",
      value: sha256Hex("+442079460958"),
    });
  });

  it("passes digests through and, with hashing off, accepts only digests", () => {
    expect(normalizePhone(digest, on)).toEqual({ kind: "value", value: digest.toLowerCase() });
    expect(normalizePhone(digest, off)).toEqual({ kind: "value", value: digest.toLowerCase() });
    expect(normalizePhone("+14155552671", off)).toMatchObject({ kind: "error", code: "phone_not_hashed" });
  });
});

describe("normalizeDigest (columns mapped to hashed_email / hashed_phone_number)", () => {
  it("lower-cases digests and refuses anything else", () => {
    expect(normalizeDigest(digest)).toEqual({ kind: "value", value: digest.toLowerCase() });
    const plain = normalizeDigest("jane@example.com");
    expect(plain).toMatchObject({ kind: "error", code: "not_sha256" });
    expect(JSON.stringify(plain)).not.toContain("jane");
  });
});

describe("twclid, user agent, IP", () => {
  it("trims and never hashes twclid and user agent", () => {
    expect(normalizePlain("  23opevjt88psuo13lu8d020qkn ")).toEqual({
      kind: "value",
      value: "23opevjt88psuo13lu8d020qkn",
    });
    expect(normalizePlain(" Mozilla/5.0 (X11) ")).toEqual({ kind: "value", value: "Mozilla/5.0 (X11)" });
    expect(normalizePlain("")).toEqual({ kind: "empty" });
  });

  it("trims and validates IP addresses, v4 and v6, without hashing", () => {
    expect(normalizeIpAddress(" 8.25.197.25 ")).toEqual({ kind: "value", value: "8.25.197.25" });
    expect(normalizeIpAddress("2001:db8::1")).toEqual({ kind: "value", value: "2001:db8::1" });
    expect(normalizeIpAddress("999.1.1.1")).toMatchObject({ kind: "dropped", code: "ip_address_invalid" });
  });
});
