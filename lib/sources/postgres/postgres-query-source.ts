import type { FieldDef } from "pg";
import { profileOfVersion, type DatabaseProfile } from "../../db/database-profile";
import { cellChars } from "../cell-chars";
import { checkSourceQuery } from "./check-source-query";
import {
  connectCheckedSource,
  openReadOnlyCursor,
  type CursorFetch,
  type ReadOnlyCursor,
} from "./open-read-only-cursor";
import { postgresColumnType } from "./postgres-column-type";
import { toPostgresSourceError, type PostgresErrorContext } from "./postgres-source-error";
import { MAX_SOURCE_ROW_BYTES } from "./size-limited-messages";
import { parseSourceConnectionString, type SourceConnectionConfig } from "./source-connection-config";
import type { SourceGuard } from "./source-guard";
import type {
  SourceChunk,
  SourceColumn,
  SourceProblem,
  SourceReader,
  SourceRow,
  SourceSample,
  SourceValue,
} from "../types";
import { uniqueColumnNames } from "../unique-column-names";

export interface PostgresQuerySourceOptions {
  /** postgresql://user:password@host:5432/database (never shown back; see redactConnectionString). */
  connectionString: string;
  /** One SELECT (or WITH … SELECT, VALUES, TABLE); a trailing semicolon is fine. */
  query: string;
  /** Limit for each step of the query on the server; 30 s unless given. */
  statementTimeoutMs?: number;
  /** Limit for reaching the server and logging in; 10 s unless given. */
  connectTimeoutMs?: number;
  /** Where the connection must not land, and which users it must not read with. */
  guard: SourceGuard;
  /** Plan the stream's query for reading every row rather than for its first rows (a cursor's
   * default). For incremental windows: a few rows found through the cursor column's index, which
   * a plan for the first rows passed over for the ORDER BY's index through the whole table. A full
   * read keeps the default, which streams an ORDER BY from its index instead of sorting the
   * whole table on the server first. */
  planForAllRows?: boolean;
}

export interface PostgresConnectionInfo {
  user: string;
  database: string;
  serverVersion: string;
  /** What reading from this server must allow for (lib/db/database-profile.ts). */
  profile: DatabaseProfile;
}

export interface PostgresQuerySource extends SourceReader {
  /** Connects and logs in, without running the query; throws a SourceError saying what failed. */
  testConnection(): Promise<PostgresConnectionInfo>;
}

const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_CHUNK_SIZE = 1_000;
const MAX_CHUNK_SIZE = 50_000;
const FIRST_BOUNDED_FETCH = 500;

/**
 * A source that reads the rows of a SQL query from the customer's PostgreSQL, read-only, with a
 * time limit, streamed through a server-side cursor so memory stays flat for any number of rows.
 * Every call opens its own short-lived connection: sources are read rarely and briefly, and a
 * pool would keep connections to the customer's server open for nothing.
 *
 * No row over MAX_SOURCE_ROW_BYTES is ever loaded: it becomes a "row_too_large" problem with its
 * row number, and the rows after it are read as usual. One FETCH holds at most
 * MAX_SOURCE_FETCH_BYTES of rows: when rows turn suddenly wider, the rows past that budget are
 * read again by opening the query anew and skipping what was read (see readRows).
 */
export function createPostgresQuerySource(options: PostgresQuerySourceOptions): PostgresQuerySource {
  const statementTimeoutMs = positiveInteger(
    options.statementTimeoutMs,
    DEFAULT_STATEMENT_TIMEOUT_MS,
    "statementTimeoutMs",
  );
  const connectTimeoutMs = positiveInteger(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS, "connectTimeoutMs");
  // Checked when used rather than here, so a bad connection string surfaces as a rejected
  // promise from the method called, like every other error of this source.
  const target = () => {
    const config = parseSourceConnectionString(options.connectionString);
    const context = {
      connectionString: options.connectionString,
      host: config.host,
      port: config.port,
      user: config.user,
      database: config.database,
    };
    return { config, context: { ...context, query: options.query, statementTimeoutMs } };
  };

  const open = async (signal?: AbortSignal, readsAll = false) => {
    const { config, context } = target();
    checkSourceQuery(options.query);
    return openReadOnlyCursor({ context, config, guard: options.guard, connectTimeoutMs, signal, readsAll });
  };

  async function sample(limit: number, signal?: AbortSignal): Promise<SourceSample> {
    // A preview, not an export: the sample is held in memory, so it is capped like a chunk.
    const count = Number.isFinite(limit) ? Math.min(MAX_CHUNK_SIZE, Math.max(0, Math.floor(limit))) : 0;
    const rows: SourceRow[] = [];
    const problems: SourceProblem[] = [];
    let columns: SourceColumn[] = [];
    // FETCH 0 still describes the columns, so columns() never runs the query to completion.
    for await (const chunk of readRows(open, {
      chunkSize: Math.max(1, count),
      firstFetch: count,
      stopAfter: count,
      signal,
    })) {
      columns = chunk.shape.columns;
      problems.push(...chunk.problems);
      rows.push(...chunk.rows());
    }
    return { columns, problems, rows };
  }

  return {
    async columns() {
      return (await sample(0)).columns;
    },
    sample: (limit) => sample(limit),
    async *stream(streamOptions = {}): AsyncGenerator<SourceChunk> {
      const chunkSize = Math.min(
        MAX_CHUNK_SIZE,
        positiveInteger(streamOptions.chunkSize, DEFAULT_CHUNK_SIZE, "chunkSize"),
      );
      for await (const chunk of readRows((signal) => open(signal, options.planForAllRows ?? false), {
        chunkSize,
        maxChunkChars: streamOptions.maxChunkChars,
        signal: streamOptions.signal,
      })) {
        if (chunk.cells.length > 0 || chunk.problems.length > 0)
          yield tableChunk(chunk.shape, chunk.cells, chunk.rowNumbers, chunk.problems);
      }
    },
    testConnection: async () => {
      const { config, context } = target();
      return testConnection(config, context, options.guard, connectTimeoutMs);
    },
  };
}

interface ReadOptions {
  chunkSize: number;
  /** Size of the first FETCH (0 only describes the columns); by default bounded as below. */
  firstFetch?: number;
  /** Stop once this many rows (kept or not) were read. */
  stopAfter?: number;
  maxChunkChars?: number;
  signal?: AbortSignal;
}

interface ReadChunk {
  shape: RowShape;
  cells: unknown[][];
  rowNumbers: number[];
  problems: SourceProblem[];
  rows(): SourceRow[];
}

/**
 * The query's rows, FETCH by FETCH, with rows over the size limit turned into problems. When a
 * FETCH went over its byte budget, the rows after the budget were not read: the cursor is opened
 * again, the rows already handled are skipped on the server (MOVE), and reading goes on with
 * FETCHes as large as the one that fitted. That reads the query a second time, which only rows
 * that suddenly turn hundreds of times wider cause.
 */
async function* readRows(
  open: (signal?: AbortSignal) => Promise<ReadOnlyCursor>,
  options: ReadOptions,
): AsyncGenerator<ReadChunk> {
  const { chunkSize, maxChunkChars: maxChars, signal } = options;
  let cursor = await open(signal);
  try {
    let shape: RowShape | undefined;
    let handled = 0;
    // With a character bound, a first small read tells how wide the rows are; each read's
    // size then follows from the last one's characters per row.
    let fetchSize = options.firstFetch ?? (maxChars ? Math.min(chunkSize, FIRST_BOUNDED_FETCH) : chunkSize);
    for (;;) {
      const wanted = options.stopAfter === undefined ? fetchSize : Math.min(fetchSize, options.stopAfter - handled);
      const batch: CursorFetch = await cursor.fetch(Math.max(0, wanted));
      const problems = shape ? [] : (shape = rowShape(batch.fields)).problems;
      const { limits } = batch;
      const readCount = limits.deferredFrom ?? batch.rows.length;
      const oversized = new Map(limits.oversized.map((row) => [row.index, row.bytes]));
      const cells: unknown[][] = [];
      const rowNumbers: number[] = [];
      for (let index = 0; index < readCount; index++) {
        const rowNumber = handled + index + 1;
        const bytes = oversized.get(index);
        if (bytes === undefined) {
          cells.push(batch.rows[index] as unknown[]);
          rowNumbers.push(rowNumber);
        } else {
          problems.push(rowTooLarge(rowNumber, bytes));
        }
      }
      const rowShapeNow = shape;
      yield {
        shape,
        cells,
        rowNumbers,
        problems,
        rows: () => cells.map((row, index) => rowShapeNow.toRow(row, rowNumbers[index]!)),
      };
      handled += readCount;
      if (options.stopAfter !== undefined && handled >= options.stopAfter) return;
      if (limits.deferredFrom !== null) {
        // Read the rest again from a fresh cursor, in FETCHes no larger than what fitted.
        await cursor.close();
        cursor = await open(signal);
        await cursor.skip(handled);
        fetchSize = Math.max(1, limits.deferredFrom);
        continue;
      }
      if (batch.rows.length < wanted || wanted === 0) return;
      if (maxChars) {
        let chars = 0;
        for (const row of cells) chars += cellChars(row);
        fetchSize = Math.max(
          1,
          Math.min(chunkSize, Math.floor((Math.max(1, cells.length) * maxChars) / Math.max(1, chars))),
        );
      } else {
        fetchSize = chunkSize;
      }
    }
  } finally {
    await cursor.close();
  }
}

/** A row problem of a query read in pages (createPagedQuerySource), numbered in the whole query:
 * `rowsBefore` rows came before the page it was read in. */
export function shiftRowProblem(problem: SourceProblem, rowsBefore: number): SourceProblem {
  if (problem.rowNumber === undefined) return problem;
  const rowNumber = problem.rowNumber + rowsBefore;
  return { ...problem, rowNumber, message: problem.message.replace(/^Row \d+ /, `Row ${rowNumber} `) };
}

function rowTooLarge(rowNumber: number, bytes: number): SourceProblem {
  const size = (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
  return {
    rowNumber,
    code: "row_too_large",
    message: `Row ${rowNumber} is ${size} MiB, over the ${MAX_SOURCE_ROW_BYTES / 1024 / 1024} MiB a row may be, so it was not read. Select only the columns the mapping needs.`,
  };
}

/** A chunk that is its table (the cells as pg gives them, which are never undefined), with the
 * rows built only if something reads them. */
function tableChunk(shape: RowShape, cells: unknown[][], rowNumbers: number[], problems: SourceProblem[]): SourceChunk {
  const table = { columns: shape.columns.map((column) => column.name), cells, rowNumbers };
  let rows: SourceRow[] | undefined;
  return {
    problems,
    table,
    get rows() {
      return (rows ??= cells.map((row, index) => shape.toRow(row, rowNumbers[index]!)));
    },
  };
}

interface RowShape {
  columns: SourceColumn[];
  problems: SourceProblem[];
  toRow(values: unknown[], rowNumber: number): SourceRow;
}

function rowShape(fields: FieldDef[]): RowShape {
  // `SELECT a.id, b.id` returns two columns named "id"; renaming keeps both values.
  const { names, problems } = uniqueColumnNames(fields.map((field) => field.name));
  const columns = fields.map((field, index) => ({
    name: names[index] ?? field.name,
    type: postgresColumnType(field.dataTypeID),
  }));
  return {
    columns,
    problems,
    toRow(row, rowNumber) {
      const values: Record<string, SourceValue> = Object.create(null);
      columns.forEach((column, index) => {
        values[column.name] = (row[index] ?? null) as SourceValue;
      });
      return { rowNumber, values };
    },
  };
}

async function testConnection(
  config: SourceConnectionConfig,
  context: PostgresErrorContext,
  guard: SourceGuard,
  connectTimeoutMs: number,
): Promise<PostgresConnectionInfo> {
  const { client, close } = await connectCheckedSource({ config, context, guard, connectTimeoutMs });
  try {
    const { rows } = await client.query<{ user: string; database: string; version: string; build: string }>(
      `SELECT current_user AS "user", current_database() AS "database", current_setting('server_version') AS "version", version() AS "build"`,
    );
    const row = rows[0];
    return {
      user: row?.user ?? context.user,
      database: row?.database ?? context.database,
      serverVersion: row?.version ?? "",
      profile: profileOfVersion(row?.build),
    };
  } catch (error) {
    throw toPostgresSourceError(error, context);
  } finally {
    await close();
  }
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
