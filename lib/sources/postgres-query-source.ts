import pg from "pg";
import type { FieldDef } from "pg";
import { cellChars } from "./cell-chars";
import { checkSourceQuery } from "./check-source-query";
import { openReadOnlyCursor } from "./open-read-only-cursor";
import { postgresColumnType } from "./postgres-column-type";
import { toPostgresSourceError, type PostgresErrorContext } from "./postgres-source-error";
import { SourceError } from "./source-error";
import type { SourceChunk, SourceColumn, SourceProblem, SourceReader, SourceRow, SourceValue } from "./types";
import { uniqueColumnNames } from "./unique-column-names";

export interface PostgresQuerySourceOptions {
  /** postgresql://user:password@host:5432/database (never shown back; see redactConnectionString). */
  connectionString: string;
  /** One SELECT (or WITH … SELECT, VALUES, TABLE); a trailing semicolon is fine. */
  query: string;
  /** Limit for each step of the query on the server; 30 s unless given. */
  statementTimeoutMs?: number;
  /** Limit for reaching the server and logging in; 10 s unless given. */
  connectTimeoutMs?: number;
}

export interface PostgresConnectionInfo {
  user: string;
  database: string;
  serverVersion: string;
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
 */
export function createPostgresQuerySource(options: PostgresQuerySourceOptions): PostgresQuerySource {
  const statementTimeoutMs = positiveInteger(options.statementTimeoutMs, DEFAULT_STATEMENT_TIMEOUT_MS, "statementTimeoutMs");
  const connectTimeoutMs = positiveInteger(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS, "connectTimeoutMs");
  // Checked when used rather than here, so a bad connection string surfaces as a rejected
  // promise from the method called, like every other error of this source.
  const context = () => ({ ...describeTarget(options.connectionString), query: options.query, statementTimeoutMs });

  const open = async (signal?: AbortSignal) => {
    const target = context();
    checkSourceQuery(options.query);
    return openReadOnlyCursor({ context: target, connectTimeoutMs, signal });
  };

  async function sample(limit: number, signal?: AbortSignal) {
    // A preview, not an export: the sample is held in memory, so it is capped like a chunk.
    const count = Number.isFinite(limit) ? Math.min(MAX_CHUNK_SIZE, Math.max(0, Math.floor(limit))) : 0;
    const cursor = await open(signal);
    try {
      // FETCH 0 still describes the columns, so columns() never runs the query to completion.
      const batch = await cursor.fetch(count);
      const shape = rowShape(batch.fields);
      return { columns: shape.columns, problems: shape.problems, rows: batch.rows.map((row, index) => shape.toRow(row, index + 1)) };
    } finally {
      await cursor.close();
    }
  }

  return {
    async columns() {
      return (await sample(0)).columns;
    },
    sample: (limit) => sample(limit),
    async *stream(streamOptions = {}): AsyncGenerator<SourceChunk> {
      const chunkSize = Math.min(MAX_CHUNK_SIZE, positiveInteger(streamOptions.chunkSize, DEFAULT_CHUNK_SIZE, "chunkSize"));
      const maxChars = streamOptions.maxChunkChars;
      const cursor = await open(streamOptions.signal);
      try {
        let shape: RowShape | undefined;
        let rowNumber = 0;
        // With a character bound, a first small read tells how wide the rows are; each read's
        // size then follows from the last one's characters per row.
        let fetchSize = maxChars ? Math.min(chunkSize, FIRST_BOUNDED_FETCH) : chunkSize;
        for (;;) {
          const batch = await cursor.fetch(fetchSize);
          const problems = shape ? [] : (shape = rowShape(batch.fields)).problems;
          if (batch.rows.length > 0 || problems.length > 0) yield tableChunk(shape, batch.rows, rowNumber, problems);
          rowNumber += batch.rows.length;
          if (batch.rows.length < fetchSize) return;
          if (maxChars) {
            let chars = 0;
            for (const row of batch.rows as unknown[][]) chars += cellChars(row);
            fetchSize = Math.max(1, Math.min(chunkSize, Math.floor((fetchSize * maxChars) / Math.max(1, chars))));
          }
        }
      } finally {
        await cursor.close();
      }
    },
    testConnection: async () => testConnection(context(), connectTimeoutMs),
  };
}

/** A chunk that is its table (the cells as pg gives them, which are never undefined), with the
 * rows built only if something reads them. */
function tableChunk(shape: RowShape, cells: unknown[][], before: number, problems: SourceProblem[]): SourceChunk {
  const rowNumbers = cells.map((_, index) => before + index + 1);
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
  const columns = fields.map((field, index) => ({ name: names[index] ?? field.name, type: postgresColumnType(field.dataTypeID) }));
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

async function testConnection(context: PostgresErrorContext, connectTimeoutMs: number): Promise<PostgresConnectionInfo> {
  const client = new pg.Client({ connectionString: context.connectionString, connectionTimeoutMillis: connectTimeoutMs, application_name: "sluice-source" });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ user: string; database: string; version: string }>(
      `SELECT current_user AS "user", current_database() AS "database", current_setting('server_version') AS "version"`,
    );
    const row = rows[0];
    return { user: row?.user ?? context.user, database: row?.database ?? context.database, serverVersion: row?.version ?? "" };
  } catch (error) {
    throw toPostgresSourceError(error, context);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Host, port, user and database for error messages, checked without revealing the string. */
function describeTarget(connectionString: string): PostgresErrorContext {
  const invalid = () =>
    new SourceError("invalid_connection_string", "The connection string is not valid. It should look like postgresql://user:password@host:5432/database.");
  if (!/^postgres(ql)?:\/\//i.test(connectionString.trim())) throw invalid();
  let url: URL;
  try {
    url = new URL(connectionString.trim());
  } catch {
    throw invalid();
  }
  const user = decodeURIComponent(url.username) || "postgres";
  return {
    connectionString,
    host: url.hostname || "localhost",
    port: Number(url.port || 5432),
    user,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || user,
  };
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
