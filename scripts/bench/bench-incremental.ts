import pg from "pg";
import type { SecretBox } from "../../lib/crypto/secret-box";
import type { Db } from "../../lib/db/client";
import { compactLedger, ledgerKeyCount } from "../../lib/sync/engine/sent-ledger";
import { seedDestination, type StandinCredentials } from "../../lib/sync/sync-test-harness";
import { startStandin } from "../../standin/start-standin";
import type { BenchSourceDatabase } from "./bench-source-database";
import { BENCH_MAPPING } from "./prepare-bench-table";
import { startBenchWorker, syncThroughWorker, type WorkerSyncResult } from "./sync-through-worker";

export interface IncrementalBenchContext {
  db: Db;
  secrets: SecretBox;
  credentials: StandinCredentials;
  sources: BenchSourceDatabase;
  benchUrl: string;
  workerEnv: (standinUrl: string) => Record<string, string>;
  log: (line: string) => void;
}

export interface LedgerSize {
  keys: number;
  /** SentKeyBucket with its TOAST and index, after a plain VACUUM (what autovacuum leaves). */
  bytes: number;
  /** How long compactLedger took to move these keys into buckets. */
  compactSeconds: number;
}

export interface IncrementalBenchResult {
  sourceRows: number;
  ledger: LedgerSize[];
  sync: WorkerSyncResult;
  requests: number;
  newRows: number;
}

/**
 * A destination whose large source was already synced, then a few new rows: the run must cost
 * what is new, not what is there. "Already synced" is built directly (the ledger holds every key,
 * moved into buckets by compactLedger exactly as a run's finish moves them, and the watermark is
 * the source's newest row) rather than by sending ten million rows through the stand-in first.
 * The ledger's size is measured at each step, with the ledgers of earlier benchmark runs dropped
 * first so the table holds this destination's keys alone.
 */
export async function benchIncremental(
  ctx: IncrementalBenchContext,
  rows: number,
  newRows: number,
): Promise<IncrementalBenchResult> {
  const { db, log } = ctx;
  const table = `bench_incremental_${rows}`;
  process.stdout.write(
    `\n▸ incremental: a ${rows.toLocaleString("en-US")}-row source already synced, ${newRows.toLocaleString("en-US")} new rows… preparing ${table}… `,
  );
  const newest = await prepareIncrementalTable(ctx.sources.adminUrl, table, rows);

  const { destinationId } = await seedDestination(db, ctx.secrets, {
    url: ctx.sources.readerUrl,
    credentials: ctx.credentials,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
    mapping: BENCH_MAPPING,
    name: `Incremental bench ${table}`,
  });
  await db.destination.update({
    where: { id: destinationId },
    data: { incrementalColumn: "updated_at", incrementalColumnType: "timestamptz", incrementalLookback: 7_200 },
  });
  await db.$executeRawUnsafe(`TRUNCATE "SentKeyBucket", "SentConversion"`);

  process.stdout.write("ledger… ");
  const ledger: LedgerSize[] = [];
  const steps = [...new Set([Math.min(1_000_000, rows), rows])];
  let seeded = 0;
  for (const keys of steps) {
    // One finished run that "sent" these keys, recorded as a run records them, then compacted.
    const run = await db.syncRun.create({
      data: {
        destinationId,
        trigger: "MANUAL",
        status: "SUCCEEDED",
        finishedAt: new Date(),
        rowsRead: keys - seeded,
        rowsSent: keys - seeded,
      },
    });
    await db.$executeRawUnsafe(
      `INSERT INTO "SentConversion" ("destinationId", "rowKey", "runId") SELECT $1, 'ORD-' || g, $2 FROM generate_series($3::int, $4::int) AS g`,
      destinationId,
      run.id,
      seeded + 1,
      keys,
    );
    const started = process.hrtime.bigint();
    const moved = await compactLedger(db, destinationId);
    const compactSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (moved !== keys - seeded) throw new Error(`compactLedger moved ${moved} keys, not ${keys - seeded}`);
    await db.$executeRawUnsafe(`VACUUM (ANALYZE) "SentKeyBucket"`);
    await db.$executeRawUnsafe(`VACUUM "SentConversion"`);
    const [size] = await db.$queryRawUnsafe<Array<{ bytes: bigint }>>(
      `SELECT pg_total_relation_size('"SentKeyBucket"') AS bytes`,
    );
    const counted = await ledgerKeyCount(db, destinationId);
    if (counted !== keys) throw new Error(`the ledger holds ${counted} keys, not ${keys}`);
    ledger.push({ keys, bytes: Number(size?.bytes ?? 0), compactSeconds });
    log(`ledger at ${keys} keys: ${Number(size?.bytes ?? 0)} bytes, compacted in ${compactSeconds.toFixed(1)} s`);
    seeded = keys;
  }
  // As the last complete run left it: every row settled, up to the newest.
  await db.destination.update({ where: { id: destinationId }, data: { watermark: newest, watermarkAt: new Date() } });

  const stamp = Date.now().toString(36);
  await withClient(ctx.sources.adminUrl, (client) =>
    client.query(
      `INSERT INTO ${table} SELECT 'NEW-${stamp}-' || g, 'new' || g || '@example.com', '(415) 555-' || lpad(g::text, 4, '0'), NULL, 10.5, 'USD', now(), now() + g * interval '1 millisecond'
       FROM generate_series(1, $1::int) AS g`,
      [newRows],
    ),
  );
  process.stdout.write("sync… ");
  const standin = await startStandin({ rateLimit: { conversionsPerWindow: 1_000_000_000 }, recordPayloads: false });
  const worker = await startBenchWorker(ctx.workerEnv(standin.url), log);
  try {
    const sync = await syncThroughWorker(db, ctx.benchUrl, worker, destinationId);
    const requests = [...standin.state.requestsByStatus("/measurement/conversions").values()].reduce(
      (a, b) => a + b,
      0,
    );
    console.log(`${sync.wallSeconds.toFixed(2)} s`);
    return { sourceRows: rows, ledger, sync, requests, newRows };
  } finally {
    await worker.stop();
    await standin.stop();
    // The table stays as generated for the next benchmark.
    await withClient(ctx.sources.adminUrl, (client) =>
      client.query(`DELETE FROM ${table} WHERE order_id LIKE 'NEW-%'`),
    );
  }
}

/** The bench table with an increasing, indexed updated_at (one row a second); reused when it
 * already has the rows. Returns its newest updated_at as an ISO instant. */
async function prepareIncrementalTable(connectionString: string, table: string, rows: number): Promise<string> {
  return withClient(connectionString, async (client) => {
    const exists = await client.query(`SELECT 1 FROM pg_class WHERE relname = $1`, [table]);
    if (exists.rowCount) await client.query(`DELETE FROM ${table} WHERE order_id LIKE 'NEW-%'`);
    const counted = exists.rowCount
      ? await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)
      : null;
    if (counted?.rows[0]?.n !== String(rows)) {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.query(
        `CREATE TABLE ${table} AS
         SELECT 'ORD-' || g AS order_id,
                'customer' || g || '@example.com' AS email,
                '(415) ' || (300 + g % 600)::text || '-' || lpad((g % 10000)::text, 4, '0') AS phone,
                CASE WHEN g % 2 = 0 THEN substr(md5(g::text), 1, 26) END AS twclid,
                round(((g % 50000) / 100.0)::numeric + 1, 2) AS value,
                'USD' AS currency,
                (timestamptz '2026-06-01 00:00:00+00' + g * interval '1 second') AS ordered_at,
                (timestamptz '2026-06-01 00:00:00+00' + g * interval '1 second') AS updated_at
         FROM generate_series(1, $1::int) AS g`,
        [rows],
      );
      await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (order_id)`);
      await client.query(`CREATE INDEX ON ${table} (updated_at)`);
    }
    await client.query(`ANALYZE ${table}`);
    const { rows: newest } = await client.query<{ at: Date }>(`SELECT max(updated_at) AS at FROM ${table}`);
    return newest[0]!.at.toISOString();
  });
}

async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
