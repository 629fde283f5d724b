import type { SourceColumnType } from "../types";

// Leading zeros and a leading "+" are excluded on purpose: zip codes ("01234") and E.164 phone
// numbers ("+14155550100") look numeric but must stay text, or a mapping would treat them as
// amounts.
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$|^-?0?\.\d+$/;
const BOOLEAN = /^(true|false)$/i;
// ISO 8601 dates and date-times, with "T" or a space, optional seconds, fraction and zone.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?)?$/i;

/**
 * The type a column's text values look like, judged from a sample: the narrowest type every
 * non-empty value fits. A column with no values at all is "unknown" rather than a guess.
 */
export function inferColumnType(values: Iterable<string | null | undefined>): SourceColumnType {
  let candidates: SourceColumnType[] = ["boolean", "number", "timestamp", "json"];
  let seen = false;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const text = value.trim();
    if (text === "") continue;
    seen = true;
    candidates = candidates.filter((type) => fits(type, text));
    if (candidates.length === 0) return "text";
  }
  if (!seen) return "unknown";
  return candidates[0] ?? "text";
}

function fits(type: SourceColumnType, text: string): boolean {
  switch (type) {
    case "boolean":
      return BOOLEAN.test(text);
    case "number":
      return NUMBER.test(text);
    case "timestamp":
      return TIMESTAMP.test(text) && !Number.isNaN(Date.parse(text.replace(" ", "T")));
    case "json":
      return (text.startsWith("{") || text.startsWith("[")) && isJson(text);
    default:
      return false;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
