import type { SourceValue } from "@/lib/sources/types";
import { cellToText, hasColumn, readCell } from "./cell-text";
import { sha256Hex } from "./hash";
import type { XConversion } from "./types";

/**
 * conversion_id policy. X deduplicates on (event, conversion_id) within 48 hours, so the id must be
 * the same every time the same row is sent (retries, re-runs, overlapping windows):
 *  1. the mapped conversion_id column when the row has one;
 *  2. else a digest of the row key columns (options.rowKeyColumns, e.g. a primary key);
 *  3. else a digest of the conversion's own content (event, time, identifiers, amounts).
 * (3) is stable for an unchanged row, but two real conversions identical in every sent field
 * (same person, same millisecond, same value) collapse into one; mapping an order id avoids it.
 */
export const DERIVED_ID_PREFIX = "sl-";

export type RowKey =
  { kind: "columns"; material: string } | { kind: "incomplete"; emptyColumns: string[] } | { kind: "none" };

export function readRowKey(values: Record<string, SourceValue>, rowKeyColumns: readonly string[]): RowKey {
  if (rowKeyColumns.length === 0) return { kind: "none" };
  const parts: string[] = [];
  const emptyColumns: string[] = [];
  for (const column of rowKeyColumns) {
    const text = hasColumn(values, column) ? cellToText(readCell(values, column)) : { kind: "empty" as const };
    if (text.kind === "value") parts.push(text.value);
    else emptyColumns.push(column);
  }
  if (emptyColumns.length > 0) return { kind: "incomplete", emptyColumns };
  // JSON keeps ["a,b","c"] and ["a","b,c"] apart.
  return { kind: "columns", material: JSON.stringify(["key", ...rowKeyColumns, ...parts]) };
}

export function contentKeyMaterial(conversion: Omit<XConversion, "conversion_id">): string {
  return JSON.stringify([
    "content",
    conversion.event_id,
    conversion.conversion_time,
    conversion.identifiers,
    conversion.value ?? null,
    conversion.price_currency ?? null,
    conversion.number_items ?? null,
    conversion.description ?? null,
    conversion.contents ?? null,
  ]);
}

/** 32 hex characters (128 bits) is plenty against collisions and keeps the id short. */
export function deriveConversionId(material: string): string {
  return DERIVED_ID_PREFIX + sha256Hex(material).slice(0, 32);
}
