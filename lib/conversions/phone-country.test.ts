import { describe, expect, it } from "vitest";
import { parsePhoneCountry } from "./phone-country";

const country = (code: string) => ({ kind: "value", value: { kind: "country", country: code } });
const callingCode = (code: string) => ({ kind: "value", value: { kind: "calling_code", callingCode: code } });

describe("parsePhoneCountry", () => {
  it("reads ISO 3166 alpha-2 codes in any case, and UK as GB", () => {
    expect(parsePhoneCountry("GB")).toEqual(country("GB"));
    expect(parsePhoneCountry(" de ")).toEqual(country("DE"));
    expect(parsePhoneCountry("UK")).toEqual(country("GB"));
  });

  it("reads English country names as exports write them", () => {
    const names: Array<[string, string]> = [
      ["United Kingdom", "GB"],
      ["united states", "US"],
      ["United States of America", "US"],
      ["USA", "US"],
      ["Germany", "DE"],
      ["France", "FR"],
      ["Japan", "JP"],
      ["Brazil", "BR"],
      ["Australia", "AU"],
      ["The Netherlands", "NL"],
      ["Côte d’Ivoire", "CI"],
      ["South Korea", "KR"],
      ["Bosnia & Herzegovina", "BA"],
      ["England", "GB"],
      ["Russia", "RU"],
    ];
    for (const [name, code] of names) expect(parsePhoneCountry(name), name).toEqual(country(code));
  });

  it("reads calling codes with or without + or 00, as text or numbers", () => {
    expect(parsePhoneCountry("+44")).toEqual(callingCode("44"));
    expect(parsePhoneCountry("0049")).toEqual(callingCode("49"));
    expect(parsePhoneCountry("1")).toEqual(callingCode("1"));
    expect(parsePhoneCountry(81)).toEqual(callingCode("81"));
  });

  it("refuses what is none of these, without quoting it", () => {
    for (const bad of ["Atlantis", "XX", "+999", "0", "Deutschland"]) {
      const result = parsePhoneCountry(bad);
      expect(result, bad).toMatchObject({ kind: "error", code: "phone_country_unrecognized" });
      expect(JSON.stringify(result)).not.toContain(bad);
    }
  });

  it("treats an empty cell as no country", () => {
    expect(parsePhoneCountry("")).toEqual({ kind: "empty" });
    expect(parsePhoneCountry(null)).toEqual({ kind: "empty" });
  });
});
