import type pg from "pg";
import type { FieldDef } from "pg";
import { createSourceClient } from "./create-source-client";
import { sourceTypeParsers } from "./postgres-column-type";
import {
  timeoutError,
  toConnectError,
  toPostgresSourceError,
  type PostgresErrorContext,
} from "./postgres-source-error";
import type { ResultLimits } from "./size-limited-messages";
import { abortedError } from "../source-error";
import type { SourceConnectionConfig } from "./source-connection-config";
import { checkSourceConnection, type SourceGuard } from "./source-guard";

const CURSOR = "sluice_source";
const DECLARE_PREFIX = `DECLARE ${CURSOR} NO SCROLL CURSOR FOR `;

export interface CursorFetch {
  fields: FieldDef[];
  /** Each an array in column order. Rows the size filter replaced are rows of NULLs here; `limits`
   * says which (see SizeLimitedMessages). */
  rows: unknown[][];
  limits: ResultLimits;
}

export interface ReadOnlyCursor {
  /** The next `count` rows (fewer at the end). */
  fetch(count: number): Promise<CursorFetch>;
  /** Skips `count` rows on the server without reading them. */
  skip(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface CursorOptions {
  context: PostgresErrorContext & { query: string; statementTimeoutMs: number };
  config: SourceConnectionConfig;
  guard: SourceGuard;
  connectTimeoutMs: number;
  signal?: AbortSignal;
  /** Plan for fetching every row (PostgresQuerySourceOptions.planForAllRows). */
  readsAll?: boolean;
}

/** Connects, logs in and checks where the connection landed (checkSourceConnection), with the
 * connection's errors reduced to fixed messages. Also the whole of "Test connection". */
export async function connectCheckedSource(
  options: Omit<CursorOptions, "context"> & { context: PostgresErrorContext },
) {
  const { client, messages } = createSourceClient(options.config, options.connectTimeoutMs);
  const close = () => client.end().catch(() => undefined);
  const run = <T>(work: () => Promise<T>, deadline?: Deadline) =>
    guarded(work, { signal: options.signal, deadline, onCancel: close });
  try {
    // pg's own connect timeout normally fires first; ours covers a stalled TLS handshake.
    await run(() => client.connect(), {
      ms: options.connectTimeoutMs + 1_000,
      error: () => new Error("connection timeout"),
    });
  } catch (error) {
    await close();
    throw toConnectError(error, options.context);
  }
  try {
    await run(() => checkSourceConnection(client, options.guard, options.config), {
      ms: options.connectTimeoutMs,
      error: () => new Error("connection timeout"),
    });
  } catch (error) {
    await close();
    throw toConnectError(error, options.context);
  }
  return { client, messages, close };
}

/**
 * Opens a connection, a READ ONLY transaction and a server-side cursor over the user's query.
 *
 * Why DECLARE/FETCH rather than pg-cursor's protocol-level portal: PostgreSQL times a portal from
 * its first message to the next Sync, so with pg-cursor `statement_timeout` would bound the whole
 * stream, and a sync that paces its reads to X's rate limits would be cancelled half-way. Each
 * FETCH is its own statement, so the timeout bounds every step instead. DECLARE also refuses
 * anything but a query (including data-modifying CTEs), on top of the read-only transaction.
 *
 * The query is sent with the extended protocol, so the server refuses a second statement
 * smuggled after a semicolon.
 */
export async function openReadOnlyCursor(options: CursorOptions): Promise<ReadOnlyCursor> {
  const { context, signal } = options;
  if (signal?.aborted) throw abortedError();
  const { client, messages, close: end } = await connectCheckedSource(options);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await end();
  };
  // Our own deadline backs up the server's: it also covers a server that ignores
  // statement_timeout (the embedded database) and a network that stops answering.
  const deadlineMs = context.statementTimeoutMs + Math.max(2_000, context.statementTimeoutMs / 2);
  const queryDeadline = { ms: deadlineMs, error: () => timeoutError(context) };
  const run = <T>(work: () => Promise<T>, deadline?: Deadline) => guarded(work, { signal, deadline, onCancel: close });
  const queryError = (error: unknown) =>
    toPostgresSourceError(error, { ...context, queryOffset: Array.from(DECLARE_PREFIX).length });

  try {
    // Session settings for this transaction only; the timeout is an integer we validated.
    // The idle limit frees the server if a reader is abandoned without being closed. Without
    // synchronized scans, reading a table again (after a FETCH went over its byte budget) starts
    // where the first read did.
    await run(
      () =>
        client.query(
          `BEGIN READ ONLY; SET LOCAL statement_timeout = ${context.statementTimeoutMs}; ` +
            `SET LOCAL idle_in_transaction_session_timeout = ${15 * 60_000}; SET LOCAL synchronize_seqscans = off` +
            // A cursor is planned for its first tenth by default: an incremental window under the
            // query's ORDER BY order_id walked that index through all ten million rows (4.5 s)
            // instead of sorting the eight thousand the window's index finds (35 ms).
            (options.readsAll ? "; SET LOCAL cursor_tuple_fraction = 1" : ""),
        ),
      queryDeadline,
    );
    // `queryMode` is supported by pg 8.23 but missing from @types/pg.
    const declare: pg.QueryConfig & { queryMode: "extended" } = {
      text: DECLARE_PREFIX + context.query,
      queryMode: "extended",
    };
    await run(() => client.query(declare), queryDeadline);
  } catch (error) {
    await close();
    throw queryError(error);
  }

  // Set again before every FETCH and MOVE: the query itself runs during them and may call
  // set_config('statement_timeout', '0', false), which would leave the next ones with no limit on
  // the server (our deadline would drop the connection, but the server would keep working).
  // PostgreSQL times a statement by the limit in force when it starts, so the step that follows
  // is bounded whatever the query sets while it runs.
  const step = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      await run(() => client.query(`SET LOCAL statement_timeout = ${context.statementTimeoutMs}`), queryDeadline);
      return await run(work, queryDeadline);
    } catch (error) {
      await close();
      throw queryError(error);
    }
  };

  return {
    fetch: (count) =>
      step(async () => {
        const filter = messages();
        filter?.beginResult();
        const result = await client.query<unknown[]>({
          text: `FETCH FORWARD ${count} FROM ${CURSOR}`,
          rowMode: "array",
          types: sourceTypeParsers,
        });
        const limits = filter?.current ?? {
          rows: result.rows.length,
          bytes: 0,
          oversized: [],
          deferredFrom: null,
          largestRow: 0,
        };
        return { fields: result.fields, rows: result.rows, limits };
      }),
    skip: async (count) => {
      if (count > 0) await step(() => client.query(`MOVE FORWARD ${count} FROM ${CURSOR}`));
    },
    close,
  };
}

interface Deadline {
  ms: number;
  error: () => Error;
}

interface GuardOptions {
  signal?: AbortSignal;
  deadline?: Deadline;
  onCancel: () => Promise<void>;
}

// Runs one step; an abort or a missed deadline drops the connection at once (which also stops
// the server's work) instead of waiting for the step to finish on its own.
function guarded<T>(work: () => Promise<T>, options: GuardOptions): Promise<T> {
  const { signal, deadline, onCancel } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      action();
    };
    const cancelWith = (error: Error) => settle(() => void onCancel().finally(() => reject(error)));
    const onAbort = () => cancelWith(abortedError());
    const timer = deadline === undefined ? undefined : setTimeout(() => cancelWith(deadline.error()), deadline.ms);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    work().then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
