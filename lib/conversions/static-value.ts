import { cellToText } from "./cell-text";
import { contentFieldDefinition, fieldDefinition } from "./field-catalog";
import type { Parsed } from "./types";
import { parseAmount, parseCurrency, parsePositiveInteger } from "./value-parsers";

/**
 * Checks a static value in the mapping with the same parser its rows would use, so a typo like
 * "EURO" is reported once, on the mapping, instead of invalidating every row of a sync.
 * Returns a problem message, or undefined when the value is fine.
 */
export function parseStaticValue(key: string, value: string | number): string | undefined {
  const type = (fieldDefinition(key) ?? contentFieldDefinition(key))?.type;
  let parsed: Parsed<unknown>;
  switch (type) {
    case "amount":
      parsed = parseAmount(value);
      break;
    case "currency":
      parsed = parseCurrency(value);
      break;
    case "positive_integer":
      parsed = parsePositiveInteger(value);
      break;
    default:
      parsed = cellToText(value);
  }
  if (parsed.kind === "empty") return "is empty";
  if (parsed.kind === "error") return parsed.message;
  return undefined;
}
