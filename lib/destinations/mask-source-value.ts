import { isIpAddress } from "@/lib/conversions/ip-address";
import type { SourceValue } from "@/lib/sources/types";

/**
 * Source cells as pages show them: the wizard's preview and mapping table, and the source page's
 * sample rows. E-mails, phone numbers and IP addresses are masked wherever they appear (a mapped
 * column, a column named like one, or a value shaped like one; e-mails also inside longer text and
 * JSON), so the page's HTML never carries a raw identifier; hashed values are what X receives.
 */
const SENSITIVE_NAME =
  /(^|_)(e_?mail|mail|phone|mobile|tel|telephone|cell|msisdn|contact|ip|ip_?addr|ip_?address|ipv4|ipv6|remote_?addr|client_?ip)(_|$)/;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;
// An e-mail inside longer text or JSON: local part and a dotted domain, without the quotes,
// brackets and separators around it.
const EMAIL_IN_TEXT = /[^\s@"'<>()[\]{},;:\\]+@[^\s@"'<>()[\]{},;:\\]+\.[^\s@"'<>()[\]{},;:\\]+/g;
const PHONE_SHAPE = /^\+?[\d\s().\-/]{7,24}$/;
const DIGEST = /^[a-fA-F0-9]{64}$/;
const MAX_SHOWN = 80;

export function isSensitiveColumnName(normalizedName: string): boolean {
  return SENSITIVE_NAME.test(normalizedName);
}

export function maskEmail(text: string): string {
  const at = text.lastIndexOf("@");
  const domain = text.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${text.slice(0, 1) || "•"}•••@${domain.slice(0, 1) || "•"}•••${tld}`;
}

export function maskPhone(text: string): string {
  const digits = text.replace(/\D/g, "");
  return `•••• ${digits.slice(-2)}`;
}

/** "203.0.113.7" → "•••.•••.•••.7"; "2001:db8::8a2e:370:7334" → "••••:…:7334";
 * "::ffff:192.0.2.1" → "••••:…:1". */
export function maskIpAddress(text: string): string {
  const last = text.split(/[:.]/).at(-1) ?? "";
  return text.includes(":") ? `••••:…:${last}` : `•••.•••.•••.${last}`;
}

function mask(text: string): string {
  const trimmed = text.trim();
  if (trimmed.includes("@")) return maskEmail(trimmed);
  if (isIpAddress(trimmed)) return maskIpAddress(trimmed);
  if (/\d/.test(trimmed)) return maskPhone(trimmed);
  return "•••";
}

function maskEmailsIn(text: string): string {
  return text.replace(EMAIL_IN_TEXT, (email) => maskEmail(email));
}

/**
 * The masked text of a cell that holds an identifier, or null for a cell shown as it is.
 * `sensitive`: the column is mapped to e-mail, phone or IP address, or named like one; then any
 * non-empty value is masked. Otherwise a value shaped like an e-mail, IP address or phone number
 * (text with separators, so order numbers and amounts stay) is.
 */
export function maskedIdentifier(value: SourceValue | undefined, sensitive: boolean): string | null {
  if (value === null || value === undefined || value instanceof Date) return null;
  if (typeof value === "object") return sensitive ? "•••" : null;
  const text = String(value);
  const trimmed = text.trim();
  if (DIGEST.test(trimmed)) return null;
  if (sensitive) return trimmed === "" ? "" : mask(trimmed);
  if (EMAIL_SHAPE.test(trimmed)) return maskEmail(trimmed);
  if (isIpAddress(trimmed)) return maskIpAddress(trimmed);
  if (
    typeof value === "string" &&
    PHONE_SHAPE.test(trimmed) &&
    trimmed.replace(/\D/g, "").length >= 7 &&
    /[\s()+.\-/]/.test(trimmed)
  )
    return maskPhone(trimmed);
  return null;
}

/** A cell as plain text (dates in ISO form, JSON as JSON), e-mails inside it masked. */
export function cellText(value: Exclude<SourceValue, null>): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid date" : value.toISOString();
  return maskEmailsIn(typeof value === "object" ? JSON.stringify(value) : String(value));
}

/** Text for one cell of the wizard's tables. */
export function displaySourceValue(value: SourceValue | undefined, sensitive: boolean): string {
  if (value === null || value === undefined) return "";
  const masked = maskedIdentifier(value, sensitive);
  if (masked !== null) return masked;
  const text = String(value).trim();
  // A digest is already what X receives; the full 64 characters only crowd the table.
  if (typeof value === "string" && DIGEST.test(text)) return `${text.slice(0, 10)}… (SHA-256)`;
  return truncate(cellText(value));
}

/**
 * Text for a cell of a column that feeds only a non-identifier field (time, value, currency,
 * count, event): shown as it is, so a date like 31/13/2026 is not mistaken for a phone number and
 * masked. E-mails inside it are still masked.
 */
export function displayPlainValue(value: SourceValue | undefined): string {
  if (value === null || value === undefined) return "";
  return truncate(cellText(value));
}

function truncate(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
