import { buildConversionsRequest, convertRows, FIELD_CATALOG, mappedColumns, normalizeColumnName, type DestinationSettings, type MappingSpec, type RowIssue } from "@/lib/conversions";
import type { SourceRow } from "@/lib/sources/types";
import { displaySourceValue, isSensitiveColumnName } from "./mask-source-value";

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

export interface PreviewRow {
  rowNumber: number;
  cells: PreviewCell[];
  status: "valid" | "invalid";
  /** Pretty JSON of the conversion, for valid rows. */
  conversionJson: string | null;
  reasons: RowIssue[];
  warnings: RowIssue[];
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

const ISSUE_LABELS: Record<string, string> = {
  conversion_time_missing: "missing conversion_time",
  conversion_time_invalid: "unreadable conversion_time",
  conversion_time_out_of_range: "conversion_time out of range",
  event_id_missing: "missing event_id",
  invalid_event_id: "invalid event_id",
  event_id_pixel_mismatch: "event_id of another pixel",
  identifier_missing: "no email, phone or twclid",
  phone_invalid: "invalid phone",
  phone_country_missing: "phone without a country",
  email_invalid: "invalid email",
  ip_address_invalid: "invalid IP address",
  email_not_hashed: "email not hashed",
  phone_not_hashed: "phone not hashed",
  not_sha256: "not a SHA-256 digest",
  column_missing: "column missing",
  conversion_id_derived: "conversion_id derived",
  row_key_incomplete: "row key incomplete",
};

export function issueLabel(code: string): string {
  return ISSUE_LABELS[code] ?? code.replaceAll("_", " ");
}

function countIssues(lists: RowIssue[][]): IssueCount[] {
  const counts = new Map<string, number>();
  for (const list of lists) {
    // A row counts once per reason, however many fields share it.
    for (const code of new Set(list.map((issue) => issue.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].map(([code, count]) => ({ code, label: issueLabel(code), count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** Which X field each mapped column feeds, and which columns must be masked. */
function columnTargets(mapping: MappingSpec): Map<string, string> {
  const targets = new Map<string, string>();
  for (const [key, source] of Object.entries(mapping.fields)) {
    if (source?.kind === "column") targets.set(source.column, FIELD_CATALOG.find((field) => field.key === key)?.label ?? key);
  }
  if (mapping.eventId.kind === "column") targets.set(mapping.eventId.column, "Event");
  if (mapping.contents.kind === "json") targets.set(mapping.contents.column, "Contents");
  return targets;
}

export function sensitiveColumns(mapping: MappingSpec | null, columns: readonly string[]): Set<string> {
  const sensitive = new Set(columns.filter((column) => isSensitiveColumnName(normalizeColumnName(column))));
  for (const key of ["email", "phone", "ip_address"] as const) {
    const source = mapping?.fields[key];
    if (source?.kind === "column") sensitive.add(source.column);
  }
  return sensitive;
}

export function buildPreview(mapping: MappingSpec, settings: DestinationSettings, rows: readonly SourceRow[], columns: readonly string[]): Preview {
  const results = convertRows(mapping, settings, rows);
  const targets = columnTargets(mapping);
  const shownColumns = mappedColumns(mapping);
  const sensitive = sensitiveColumns(mapping, columns);
  const previewRows = results.map((result, index): PreviewRow => {
    const values = rows[index]?.values ?? {};
    return {
      rowNumber: result.rowNumber,
      cells: shownColumns.map((column) => ({ column, target: targets.get(column) ?? null, display: displaySourceValue(values[column], sensitive.has(column)) })),
      status: result.status,
      conversionJson: result.status === "valid" ? JSON.stringify(result.conversion, null, 2) : null,
      reasons: result.status === "invalid" ? result.reasons : [],
      warnings: result.warnings,
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

/** "18 ready, 2 invalid: missing conversion_time ×1, invalid phone ×1". */
export function summaryLine(summary: PreviewSummary): string {
  const head = `${summary.valid} ready, ${summary.invalid} invalid`;
  if (summary.reasons.length === 0) return head;
  return `${head}: ${summary.reasons.map((reason) => `${reason.label} ×${reason.count}`).join(", ")}`;
}
