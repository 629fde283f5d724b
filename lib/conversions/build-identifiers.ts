import type { SourceValue } from "@/lib/sources/types";
import type { ScalarFieldKey } from "./field-catalog";
import {
  normalizeDigest,
  normalizeEmail,
  normalizeIpAddress,
  normalizePhone,
  normalizePlain,
  type IdentifierOptions,
  type Normalized,
} from "./normalize-identifiers";
import type { PhoneCountry } from "./phone-country";
import { normalizeTwclid } from "./twclid";
import type { Parsed, ConversionIssue, XIdentifier } from "./types";

export interface IdentifiersResult {
  identifiers: XIdentifier[];
  reasons: ConversionIssue[];
  warnings: ConversionIssue[];
}

type Cells = Partial<Record<ScalarFieldKey, SourceValue>>;

export const IDENTIFIER_MISSING = "needs a twclid, email or phone (an IP address and user agent alone are not enough)";

const LABELS: Record<string, string> = {
  twclid: "twclid",
  email: "email",
  hashed_email: "hashed email",
  phone: "phone",
  hashed_phone_number: "hashed phone",
  ip_address: "IP address",
  user_agent: "user agent",
};

/**
 * Builds `identifiers` in X's shape: one object per twclid / hashed_email / hashed_phone_number,
 * and ip_address with user_agent together in one object, as every X example does. The contract:
 * at least one strong identifier (twclid, hashed email, hashed phone). IP and user agent are only
 * sent next to one; alone they give X's "At least one user identifier must be provided" (or, at
 * best, a conversion X's guide says not to send).
 */
export function buildIdentifiers(
  cells: Cells,
  options: IdentifierOptions,
  phoneCountry?: Parsed<PhoneCountry>,
): IdentifiersResult {
  const reasons: ConversionIssue[] = [];
  const warnings: ConversionIssue[] = [];
  const take = (key: ScalarFieldKey, path: string, outcome: Normalized): string | undefined => {
    const field = `identifiers.${path}`;
    const label = LABELS[key] ?? key;
    if (outcome.kind === "value") return outcome.value;
    if (outcome.kind === "error") reasons.push({ field, code: outcome.code, message: `${label} ${outcome.message}` });
    if (outcome.kind === "dropped")
      warnings.push({ field, code: outcome.code, message: `${label} ${outcome.message}` });
    return undefined;
  };

  const twclid = take("twclid", "twclid", normalizeTwclid(cells.twclid));
  const emails = unique([
    take("email", "hashed_email", normalizeEmail(cells.email, options)),
    take("hashed_email", "hashed_email", normalizeDigest(cells.hashed_email)),
  ]);
  const phones = unique([
    take("phone", "hashed_phone_number", normalizePhone(cells.phone, options, phoneCountry)),
    take("hashed_phone_number", "hashed_phone_number", normalizeDigest(cells.hashed_phone_number)),
  ]);
  const ipAddress = take("ip_address", "ip_address", normalizeIpAddress(cells.ip_address));
  const userAgent = take("user_agent", "user_agent", normalizePlain(cells.user_agent));

  const identifiers: XIdentifier[] = [];
  if (twclid !== undefined) identifiers.push({ twclid });
  for (const hashed_email of emails) identifiers.push({ hashed_email });
  for (const hashed_phone_number of phones) identifiers.push({ hashed_phone_number });

  if (identifiers.length === 0) {
    // One text for the code, whatever else the row has: the label and the message must agree.
    reasons.push({ field: "identifiers", code: "identifier_missing", message: IDENTIFIER_MISSING });
    return { identifiers: [], reasons, warnings };
  }
  if (ipAddress !== undefined || userAgent !== undefined) {
    identifiers.push({
      ...(ipAddress !== undefined ? { ip_address: ipAddress } : {}),
      ...(userAgent !== undefined ? { user_agent: userAgent } : {}),
    });
  }
  return { identifiers, reasons, warnings };
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}
