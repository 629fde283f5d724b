import {
  buildConversionsRequest,
  convertRows,
  duplicateConversionIds,
  columnRefs,
  mappedColumns,
  normalizeColumnName,
  problemLabel,
  type DestinationSettings,
  type MappingSpec,
  type RowIssue,
} from "@/lib/conversions";
import { fieldDefinition } from "@/lib/conversions/field-catalog";
import type { SourceRow } from "@/lib/sources/types";
import { displayPlainValue, displaySourceValue, isSensitiveColumnName } from "./mask-source-value";

/**
 * The wizard's preview: sample rows through convertRows, the very function the sync runs, so the
 * JSON shown is byte for byte what X would receive. Source cells are shown masked; the
 * conversions carry hashed identifiers only.
 */
export interface PreviewCell {
  column: string;
  /** The X field the column feeds, e.g. "Email". */
  target: string | null;
  display: string;
}

/** A row issue as the preview shows it: for a field that is no identifier, the source value that
 * failed (identifiers stay masked and never get one). */
export type PreviewIssue = RowIssue & { value?: string };

export interface PreviewRow {
  /** The row's 1-based position among the source's data rows (a CSV header is not a row): the
   * same "Row" the source page, runs and the problems CSV show. */
  rowNumber: number;
  cells: PreviewCell[];
  status: "valid" | "invalid";
  /** Pretty JSON of the conversion, for valid rows. */
  conversionJson: string | null;
  reasons: PreviewIssue[];
  warnings: PreviewIssue[];
}

export interface IssueCount {
  code: string;
  label: string;
  count: number;
}

export interface PreviewSummary {
  total: number;
  valid: number;
  invalid: number;
  reasons: IssueCount[];
  warnings: IssueCount[];
}

export interface Preview {
  rows: PreviewRow[];
  summary: PreviewSummary;
  /** The request body for the valid rows, as POSTed to /12/measurement/conversions/:pixel_id. */
  requestBody: string;
}

function countIssues(lists: RowIssue[][]): IssueCount[] {
  const counts = new Map<string, number>();
  for (const list of lists) {
    // A row counts once per reason, however many fields share it.
    for (const code of new Set(list.map((issue) => issue.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts]
    .map(([code, count]) => ({ code, label: problemLabel(code), count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** Which X field each mapped column feeds, and which columns must be masked. */
function columnTargets(mapping: MappingSpec): Map<string, string> {
  const targets = new Map<string, string>();
  for (const ref of columnRefs(mapping)) {
    const label = ref.role === "event_id" ? "Event" : fieldDefinition(ref.role)?.label;
    if (label) targets.set(ref.column, label);
  }
  return targets;
}

// Fields whose source value says nothing about a person, so a failing one can be shown as it is.
const PLAIN_FIELDS = ["conversion_time", "value", "price_currency", "number_items"] as const;

/** Columns feeding only plain fields, each with the issue field it feeds. */
function plainColumns(mapping: MappingSpec, sensitive: ReadonlySet<string>): Map<string, string> {
  const byField = new Map<string, string>();
  for (const key of PLAIN_FIELDS) {
    const source = mapping.fields[key];
    if (source?.kind === "column" && !sensitive.has(source.column)) byField.set(key, source.column);
  }
  if (mapping.eventId.kind === "column" && !sensitive.has(mapping.eventId.column))
    byField.set("event_id", mapping.eventId.column);
  const identifierColumns = new Set(
    columnRefs(mapping).flatMap((ref) =>
      ref.path.startsWith("mapping.fields.") && !(PLAIN_FIELDS as readonly string[]).includes(ref.role)
        ? [ref.column]
        : [],
    ),
  );
  for (const [field, column] of byField) if (identifierColumns.has(column)) byField.delete(field);
  return byField;
}

export function sensitiveColumns(mapping: MappingSpec | null, columns: readonly string[]): Set<string> {
  const sensitive = new Set(columns.filter((column) => isSensitiveColumnName(normalizeColumnName(column))));
  for (const key of ["email", "phone", "ip_address"] as const) {
    const source = mapping?.fields[key];
    if (source?.kind === "column") sensitive.add(source.column);
  }
  return sensitive;
}

export function buildPreview(
  mapping: MappingSpec,
  settings: DestinationSettings,
  rows: readonly SourceRow[],
  columns: readonly string[],
): Preview {
  const converted = convertRows(mapping, settings, rows);
  const duplicates = duplicateConversionIds(converted);
  const results = converted.map((result) => {
    const duplicate = duplicates.get(result.rowNumber);
    return duplicate ? { ...result, warnings: [...result.warnings, duplicate] } : result;
  });
  const targets = columnTargets(mapping);
  const shownColumns = mappedColumns(mapping);
  const sensitive = sensitiveColumns(mapping, columns);
  const plainByField = plainColumns(mapping, sensitive);
  const plain = new Set(plainByField.values());
  const previewRows = results.map((result, index): PreviewRow => {
    const values = rows[index]?.values ?? {};
    const display = (column: string) =>
      plain.has(column) ? displayPlainValue(values[column]) : displaySourceValue(values[column], sensitive.has(column));
    const withValue = (issue: RowIssue): PreviewIssue => {
      const column = plainByField.get(issue.field);
      return column !== undefined && values[column] !== null && values[column] !== undefined
        ? { ...issue, value: display(column) }
        : issue;
    };
    return {
      rowNumber: result.rowNumber,
      cells: shownColumns.map((column) => ({ column, target: targets.get(column) ?? null, display: display(column) })),
      status: result.status,
      conversionJson: result.status === "valid" ? JSON.stringify(result.conversion, null, 2) : null,
      reasons: result.status === "invalid" ? result.reasons.map(withValue) : [],
      warnings: result.warnings.map(withValue),
    };
  });
  const valid = results.flatMap((result) => (result.status === "valid" ? [{ conversion: result.conversion }] : []));
  const invalidResults = results.filter((result) => result.status === "invalid");
  return {
    rows: previewRows,
    summary: {
      total: results.length,
      valid: valid.length,
      invalid: invalidResults.length,
      reasons: countIssues(invalidResults.map((result) => (result.status === "invalid" ? result.reasons : []))),
      warnings: countIssues(results.map((result) => result.warnings)),
    },
    requestBody: JSON.stringify(buildConversionsRequest(valid), null, 2),
  };
}

/** "18 ready, 2 invalid: Missing conversion time ×1, No twclid, email or phone ×1". */
export function summaryLine(summary: PreviewSummary): string {
  const head = `${summary.valid} ready, ${summary.invalid} invalid`;
  if (summary.reasons.length === 0) return head;
  return `${head}: ${summary.reasons.map((reason) => `${reason.label} ×${reason.count}`).join(", ")}`;
}
