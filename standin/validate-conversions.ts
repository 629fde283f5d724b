import { isIP } from "node:net";
import { isRecord, shown } from "./json-value";
import { validateConversionFields } from "./validate-conversion-fields";
import type { XErrorEntry } from "./x-error";

/**
 * X's validation of a `POST /12/measurement/conversions/:pixel_id` body, as a pure function so
 * any test can ask "would X take this?". Exact codes and messages come from x-ads-api.md §1.6;
 * rules X does not document a message for use messages in the same style (README lists them).
 * One request is all-or-nothing: every error of every conversion is reported, nothing accepted.
 */

export const MAX_CONVERSIONS_PER_REQUEST = 500;

/** Where an event id points, as seen from the pixel's ad account. */
export type EventTagMatch =
  | "single_event_tag" // an active event tag of this pixel's account: the only valid case
  | "deleted" // an event tag of this account that was deleted
  | "base_tag" // the pixel (website tag) id itself, a common mix-up
  | "other_account" // an event tag of some other account
  | "unknown";

export interface ConversionValidationContext {
  pixelId: string;
  lookupEventTag: (eventId: string) => EventTagMatch;
  /** Values chosen through the control API to be refused as X refuses a bad one (value-rejections.ts). */
  rejectsValue?: (parameter: string, value: string) => boolean;
}

export interface ValidConversion {
  /** Bare event tag id, with any `tw-<pixel_id>-` prefix removed. */
  eventId: string;
  conversionId: string | null;
  conversionTime: string;
  payload: Record<string, unknown>;
}

export type ConversionsValidation =
  { ok: true; conversions: ValidConversion[] } | { ok: false; status: 400 | 404; errors: XErrorEntry[] };

// Milliseconds optional: X's error text names .SSS, but its own reference example omits them.
const TIME_FORMAT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{3})?Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const SHA256_HEX = /^[0-9a-f]{64}$/;
const IDENTIFIER_KEYS = ["twclid", "hashed_email", "hashed_phone_number", "ip_address", "user_agent"] as const;
type IdentifierKey = (typeof IDENTIFIER_KEYS)[number];

export function validateConversions(body: unknown, ctx: ConversionValidationContext): ConversionsValidation {
  const list = isRecord(body) ? body.conversions : undefined;
  if (!Array.isArray(list) || list.length === 0) {
    const message = '"conversions" is a required parameter';
    return { ok: false, status: 400, errors: [{ code: "MISSING_PARAMETER", message, parameter: "conversions" }] };
  }
  if (list.length > MAX_CONVERSIONS_PER_REQUEST) {
    const message = `Conversion count limit is ${MAX_CONVERSIONS_PER_REQUEST}`;
    return { ok: false, status: 400, errors: [{ code: "INVALID_PARAMETER", message, parameter: "conversions" }] };
  }
  const errors: XErrorEntry[] = [];
  const valid: ValidConversion[] = [];
  for (const item of list) {
    if (!isRecord(item)) {
      errors.push({
        code: "INVALID_PARAMETER",
        message: `Expected Object, got ${shown(item)} for conversions`,
        parameter: "conversions",
      });
      continue;
    }
    const before = errors.length;
    const eventId = checkEventId(item.event_id, ctx, errors);
    checkConversionTime(item.conversion_time, errors);
    checkIdentifiers(item.identifiers, errors, ctx);
    validateConversionFields(item, errors);
    if (errors.length === before && eventId !== null) {
      const conversionId =
        typeof item.conversion_id === "string" && item.conversion_id !== "" ? item.conversion_id : null;
      valid.push({ eventId, conversionId, conversionTime: String(item.conversion_time), payload: item });
    }
  }
  if (errors.length > 0) return { ok: false, status: rejectionStatus(errors), errors };
  return { ok: true, conversions: valid };
}

/**
 * X's example answers an event of another account with 404, carrying the NOT_FOUND and its
 * companion SET error together; a 404 therefore needs a NOT_FOUND and nothing but event_id
 * errors beside it. Any other problem in the batch makes it a 400.
 */
function rejectionStatus(errors: readonly XErrorEntry[]): 400 | 404 {
  const hasNotFound = errors.some((e) => e.code === "NOT_FOUND");
  return hasNotFound && errors.every((e) => e.code === "NOT_FOUND" || e.parameter === "event_id") ? 404 : 400;
}

function checkEventId(value: unknown, ctx: ConversionValidationContext, errors: XErrorEntry[]): string | null {
  if (value === undefined || value === null || value === "") {
    // X's documented answer to a conversion without an event id (x-ads-api.md §1.6).
    errors.push({ code: "INVALID_PARAMETER", message: "Event ID was not found", parameter: "event_id" });
    return null;
  }
  if (typeof value !== "string") {
    errors.push({
      code: "INVALID_PARAMETER",
      message: `Expected String, got ${shown(value)} for event_id`,
      parameter: "event_id",
    });
    return null;
  }
  const prefixed = value.startsWith("tw-") ? PREFIXED_EVENT_ID.exec(value) : null;
  if (prefixed && prefixed[1] !== ctx.pixelId) {
    errors.push({ code: "INVALID_PARAMETER", message: "Event ID was not found", parameter: "event_id" });
    return null;
  }
  const eventId = prefixed?.[2] ?? value;
  // A chosen event id is refused as an event of another account is: X's own wording, naming it.
  const match = ctx.rejectsValue?.("event_id", eventId) ? "other_account" : ctx.lookupEventTag(eventId);
  switch (match) {
    case "single_event_tag":
      return eventId;
    case "deleted":
      errors.push({ code: "INVALID_PARAMETER", message: "Event ID was not found", parameter: "event_id" });
      return null;
    case "base_tag":
      errors.push(notSingleEventTag(eventId));
      return null;
    case "other_account":
    case "unknown":
      errors.push(
        {
          code: "NOT_FOUND",
          message: `event_id (${eventId}) does not belong to provided account`,
          parameter: "event_id",
        },
        notSingleEventTag(eventId),
      );
      return null;
  }
}

const PREFIXED_EVENT_ID = /^tw-([0-9a-z]+)-([0-9a-z]+)$/;

function notSingleEventTag(eventId: string): XErrorEntry {
  return {
    code: "INVALID_PARAMETER",
    message: `event_id (${eventId}) is not a single event tag (SET)`,
    parameter: "event_id",
  };
}

function checkConversionTime(value: unknown, errors: XErrorEntry[]): void {
  if (value === undefined || value === null || value === "") {
    errors.push({
      code: "MISSING_PARAMETER",
      message: '"conversion_time" is a required parameter',
      parameter: "conversion_time",
    });
    return;
  }
  const valid = typeof value === "string" && isExactUtcTime(value);
  if (!valid) {
    const message = `Expected Time in yyyy-MM-ddTHH:mm:ss.SSSZ, got ${shown(value)} for conversion_time`;
    errors.push({ code: "INVALID_PARAMETER", message, parameter: "conversion_time" });
  }
}

/**
 * yyyy-MM-ddTHH:mm:ss[.SSS]Z naming a real instant: what `new Date(value).toISOString() === value`
 * says (no 2026-02-30, no 24:00, no :60), without building a Date and printing it back for each
 * of a million conversions.
 */
export function isExactUtcTime(value: string): boolean {
  // No closures in here: it runs for every conversion, and each one would be built every time.
  const match = TIME_FORMAT.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59)
    return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** One bit per identifier key, so a conversion's identifiers are tallied without a Set. */
const IDENTIFIER_BITS = new Map<string, number>(IDENTIFIER_KEYS.map((key, index) => [key, 1 << index]));

const WEAK_IDENTIFIERS = ["ip_address", "user_agent"] as const;

function checkIdentifiers(value: unknown, errors: XErrorEntry[], ctx: ConversionValidationContext): void {
  let present = 0;
  const items = Array.isArray(value) ? value : [];
  for (const item of items) {
    if (!isRecord(item)) {
      errors.push({
        code: "INVALID_PARAMETER",
        message: `Expected Object, got ${shown(item)} for identifiers`,
        parameter: "identifiers",
      });
      continue;
    }
    for (const key in item) {
      if (!Object.hasOwn(item, key)) continue;
      const raw = item[key];
      const bit = IDENTIFIER_BITS.get(key);
      if (bit === undefined) {
        errors.push({
          code: "INVALID_PARAMETER",
          message: `${key} is not a supported user identifier`,
          parameter: key,
        });
        continue;
      }
      if (typeof raw !== "string") {
        errors.push({
          code: "INVALID_PARAMETER",
          message: `Expected String, got ${shown(raw)} for ${key}`,
          parameter: key,
        });
        continue;
      }
      // Empty strings do not count as identifiers (x-ads-api.md §1.3).
      if (raw.trim() === "") continue;
      present |= bit;
      if (ctx.rejectsValue?.(key, raw)) errors.push(chosenRejection(key as IdentifierKey, raw));
      else checkIdentifierValue(key as IdentifierKey, raw, errors);
    }
  }
  if (present === 0) {
    errors.push({ code: "INVALID_PARAMETER", message: "At least one user identifier must be provided", parameter: "" });
    return;
  }
  // IP and user agent are weak: each needs a companion, and IP+UA together is allowed.
  for (const weak of WEAK_IDENTIFIERS) {
    if (present === IDENTIFIER_BITS.get(weak)) {
      const message = `${weak} must be sent together with another user identifier`;
      errors.push({ code: "INVALID_PARAMETER", message, parameter: weak });
    }
  }
}

/** X's documented wording for a bad hash; the other identifiers' in the same style (README). */
function chosenRejection(key: IdentifierKey, value: string): XErrorEntry {
  const what =
    key === "hashed_email" || key === "hashed_phone_number"
      ? "a valid SHA-256 hash"
      : key === "ip_address"
        ? "a valid IP address"
        : `a valid ${key}`;
  return { code: "INVALID_PARAMETER", message: `${key} (${value}) is not ${what}`, parameter: key };
}

function checkIdentifierValue(key: IdentifierKey, value: string, errors: XErrorEntry[]): void {
  if ((key === "hashed_email" || key === "hashed_phone_number") && !SHA256_HEX.test(value)) {
    errors.push({
      code: "INVALID_PARAMETER",
      message: `${key} (${value}) is not a valid SHA-256 hash`,
      parameter: key,
    });
  }
  if (key === "ip_address" && isIP(value.trim()) === 0) {
    errors.push({
      code: "INVALID_PARAMETER",
      message: `ip_address (${value}) is not a valid IP address`,
      parameter: key,
    });
  }
}
