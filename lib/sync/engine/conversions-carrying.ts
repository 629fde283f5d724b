import { bareEventId } from "@/lib/conversions/index";
import type { NamedValue, XApiError } from "@/lib/x-ads/index";
import { namedErrorValue } from "@/lib/x-ads/index";
import type { SyncItem } from "./batch-delivery";

const decoder = new TextDecoder();

/**
 * The items of a rejected batch that carry a value X's errors named, each with the values it
 * carries: X condemns the value, so every conversion carrying it is refused, and the rest of the
 * batch can be resent as one request. Parses each conversion's JSON, which only happens for a
 * rejected batch (at most 500 small objects).
 */
export function conversionsCarrying(
  items: readonly SyncItem[],
  named: readonly NamedValue[],
): Map<SyncItem, NamedValue[]> {
  const carrying = new Map<SyncItem, NamedValue[]>();
  if (named.length === 0) return carrying;
  for (const item of items) {
    let conversion: unknown;
    try {
      conversion = JSON.parse(decoder.decode(item.json));
    } catch {
      continue;
    }
    const found = named.filter((value) => carries(conversion, value));
    if (found.length > 0) carrying.set(item, found);
  }
  return carrying;
}

/**
 * X's errors that concern the values an item carries (all of them, if none can be told apart),
 * each once: X repeats an error for every conversion carrying the value, and one row should get
 * the reasons of one conversion, as when it is sent alone.
 */
export function errorsAbout(errors: readonly XApiError[], carried: readonly NamedValue[]): XApiError[] {
  const about = errors.filter((error) => {
    const named = namedErrorValue(error.message, error.parameter);
    // Identifier values are redacted in the messages kept: the field is what can be matched.
    return (
      named !== null &&
      carried.some(
        (value) => value.parameter === named.parameter && (named.value === value.value || named.value === "[redacted]"),
      )
    );
  });
  const seen = new Set<string>();
  return (about.length > 0 ? about : errors).filter((error) => {
    const key = `${error.code}\u0000${error.parameter ?? ""}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function same(sent: unknown, quoted: string): boolean {
  if (typeof sent === "number") return String(sent) === quoted.trim();
  return typeof sent === "string" && (sent === quoted || sent.trim() === quoted.trim());
}

function carries(conversion: unknown, { parameter, value }: NamedValue): boolean {
  if (!isRecord(conversion)) return false;
  if (parameter === "event_id") {
    // X names the event tag id; it may have been sent as tw-<pixel>-<event>. Base 36 has no case.
    const sent = conversion.event_id;
    return typeof sent === "string" && bareEventId(sent.toLowerCase()) === bareEventId(value.trim().toLowerCase());
  }
  if (same(conversion[parameter], value)) return true;
  // Identifiers and contents are lists of objects: the value may be in any of them.
  for (const list of [conversion.identifiers, conversion.contents]) {
    if (!Array.isArray(list)) continue;
    if (list.some((entry) => isRecord(entry) && same(entry[parameter], value))) return true;
  }
  return false;
}
