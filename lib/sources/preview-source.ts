import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { AppError } from "../server/errors";
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
 */
export async function previewSource(db: Db, sourceId: string, options: { limit?: number; secretBox?: SecretBox } = {}): Promise<SourcePreview> {
  const opened = await openSource(db, sourceId, { secretBox: options.secretBox });
  const sample = await withSourceErrors(() => opened.reader.sample(options.limit ?? 20));
  const checkedAt = new Date();
  // updateMany: a source deleted while its preview ran is simply not updated.
  await db.source.updateMany({ where: { id: sourceId }, data: { columns: columnsToJson(sample.columns), columnsCheckedAt: checkedAt } });
  return {
    columns: sample.columns,
    rows: sample.rows.map((row) => ({
      rowNumber: row.rowNumber,
      line: row.line ?? null,
      cells: sample.columns.map((column) => displayCell(row.values[column.name] ?? null)),
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
export async function testSourceConnection(db: Db, sourceId: string, options: { secretBox?: SecretBox } = {}): Promise<ConnectionCheck> {
  const opened = await openSource(db, sourceId, { secretBox: options.secretBox });
  if (opened.kind !== "POSTGRES") throw new AppError("CONFLICT", "Only a PostgreSQL source has a connection to test.");
  return withSourceErrors(() => opened.reader.testConnection());
}

/** A cell as text for the sample table: dates in ISO form, JSON as JSON, long values cut. */
export function displayCell(value: SourceValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? "Invalid date" : value.toISOString();
  else if (typeof value === "object") text = JSON.stringify(value);
  else text = String(value);
  return text.length > MAX_CELL_CHARACTERS ? `${text.slice(0, MAX_CELL_CHARACTERS)}…` : text;
}
