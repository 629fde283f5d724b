import type { SourceValue } from "@/lib/sources/types";

/**
 * Source cells as the preview and the mapping table show them. Emails and phone numbers are
 * masked wherever they appear (a mapped column, a column named like one, or a value shaped like
 * one), so the page's HTML never carries a raw identifier; hashed values are what X receives.
 */
const SENSITIVE_NAME = /(^|_)(e_?mail|mail|phone|mobile|tel|telephone|cell|msisdn|contact)(_|$)/;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;
const PHONE_SHAPE = /^\+?[\d\s().\-/]{7,24}$/;
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

function mask(text: string): string {
  const trimmed = text.trim();
  if (trimmed.includes("@")) return maskEmail(trimmed);
  if (/\d/.test(trimmed)) return maskPhone(trimmed);
  return "•••";
}

/** Text for one cell. `sensitive`: the column is mapped to email/phone or named like one. */
export function displaySourceValue(value: SourceValue | undefined, sensitive: boolean): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid date" : value.toISOString();
  if (typeof value === "object") return truncate(sensitive ? "•••" : JSON.stringify(value));
  const text = String(value);
  // A digest is already what X receives; the full 64 characters only crowd the table.
  if (/^[a-fA-F0-9]{64}$/.test(text.trim())) return `${text.trim().slice(0, 10)}… (SHA-256)`;
  if (sensitive) return text.trim() === "" ? "" : mask(text);
  const trimmed = text.trim();
  if (EMAIL_SHAPE.test(trimmed)) return maskEmail(trimmed);
  if (typeof value === "string" && PHONE_SHAPE.test(trimmed) && trimmed.replace(/\D/g, "").length >= 7 && /[\s()+.\-/]/.test(trimmed)) return maskPhone(trimmed);
  return truncate(text);
}

function truncate(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
