import type { RowIssue, RowResult, XIdentifier } from "@/lib/conversions/types";
import type { SourceProblem, SourceRow } from "@/lib/sources/types";

/** Receives the preview as it streams: rows in order, source problems as they are met. */
export interface PreviewPrinter {
  start(info: { missingColumns: string[] }): void;
  row(row: SourceRow, result: RowResult): void;
  problem(problem: SourceProblem): void;
  end(): void;
}

interface Counts {
  rows: number;
  valid: number;
  invalid: number;
  withWarnings: number;
  problems: number;
}

const newCounts = (): Counts => ({ rows: 0, valid: 0, invalid: 0, withWarnings: 0, problems: 0 });

function count(counts: Counts, result: RowResult): void {
  counts.rows += 1;
  if (result.status === "valid") counts.valid += 1;
  else counts.invalid += 1;
  if (result.warnings.length > 0) counts.withWarnings += 1;
}

/**
 * One JSON document, written incrementally so memory stays flat on large files:
 * `{"missingColumns":[...],"rows":[...],"problems":[...],"summary":{...}}`. Each row is
 * `{rowNumber, line?, status, conversion | reasons, warnings}`.
 */
export function createJsonPreviewPrinter(out: { write(text: string): unknown }): PreviewPrinter {
  const counts = newCounts();
  const problems: SourceProblem[] = [];
  return {
    start({ missingColumns }) {
      out.write(`{"missingColumns":${JSON.stringify(missingColumns)},"rows":[`);
    },
    row(row, result) {
      // The conversion once, as an object: not again as the JSON text the engine sends.
      const shown =
        result.status === "valid"
          ? { status: result.status, conversion: result.conversion, warnings: result.warnings }
          : result;
      out.write(
        `${counts.rows === 0 ? "\n" : ",\n"}${JSON.stringify({ rowNumber: row.rowNumber, line: row.line, ...shown })}`,
      );
      count(counts, result);
    },
    problem(problem) {
      problems.push(problem);
      counts.problems += 1;
    },
    end() {
      out.write(`\n],"problems":${JSON.stringify(problems)},"summary":${JSON.stringify(counts)}}\n`);
    },
  };
}

/** A readable summary for people at a terminal. */
export function createTextPreviewPrinter(out: { write(text: string): unknown }): PreviewPrinter {
  const counts = newCounts();
  const where = (rowNumber: number | undefined, line: number | undefined): string =>
    [rowNumber !== undefined ? `row ${rowNumber}` : undefined, line !== undefined ? `line ${line}` : undefined]
      .filter(Boolean)
      .join(", ");
  const issueLine = (prefix: string, issue: RowIssue): string =>
    `    ${prefix} ${issue.field} [${issue.code}] ${issue.message}\n`;
  return {
    start({ missingColumns }) {
      if (missingColumns.length > 0)
        out.write(`! the mapping reads columns the file does not have: ${missingColumns.join(", ")}\n\n`);
    },
    row(row, result) {
      count(counts, result);
      if (result.status === "valid") {
        const c = result.conversion;
        const amount =
          c.value !== undefined ? `, value ${c.value}${c.price_currency ? ` ${c.price_currency}` : ""}` : "";
        out.write(
          `✓ ${where(row.rowNumber, row.line)}: ${c.conversion_time} event ${c.event_id}, id ${c.conversion_id}, identifiers ${describeIdentifiers(c.identifiers)}${amount}\n`,
        );
      } else {
        out.write(`✗ ${where(row.rowNumber, row.line)}: invalid\n`);
        for (const reason of result.reasons) out.write(issueLine("-", reason));
      }
      for (const warning of result.warnings) out.write(issueLine("!", warning));
    },
    problem(problem) {
      counts.problems += 1;
      out.write(
        `✗ ${where(problem.rowNumber, problem.line) || "file"}: unreadable [${problem.code}] ${problem.message}\n`,
      );
    },
    end() {
      out.write(
        `\n${counts.rows} rows: ${counts.valid} would be sent, ${counts.invalid} invalid, ${counts.withWarnings} with warnings` +
          `${counts.problems > 0 ? `; ${counts.problems} unreadable` : ""}\n`,
      );
    },
  };
}

function describeIdentifiers(identifiers: XIdentifier[]): string {
  return identifiers.map((identifier) => Object.keys(identifier).join("+")).join(", ");
}
