import type { SourceValue } from "@/lib/sources/types";
import { parsedEmpty, parsedError, parsedValue, type Parsed } from "./types";

/**
 * A source cell as trimmed text, for the fields X takes as strings. CSV cells are already strings;
 * Postgres cells may be numbers, booleans or Dates, which have one obvious text form. Objects and
 * arrays do not, so they are an error rather than "[object Object]" sent to X. Whitespace-only
 * counts as empty: X treats `{"twclid": ""}` as no identifier at all.
 */
export function cellToText(cell: SourceValue | undefined): Parsed<string> {
  if (cell === null || cell === undefined) return parsedEmpty;
  if (typeof cell === "string") {
    const text = cell.trim();
    return text.length === 0 ? parsedEmpty : parsedValue(text);
  }
  if (typeof cell === "number") {
    return Number.isFinite(cell) ? parsedValue(String(cell)) : parsedError("not_text", "is not a finite number");
  }
  if (typeof cell === "boolean") return parsedValue(String(cell));
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime())
      ? parsedError("not_text", "is an invalid date")
      : parsedValue(cell.toISOString());
  }
  return parsedError("not_text", "is a JSON object or array, not text");
}

/** Reads a column from a row without touching inherited properties: source rows are
 * null-prototype objects, but a caller may pass a plain one, and a column named "constructor"
 * must not resolve to Object's constructor. */
export function readCell(values: Record<string, SourceValue>, column: string): SourceValue | undefined {
  return Object.prototype.hasOwnProperty.call(values, column) ? values[column] : undefined;
}

export function hasColumn(values: Record<string, SourceValue>, column: string): boolean {
  return Object.prototype.hasOwnProperty.call(values, column);
}
