import pg from "pg";
import type { FieldDef } from "pg";
import { sourceTypeParsers } from "./postgres-column-type";
import { abortedError } from "./source-error";
import { timeoutError, toPostgresSourceError, type PostgresErrorContext } from "./postgres-source-error";

const CURSOR = "sluice_source";
const DECLARE_PREFIX = `DECLARE ${CURSOR} NO SCROLL CURSOR FOR `;

export interface ReadOnlyCursor {
  /** The next `count` rows (fewer at the end), each an array in column order. */
  fetch(count: number): Promise<{ fields: FieldDef[]; rows: unknown[][] }>;
  close(): Promise<void>;
}

export interface CursorOptions {
  context: PostgresErrorContext & { query: string; statementTimeoutMs: number };
  connectTimeoutMs: number;
  signal?: AbortSignal;
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
  const client = new pg.Client({
    connectionString: context.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: "sluice-source",
    keepAlive: true,
  });
  // A dropped connection is reported by the pending query; without a listener, pg's 'error'
  // event on an idle client would crash the process.
  client.on("error", () => undefined);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.end().catch(() => undefined);
  };
  // Our own deadline backs up the server's: it also covers a server that ignores
  // statement_timeout (embedded PGlite) and a network that stops answering.
  const deadlineMs = context.statementTimeoutMs + Math.max(2_000, context.statementTimeoutMs / 2);
  const queryDeadline = { ms: deadlineMs, error: () => timeoutError(context) };
  const run = <T>(work: () => Promise<T>, deadline?: Deadline) => guarded(work, { signal, deadline, onCancel: close });

  try {
    // pg's own connect timeout normally fires first; ours covers a stalled TLS handshake.
    await run(() => client.connect(), {
      ms: options.connectTimeoutMs + 1_000,
      error: () => toPostgresSourceError(new Error("connection timeout"), context),
    });
    // Session settings for this transaction only; the timeout is an integer we validated.
    // The idle limit frees the server if a reader is abandoned without being closed.
    await run(
      () =>
        client.query(
          `BEGIN READ ONLY; SET LOCAL statement_timeout = ${context.statementTimeoutMs}; ` +
            `SET LOCAL idle_in_transaction_session_timeout = ${15 * 60_000}`,
        ),
      queryDeadline,
    );
    // `queryMode` is supported by pg 8.23 but missing from @types/pg.
    const declare: pg.QueryConfig & { queryMode: "extended" } = { text: DECLARE_PREFIX + context.query, queryMode: "extended" };
    await run(() => client.query(declare), queryDeadline);
  } catch (error) {
    await close();
    throw toPostgresSourceError(error, { ...context, queryOffset: Array.from(DECLARE_PREFIX).length });
  }

  return {
    async fetch(count) {
      try {
        // Set again before every FETCH: the query itself runs during FETCH and may call
        // set_config('statement_timeout', '0', false), which would leave the next FETCHes with no
        // limit on the server (our deadline would drop the connection, but the server would keep
        // working). PostgreSQL times a statement by the limit in force when it starts, so the
        // FETCH that follows is bounded whatever the query sets while it runs.
        await run(() => client.query(`SET LOCAL statement_timeout = ${context.statementTimeoutMs}`), queryDeadline);
        const result = await run(
          () => client.query<unknown[]>({ text: `FETCH FORWARD ${count} FROM ${CURSOR}`, rowMode: "array", types: sourceTypeParsers }),
          queryDeadline,
        );
        return { fields: result.fields, rows: result.rows };
      } catch (error) {
        await close();
        throw toPostgresSourceError(error, { ...context, queryOffset: Array.from(DECLARE_PREFIX).length });
      }
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
