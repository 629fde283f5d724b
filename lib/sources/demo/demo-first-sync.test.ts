import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { convertRow, suggestMapping } from "@/lib/conversions";
import { generateDemoConversions } from "./generate-demo-conversions";

/**
 * The built-in demo's first sync as a new user runs it: 3,000 rows, the suggested mapping, no
 * default phone country chosen. Only rows that are really unusable may come out invalid.
 */
const rows = generateDemoConversions({ rows: 3_000, endAt: new Date("2026-12-01T00:00:00Z") });
const mapping = suggestMapping(Object.keys(rows[0]!));
const results = rows.map((row) => ({
  row,
  result: convertRow(mapping, { eventId: "o87ne", pixelId: "o8z6j" }, { ...row }),
}));
const phoneIsValid = (row: (typeof rows)[number]) =>
  row.phone !== null &&
  (parsePhoneNumberFromString(row.phone, { defaultCountry: row.country as CountryCode })?.isValid() ?? false);
const emailIsUsable = (row: (typeof rows)[number]) =>
  row.email !== null && /^[^\s@]+@[^\s@]+\.[^\s@]+$|^[0-9a-f]{64}$/i.test(row.email.trim());
const hasNoIdentifier = (row: (typeof rows)[number]) =>
  row.twclid === null && !emailIsUsable(row) && !phoneIsValid(row);
const reasonCodes = (result: (typeof results)[number]["result"]) =>
  result.status === "invalid" ? result.reasons.map((reason) => reason.code) : [];

describe("the demo's first sync with the suggested mapping", () => {
  it("reads each row's phone in the row's own country", () => {
    expect(mapping.options.phoneCountryColumn).toBe("country");
    expect(mapping.options.defaultPhoneCountry).toBeNull();
  });

  it("has no 'identifier missing' row whose phone is valid in its country", () => {
    const missing = results
      .filter(({ result }) => reasonCodes(result).includes("identifier_missing"))
      .map(({ row }) => row);
    expect(missing.filter(phoneIsValid)).toEqual([]);
    // Exactly the rows with no twclid, no usable email and no valid phone: a couple of dozen, not 126.
    expect(missing.map((row) => row.order_id)).toEqual(rows.filter(hasNoIdentifier).map((row) => row.order_id));
    expect(missing.length).toBeLessThan(30);
  });

  it("marks invalid only the rows that are deliberately bad", () => {
    const invalid = results.filter(({ result }) => result.status === "invalid").map(({ row }) => row.order_id);
    const reallyBad = rows.filter((row) => row.ordered_at === null || hasNoIdentifier(row)).map((row) => row.order_id);
    expect(invalid).toEqual(reallyBad);
    expect(
      results.filter(({ result }) => result.warnings.some((warning) => warning.code === "phone_country_missing")),
    ).toEqual([]);
  });
});
