import { getCountries, getCountryCallingCode, isSupportedCountry, type CountryCode } from "libphonenumber-js";
import type { SourceValue } from "@/lib/sources/types";
import { cellToText } from "./cell-text";
import { parsedError, parsedValue, type Parsed } from "./types";

/** The country a row's national phone number is read in: an ISO country or only a calling code. */
export type PhoneCountry = { kind: "country"; country: CountryCode } | { kind: "calling_code"; callingCode: string };

// Spellings exports use that are not the English short name Intl gives (which are all accepted).
const ALIASES: Record<string, CountryCode> = {
  uk: "GB",
  "great britain": "GB",
  britain: "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  "united kingdom of great britain and northern ireland": "GB",
  usa: "US",
  "u s a": "US",
  "u s": "US",
  america: "US",
  "united states of america": "US",
  "south korea": "KR",
  "republic of korea": "KR",
  korea: "KR",
  "north korea": "KP",
  russia: "RU",
  "russian federation": "RU",
  "czech republic": "CZ",
  holland: "NL",
  netherlands: "NL",
  uae: "AE",
  "viet nam": "VN",
  "ivory coast": "CI",
  "cote d ivoire": "CI",
  turkey: "TR",
  turkiye: "TR",
  "hong kong sar china": "HK",
  macau: "MO",
  "macao sar china": "MO",
  "mainland china": "CN",
  "people s republic of china": "CN",
  "republic of ireland": "IE",
  swaziland: "SZ",
  burma: "MM",
  "cape verde": "CV",
  "east timor": "TL",
};

let namesIndex: Map<string, CountryCode> | undefined;

function countryNames(): Map<string, CountryCode> {
  if (namesIndex) return namesIndex;
  const display = new Intl.DisplayNames(["en"], { type: "region" });
  const index = new Map<string, CountryCode>();
  for (const code of getCountries()) {
    const name = display.of(code);
    if (name) index.set(foldName(name), code);
  }
  for (const [alias, code] of Object.entries(ALIASES)) index.set(alias, code);
  namesIndex = index;
  return index;
}

/** "Côte d’Ivoire" → "cote d ivoire", "The Netherlands" → "netherlands". */
function foldName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^the /, "");
}

const CALLING_CODE = /^(?:\+|00)?\s*(\d{1,3})$/;

function isCallingCode(code: string): boolean {
  return getCountries().some((country) => getCountryCallingCode(country) === code);
}

/**
 * A row's phone country as exports write it: ISO 3166 alpha-2 ("GB", "gb"; "UK" too), an English
 * country name ("United Kingdom", "Deutschland" is not one), or a calling code ("44", "+44").
 * Messages never quote the cell.
 */
export function parsePhoneCountry(cell: SourceValue | undefined): Parsed<PhoneCountry> {
  const text = cellToText(cell);
  if (text.kind !== "value") return text;
  const raw = text.value.trim();
  const calling = typeof cell === "number" ? String(cell) : CALLING_CODE.exec(raw)?.[1];
  if (calling !== undefined) {
    return isCallingCode(calling) ? parsedValue({ kind: "calling_code", callingCode: calling }) : unrecognized();
  }
  if (/^[A-Za-z]{2}$/.test(raw)) {
    const code = raw.toUpperCase() === "UK" ? "GB" : raw.toUpperCase();
    return isSupportedCountry(code) ? parsedValue({ kind: "country", country: code }) : unrecognized();
  }
  const named = countryNames().get(foldName(raw));
  return named ? parsedValue({ kind: "country", country: named }) : unrecognized();
}

function unrecognized(): Parsed<never> {
  return parsedError(
    "phone_country_unrecognized",
    "is not an ISO country code, an English country name or a calling code",
  );
}
