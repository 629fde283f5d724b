import pg from "pg";
import { convertRow, mappingSpecSchema, type MappingSpecInput } from "../../lib/conversions";
import type { SecretBox } from "../../lib/crypto/secret-box";
import type { Db } from "../../lib/db/client";
import type { SourceValue } from "../../lib/sources/types";
import { seedDestination, STORE, type StandinCredentials } from "../../lib/sync/sync-test-harness";
import { startStandin, type RunningStandin } from "../../standin/start-standin";
import { prepareBenchTable, BENCH_MAPPING } from "./prepare-bench-table";
import { startBenchWorker, syncThroughWorker, type WorkerSyncResult } from "./sync-through-worker";

/**
 * `npm run bench -- --only rejections`: what X's rejections cost (issue 21, part 3), each case a
 * real sync through the queue and a fresh worker process (so its peak RSS is its own) into the
 * stand-in, requests counted by the stand-in:
 * - 1% of the rows carry another account's event id (from a column): they should be invalid
 *   before sending, the rest sent in ⌈valid/500⌉ requests;
 * - the destination's event deleted at X, with an OAuth connection (the tag listing knows) and
 *   with a pixel token (only X's answer tells): ≤ 2 requests, a failed run with one reason;
 * - 3 rows whose hashed e-mail X rejects, naming it: ≤ ⌈valid/500⌉ + 6 requests.
 */

export interface RejectionsBenchContext {
  db: Db;
  secrets: SecretBox;
  credentials: StandinCredentials;
  sources: { adminUrl: string; readerUrl: string };
  benchUrl: string;
  workerEnv: (standinUrl: string) => Record<string, string>;
  log: (line: string) => void;
}

export interface RejectionsCase {
  name: string;
  target: string;
  /** The run's rows minus its invalid ones: what could be sent. */
  valid: number;
  /** Conversion requests the stand-in answered. */
  requests: number;
  sync: WorkerSyncResult;
  error: string | null;
  withinTarget: boolean;
}

const FOREIGN_EVENT = "p3aa1"; // an event of another ad account (standin/seed.ts)
const DELETED_EVENT = "o87nj"; // an event of the store account, deleted
const REJECTED_ROWS = [7, 50_002, 99_998];

export async function benchRejections(ctx: RejectionsBenchContext, rows: number): Promise<RejectionsCase[]> {
  const base = `bench_orders_${rows}`;
  const table = `bench_events_${rows}`;
  process.stdout.write(`\n▸ rejections: ${rows.toLocaleString("en-US")} rows, preparing ${table}… `);
  await prepareBenchTable(ctx.sources.adminUrl, base, rows);
  await prepareEventTable(ctx.sources.adminUrl, base, table, rows);
  const columnMapping: MappingSpecInput = { ...BENCH_MAPPING, eventId: { kind: "column", column: "event_id" } };
  const query = `SELECT * FROM ${table} ORDER BY order_id`;
  const cases: RejectionsCase[] = [];
  const ceil500 = (n: number) => Math.ceil(n / 500);

  process.stdout.write("foreign event ids… ");
  cases.push(
    await runCase(
      ctx,
      { name: `1% other-account event ids (${rows.toLocaleString("en-US")} rows)`, query, mapping: columnMapping },
      (r, valid) => ({
        target: `= ⌈valid/500⌉ = ${ceil500(valid)}`,
        ok: r.requests === ceil500(valid) && r.sync.rowsRejected === 0 && r.sync.rowsSent === valid,
      }),
    ),
  );

  process.stdout.write("deleted event (OAuth)… ");
  cases.push(
    await runCase(
      ctx,
      { name: "destination's event deleted (OAuth)", query, mapping: BENCH_MAPPING, eventId: DELETED_EVENT },
      (r) => ({
        target: "≤ 2, FAILED",
        ok: r.requests <= 2 && r.sync.status === "FAILED",
      }),
    ),
  );

  process.stdout.write("deleted event (pixel token)… ");
  cases.push(
    await runCase(
      ctx,
      {
        name: "destination's event deleted (pixel token)",
        query,
        mapping: BENCH_MAPPING,
        eventId: DELETED_EVENT,
        pixelToken: true,
      },
      (r) => ({
        target: "≤ 2, FAILED",
        ok: r.requests <= 2 && r.sync.status === "FAILED",
      }),
    ),
  );

  process.stdout.write("3 values X rejects… ");
  const hashes = await hashedEmailsOf(ctx.sources.adminUrl, base, REJECTED_ROWS);
  cases.push(
    await runCase(
      ctx,
      {
        name: `3 hashed e-mails X rejects by value (${rows.toLocaleString("en-US")} rows)`,
        query: `SELECT * FROM ${base} ORDER BY order_id`,
        mapping: BENCH_MAPPING,
        rejectEmails: hashes,
      },
      (r, valid) => ({
        target: `≤ ⌈valid/500⌉ + 6 = ${ceil500(valid) + 6}`,
        ok: r.requests <= ceil500(valid) + 6 && r.sync.rowsRejected === 3 && r.sync.rowsSent === valid - 3,
      }),
    ),
  );
  console.log("done");
  return cases;
}

interface CaseInput {
  name: string;
  query: string;
  mapping: MappingSpecInput;
  eventId?: string;
  pixelToken?: boolean;
  rejectEmails?: string[];
}

async function runCase(
  ctx: RejectionsBenchContext,
  input: CaseInput,
  judge: (result: { requests: number; sync: WorkerSyncResult }, valid: number) => { target: string; ok: boolean },
): Promise<RejectionsCase> {
  const standin = await startStandin({ rateLimit: { conversionsPerWindow: 1_000_000_000 }, recordPayloads: false });
  const worker = await startBenchWorker(ctx.workerEnv(standin.url), ctx.log);
  try {
    const { destinationId } = await seedDestination(ctx.db, ctx.secrets, {
      url: ctx.sources.readerUrl,
      credentials: ctx.credentials,
      query: input.query,
      mapping: input.mapping,
      name: `${input.name} ${Date.now()}`,
    });
    if (input.eventId)
      await ctx.db.destination.update({ where: { id: destinationId }, data: { eventId: input.eventId } });
    if (input.pixelToken) await switchToPixelToken(ctx, standin, destinationId);
    if (input.rejectEmails)
      standin.state.rejectedValues.add({
        values: input.rejectEmails.map((value) => ({ parameter: "hashed_email", value })),
      });
    const sync = await syncThroughWorker(ctx.db, ctx.benchUrl, worker, destinationId);
    const requests = [...standin.state.requestsByStatus("/measurement/conversions").values()].reduce(
      (a, b) => a + b,
      0,
    );
    const run = await ctx.db.syncRun.findUniqueOrThrow({ where: { id: sync.runId }, select: { error: true } });
    const valid = sync.rowsRead - sync.rowsInvalid;
    const verdict = judge({ requests, sync }, valid);
    return {
      name: input.name,
      target: verdict.target,
      valid,
      requests,
      sync,
      error: run.error,
      withinTarget: verdict.ok,
    };
  } finally {
    await worker.stop();
    await standin.stop();
  }
}

/** An Events Manager token instead of OAuth: no tag listing, only X's answers tell. */
async function switchToPixelToken(
  ctx: RejectionsBenchContext,
  standin: RunningStandin,
  destinationId: string,
): Promise<void> {
  const token = standin.state.issuePixelToken(STORE.pixelId);
  const connection = await ctx.db.xConnection.create({
    data: {
      kind: "PIXEL_TOKEN",
      pixelId: STORE.pixelId,
      label: `Pixel ${STORE.pixelId}`,
      tokenSealed: ctx.secrets.seal(token),
    },
  });
  await ctx.db.destination.update({
    where: { id: destinationId },
    data: { connectionId: connection.id, adAccountId: null },
  });
}

/** The bench orders plus an event_id column: every 100th order another account's event. */
async function prepareEventTable(adminUrl: string, base: string, table: string, rows: number): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows: existing } = await client
      .query<{ n: string }>(`SELECT (SELECT count(*) FROM ${table})::text AS n WHERE to_regclass($1) IS NOT NULL`, [
        table,
      ])
      .catch(() => ({ rows: [] as { n: string }[] }));
    if (existing[0]?.n === String(rows)) return;
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.query(
      `CREATE TABLE ${table} AS SELECT o.*, CASE WHEN substr(o.order_id, 5)::int % 100 = 0 THEN '${FOREIGN_EVENT}' ELSE '${STORE.eventId}' END AS event_id FROM ${base} o`,
    );
    await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (order_id)`);
    await client.query(`ANALYZE ${table}`);
  } finally {
    await client.end();
  }
}

/** The hashed e-mails Sluice sends for these orders, converted as a sync converts them. */
async function hashedEmailsOf(adminUrl: string, table: string, orders: number[]): Promise<string[]> {
  const mapping = mappingSpecSchema.parse(BENCH_MAPPING);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, SourceValue>>(
      `SELECT * FROM ${table} WHERE order_id = ANY($1) ORDER BY order_id`,
      [orders.map((n) => `ORD-${n}`)],
    );
    return rows.map((row) => {
      const result = convertRow(mapping, { eventId: STORE.eventId, pixelId: STORE.pixelId }, row);
      const hashed =
        result.status === "valid" ? result.conversion.identifiers.find((id) => "hashed_email" in id) : undefined;
      if (!hashed || !("hashed_email" in hashed)) throw new Error(`order ${String(row.order_id)} has no hashed e-mail`);
      return hashed.hashed_email;
    });
  } finally {
    await client.end();
  }
}
