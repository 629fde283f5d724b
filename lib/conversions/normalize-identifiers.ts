import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import type { SourceValue } from "@/lib/sources/types";
import { cellToText } from "./cell-text";
import { isSha256Hex, sha256Hex } from "./hash";
import { isIpAddress } from "./ip-address";
import type { PhoneCountry } from "./phone-country";
import type { ConversionProblemCode } from "./problem-codes";
import { parsedError, parsedValue, type Parsed } from "./types";

/**
 * Identifier normalization exactly as x-ads-api.md §2 says. Outcomes:
 *  - value: what goes into `identifiers`;
 *  - empty: nothing to send;
 *  - dropped: unusable, left out of this row's identifiers with a warning (the row may still go);
 *  - error: the row must not be sent (e.g. a "hashed" column holding plain text, which X would
 *    reject for the whole batch and which may be a raw email).
 * Messages never quote the value.
 */
export type Normalized = Parsed<string> | { kind: "dropped"; code: ConversionProblemCode; message: string };

export interface IdentifierOptions {
  hashing: boolean;
  defaultPhoneCountry: string | null;
}

const dropped = (code: ConversionProblemCode, message: string): Normalized => ({ kind: "dropped", code, message });

// Deliberately loose: X documents no email rule beyond trim + lowercase, and rewriting or
// second-guessing addresses changes the hash. This only filters values that cannot be an email
// at all ("n/a", "-", a name), which would hash to something that never matches anyone.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Email: trim, lowercase, SHA-256. An existing digest passes through lower-cased. */
export function normalizeEmail(cell: SourceValue | undefined, options: IdentifierOptions): Normalized {
  const text = cellToText(cell);
  if (text.kind !== "value") return text;
  if (isSha256Hex(text.value)) return parsedValue(text.value.toLowerCase());
  if (!options.hashing)
    return parsedError("email_not_hashed", "must already be a SHA-256 hex digest because hashing is off");
  const email = text.value.toLowerCase();
  if (!EMAIL_SHAPE.test(email)) return dropped("email_invalid", "is not an email address; left out of the identifiers");
  return parsedValue(sha256Hex(email));
}

/**
 * Phone: E.164 via libphonenumber-js, then SHA-256. A national number is read in the row's own
 * country (from the mapped country column) or else the default phone country. A number that
 * cannot be made E.164 is dropped, never hashed as-is: a hash of "(415) 555-2671" matches no one
 * and hides the mistake.
 */
export function normalizePhone(
  cell: SourceValue | undefined,
  options: IdentifierOptions,
  rowCountry?: Parsed<PhoneCountry>,
): Normalized {
  const text = cellToText(cell);
  if (text.kind !== "value") return text;
  if (isSha256Hex(text.value)) return parsedValue(text.value.toLowerCase());
  if (!options.hashing)
    return parsedError("phone_not_hashed", "must already be a SHA-256 hex digest because hashing is off");
  const country: PhoneCountry | undefined =
    rowCountry?.kind === "value"
      ? rowCountry.value
      : options.defaultPhoneCountry
        ? { kind: "country", country: options.defaultPhoneCountry as CountryCode }
        : undefined;
  const phone = parsePhoneNumberFromString(
    text.value,
    country === undefined
      ? undefined
      : country.kind === "country"
        ? { defaultCountry: country.country }
        : { defaultCallingCode: country.callingCode },
  );
  if (phone?.isValid()) return parsedValue(sha256Hex(phone.number));
  if (country === undefined && !isInternational(text.value)) {
    const why =
      rowCountry?.kind === "error" ? "this row's country is not recognized" : "there is no country for this row";
    return dropped(
      "phone_country_missing",
      `is a national number and ${why} (no +country code, no default phone country); left out of the identifiers`,
    );
  }
  return dropped("phone_invalid", "is not a valid phone number; left out of the identifiers");
}

function isInternational(text: string): boolean {
  return /^\s*(?:\+|00)/.test(text);
}

/** A column mapped straight to hashed_email / hashed_phone_number must hold digests. */
export function normalizeDigest(cell: SourceValue | undefined): Normalized {
  const text = cellToText(cell);
  if (text.kind !== "value") return text;
  if (isSha256Hex(text.value)) return parsedValue(text.value.toLowerCase());
  return parsedError("not_sha256", "is not a SHA-256 hex digest (64 hex characters)");
}

/** twclid and user_agent: trimmed, never hashed (X matches them as they are). */
export function normalizePlain(cell: SourceValue | undefined): Normalized {
  return cellToText(cell);
}

/** IP address: trimmed, never hashed, v4 or v6. An invalid one is dropped with a warning. */
export function normalizeIpAddress(cell: SourceValue | undefined): Normalized {
  const text = cellToText(cell);
  if (text.kind !== "value") return text;
  return isIpAddress(text.value)
    ? text
    : dropped("ip_address_invalid", "is not an IPv4 or IPv6 address; left out of the identifiers");
}
