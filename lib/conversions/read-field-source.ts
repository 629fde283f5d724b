import type { SourceValue } from "@/lib/sources/types";
import { hasColumn, readCell } from "./cell-text";
import type { FieldSource } from "./mapping-spec";
import type { ConversionIssue } from "./types";

/**
 * The cell a mapped field reads: the row's column, or the mapping's static value. A column the row
 * does not have is a reason on that field (the source changed since the mapping was made), not a
 * silently empty value that would make a required field look merely missing.
 */
export function readFieldSource(
  values: Record<string, SourceValue>,
  source: FieldSource | undefined,
  field: string,
  reasons: ConversionIssue[],
): SourceValue | undefined {
  if (source === undefined) return undefined;
  if (source.kind === "static") return source.value;
  if (!hasColumn(values, source.column)) {
    reasons.push({ field, code: "column_missing", message: `source column "${source.column}" is not in this row` });
    return undefined;
  }
  return readCell(values, source.column);
}
