import type { NumberedRowResult } from "./convert-row";
import type { ConversionIssue } from "./types";

/**
 * Rows whose conversion repeats an earlier row's conversion_id for the same event. X deduplicates
 * on (event, conversion_id) and keeps only the first it receives within 48 hours, so the later
 * row is in effect never counted: usually two order lines exported as two rows, or an id column
 * that is not unique. Keyed by the later row's number; the value is the warning for it.
 */
export function duplicateConversionIds(results: readonly NumberedRowResult[]): Map<number, ConversionIssue> {
  const firstRow = new Map<string, number>();
  const duplicates = new Map<number, ConversionIssue>();
  for (const result of results) {
    if (result.status !== "valid") continue;
    const key = `${result.conversion.event_id}\u0000${result.conversion.conversion_id}`;
    const first = firstRow.get(key);
    if (first === undefined) {
      firstRow.set(key, result.rowNumber);
      continue;
    }
    duplicates.set(result.rowNumber, {
      field: "conversion_id",
      code: "conversion_id_duplicate",
      message: `conversion_id is also on row ${first} for the same event; X keeps only the first within 48 hours`,
    });
  }
  return duplicates;
}
