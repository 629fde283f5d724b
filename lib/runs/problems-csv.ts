import { problemLabel } from "@/lib/conversions/problem-codes";
import type { RunProblemView } from "./list-run-problems";

/** `row_number` is the row's 1-based position among the source's data rows, the "Row" every page
 * shows (a CSV file's header is not a row); `problem` is the code's label from the registry. */
export const PROBLEM_CSV_HEADER = ["row_number", "row_key", "kind", "field", "code", "problem", "message"] as const;

/**
 * One CSV cell, safe to open in a spreadsheet: text that Excel, LibreOffice or Google Sheets would
 * take for a formula (starting with = + - @, a tab or a carriage return) is prefixed with a single
 * quote (OWASP "CSV Injection"), then the cell is quoted as RFC 4180 asks. Row keys come from the
 * customer's own data, so they may start with anything.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function problemCsvLine(problem: RunProblemView): string {
  return [
    problem.rowNumber,
    problem.rowKey,
    problem.kind,
    problem.field,
    problem.code,
    problemLabel(problem.code),
    problem.message,
  ]
    .map(csvCell)
    .join(",");
}

export function problemCsvHeader(): string {
  return PROBLEM_CSV_HEADER.join(",");
}
