import { isRecord, shown } from "./json-value";
import type { XErrorEntry } from "./x-error";

/**
 * The optional fields of a conversion (x-ads-api.md §1.2). X documents their types but no error
 * texts, so the messages follow the style of its documented `conversion_time` error:
 * `Expected <Type>, got <value> for <parameter>`. Unknown top-level keys are ignored.
 */

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === "string";
const isPositiveInt: Check = (v) => typeof v === "number" && Number.isInteger(v) && v > 0;
const isNonNegativeInt: Check = (v) => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isFiniteNumber: Check = (v) => typeof v === "number" && Number.isFinite(v);
// X's own example sends `value` as the string "20.00", so numeric strings are accepted.
const isDouble: Check = (v) => isFiniteNumber(v) || (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v));
const isCurrency: Check = (v) => typeof v === "string" && /^[A-Z]{3}$/.test(v);

const TOP_LEVEL: ReadonlyArray<[string, Check, string]> = [
  ["number_items", isPositiveInt, "Int greater than 0"],
  ["price_currency", isCurrency, "ISO-4217 currency code"],
  ["value", isDouble, "Double"],
  ["conversion_id", isString, "String"],
  ["description", isString, "String"],
  ["event_source_url", isString, "String"],
];

const CONTENT_FIELDS: ReadonlyArray<[string, Check, string]> = [
  ["content_id", isString, "String"],
  // The reference table says integer but its own examples send "123" and "group 1".
  ["content_group_id", (v) => isString(v) || isNonNegativeInt(v), "String"],
  ["content_name", isString, "String"],
  // Real clients (Stape's tag) send prices as numeric strings such as "5.00".
  ["content_price", isDouble, "Double"],
  ["content_type", isString, "String"],
  ["num_items", isPositiveInt, "Int greater than 0"],
];

function typeError(expected: string, value: unknown, parameter: string): XErrorEntry {
  return {
    code: "INVALID_PARAMETER",
    message: `Expected ${expected}, got ${shown(value)} for ${parameter}`,
    parameter,
  };
}

export function validateConversionFields(conversion: Record<string, unknown>, errors: XErrorEntry[]): void {
  for (const [field, check, expected] of TOP_LEVEL) {
    const value = conversion[field];
    if (value !== undefined && value !== null && !check(value)) errors.push(typeError(expected, value, field));
  }
  const contents = conversion.contents;
  if (contents === undefined || contents === null) return;
  if (!Array.isArray(contents)) {
    errors.push(typeError("Array", contents, "contents"));
    return;
  }
  for (const item of contents) {
    if (!isRecord(item)) {
      errors.push(typeError("Object", item, "contents"));
      continue;
    }
    for (const [field, check, expected] of CONTENT_FIELDS) {
      const value = item[field];
      if (value !== undefined && value !== null && !check(value))
        errors.push(typeError(expected, value, `contents.${field}`));
    }
  }
}
