import { normalizeColumnName } from "@/lib/conversions";
import { cellText, isSensitiveColumnName, maskedIdentifier } from "@/lib/destinations/mask-source-value";
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { openSource } from "./open-source-reader";
import { columnsToJson } from "./source-columns";
import { withSourceErrors } from "./source-error-to-app-error";
import type { SourceColumn, SourceValue } from "./types";

export interface SourcePreview {
  columns: SourceColumn[];
  rows: { rowNumber: number; line: number | null; cells: (string | null)[] }[];
  problems: { line: number | null; message: string }[];
  checkedAt: string;
}

const MAX_CELL_CHARACTERS = 300;

/**
 * The source's columns and first rows, as the source page shows them (cells as display text),
 * and Source.columns refreshed with what was read, so the mapping step sees today's columns.
 * Identifiers (e-mails, phones, IP addresses) are masked here, on the server, for every role: the
 * rows are for checking the source's shape, and the mask keeps enough to recognise a value.
 */
export async function previewSource(
  db: Db,
  sourceId: string,
  options: { limit?: number; secretBox?: SecretBox } = {},
): Promise<SourcePreview> {
  const opened = await openSource(db, sourceId, { secretBox: options.secretBox });
  const sample = await withSourceErrors(() => opened.reader.sample(options.limit ?? 20));
  const checkedAt = new Date();
  // updateMany: a source deleted while its preview ran is simply not updated.
  await db.source.updateMany({
    where: { id: sourceId },
    data: { columns: columnsToJson(sample.columns), columnsCheckedAt: checkedAt },
  });
  const sensitive = sample.columns.map((column) => isSensitiveColumnName(normalizeColumnName(column.name)));
  return {
    columns: sample.columns,
    rows: sample.rows.map((row) => ({
      rowNumber: row.rowNumber,
      line: row.line ?? null,
      cells: sample.columns.map((column, index) =>
        displayCell(row.values[column.name] ?? null, sensitive[index] ?? false),
      ),
    })),
    problems: sample.problems.map((problem) => ({ line: problem.line ?? null, message: problem.message })),
    checkedAt: checkedAt.toISOString(),
  };
}

export interface ConnectionCheck {
  user: string;
  database: string;
  serverVersion: string;
}

/** Connects and logs in to a PostgreSQL source's server, without running its query. */
export async function testSourceConnection(
  db: Db,
  sourceId: string,
  options: { secretBox?: SecretBox } = {},
): Promise<ConnectionCheck> {
  const opened = await openSource(db, sourceId, { secretBox: options.secretBox });
  if (opened.kind !== "POSTGRES") throw new AppError("CONFLICT", "Only a PostgreSQL source has a connection to test.");
  return withSourceErrors(() => opened.reader.testConnection());
}

/** A cell as text for the sample table: identifiers masked (as the wizard masks them), dates in
 * ISO form, JSON as JSON, long values cut; spaces are kept, they are worth seeing. `sensitive`:
 * the column is named like one that holds identifiers. */
export function displayCell(value: SourceValue | undefined, sensitive: boolean): string | null {
  if (value === null || value === undefined) return null;
  const text = maskedIdentifier(value, sensitive) ?? cellText(value);
  return text.length > MAX_CELL_CHARACTERS ? `${text.slice(0, MAX_CELL_CHARACTERS)}…` : text;
}
