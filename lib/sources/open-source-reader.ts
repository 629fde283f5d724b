import type { Db } from "../db/client";
import { openOrNull, type SecretBox } from "../crypto/secret-box";
import { AppError } from "../errors";
import { createCsvSource, type CsvSource } from "./csv/csv-source";
import { createPagedQuerySource } from "./postgres/paged-query-source";
import { createQuerySourceForServer } from "./postgres/query-source-for-server";
import { loadSourceGuard } from "./postgres/load-source-guard";
import { createPostgresQuerySource, type PostgresQuerySource } from "./postgres/postgres-query-source";
import type { CsvLimits } from "./csv/read-csv-records";
import { readCsvFileBytes } from "./csv/read-csv-file-bytes";
import { sourceSecretBox } from "./source-secret-box";
import type { SourceReader } from "./types";
import { checkIncrementalColumn, type IncrementalColumnCheck } from "./postgres/check-incremental-column";
import { incrementalQuery, type IncrementalRead } from "./incremental-read";

export interface OpenSourceOptions {
  /** Opens the sealed connection string; the one built from the environment unless given. */
  secretBox?: SecretBox;
  /** Overrides the source's saved statement timeout (e.g. a shorter one for a preview). */
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  csvLimits?: Partial<CsvLimits>;
  /** Read a Postgres source chunk by chunk, holding no transaction in between (see
   * createPagedQuerySource), or through one cursor; by default as the source's server allows
   * (createQuerySourceForServer). */
  pagedReads?: boolean;
  /** Read only the rows of this incremental window (Postgres sources; a CSV is read whole). */
  incremental?: IncrementalRead | null;
}

export type OpenedSource =
  | { kind: "POSTGRES"; sourceId: string; reader: PostgresQuerySource }
  | { kind: "CSV"; sourceId: string; reader: CsvSource };

/**
 * The reader for a saved source, as the wizard, the preview, the sync worker and the CLI all
 * need it: the connection string is reloaded from the database and opened here, never taken
 * from a caller; a CSV file is streamed from its stored chunks, so any worker on any machine
 * reads it. Throws an AppError when the source (or its file) is missing.
 */
export async function openSourceReader(
  db: Db,
  sourceId: string,
  options: OpenSourceOptions = {},
): Promise<SourceReader> {
  return (await openSource(db, sourceId, options)).reader;
}

/** openSourceReader, with the kind known, for callers that need Postgres' testConnection. */
export async function openSource(db: Db, sourceId: string, options: OpenSourceOptions = {}): Promise<OpenedSource> {
  const source = await db.source.findUnique({
    where: { id: sourceId },
    select: {
      id: true,
      kind: true,
      connectionStringSealed: true,
      query: true,
      statementTimeoutMs: true,
      csvFileId: true,
    },
  });
  if (!source) throw new AppError("NOT_FOUND", "This source no longer exists.");
  if (source.kind === "CSV") {
    if (!source.csvFileId) throw new AppError("CONFLICT", "This CSV source has no file yet. Upload one first.");
    return { kind: "CSV", sourceId, reader: await openCsvFileReader(db, source.csvFileId, options) };
  }
  if (!source.connectionStringSealed || !source.query) {
    throw new AppError("CONFLICT", "This source has no connection string or query saved. Edit it and save both.");
  }
  const connectionString = openConnectionString(options.secretBox ?? sourceSecretBox(), source.connectionStringSealed);
  const guard = await loadSourceGuard(db);
  const readerOptions = {
    connectionString,
    query: options.incremental ? incrementalQuery(source.query, options.incremental) : source.query,
    planForAllRows: Boolean(options.incremental),
    statementTimeoutMs: options.statementTimeoutMs ?? source.statementTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
    guard,
  };
  const reader =
    options.pagedReads === undefined
      ? createQuerySourceForServer(readerOptions)
      : options.pagedReads
        ? createPagedQuerySource(readerOptions)
        : createPostgresQuerySource(readerOptions);
  return { kind: "POSTGRES", sourceId, reader };
}

/**
 * checkIncrementalColumn for a saved Postgres source, its connection string opened here as
 * openSource opens it; null for a CSV source, which is always read whole.
 */
export async function checkSourceCursorColumn(
  db: Db,
  sourceId: string,
  column: string,
  options: Pick<OpenSourceOptions, "secretBox" | "connectTimeoutMs"> = {},
): Promise<IncrementalColumnCheck | null> {
  const source = await db.source.findUnique({
    where: { id: sourceId },
    select: { kind: true, connectionStringSealed: true, query: true, statementTimeoutMs: true },
  });
  if (!source) throw new AppError("NOT_FOUND", "This source no longer exists.");
  if (source.kind !== "POSTGRES") return null;
  if (!source.connectionStringSealed || !source.query) {
    throw new AppError("CONFLICT", "This source has no connection string or query saved. Edit it and save both.");
  }
  const connectionString = openConnectionString(options.secretBox ?? sourceSecretBox(), source.connectionStringSealed);
  return checkIncrementalColumn(
    {
      connectionString,
      query: source.query,
      guard: await loadSourceGuard(db),
      statementTimeoutMs: source.statementTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
    },
    column,
  );
}

/**
 * A CSV reader over a stored file (by CsvFile id), e.g. to check a fresh upload before it
 * becomes a source's file. An unfinished upload is refused: its bytes are not all there.
 */
export async function openCsvFileReader(
  db: Db,
  fileId: string,
  options: Pick<OpenSourceOptions, "csvLimits"> = {},
): Promise<CsvSource> {
  const file = await db.csvFile.findUnique({ where: { id: fileId }, select: { chunkCount: true, completedAt: true } });
  if (!file) throw new AppError("NOT_FOUND", "The CSV file no longer exists. Upload it again.");
  if (!file.completedAt) throw new AppError("CONFLICT", "The CSV file's upload did not finish. Upload it again.");
  return createCsvSource({ open: () => readCsvFileBytes(db, fileId, file.chunkCount), limits: options.csvLimits });
}

function openConnectionString(box: SecretBox, sealed: string): string {
  const connectionString = openOrNull(box, sealed);
  // Never the sealed text or the cause in the message: only what the person can do about it.
  if (connectionString === null) {
    throw new AppError(
      "CONFLICT",
      "The saved connection string cannot be decrypted with this server's encryption key (was SLUICE_ENCRYPTION_KEY changed?). Edit the source and enter the connection string again.",
    );
  }
  return connectionString;
}
