import type { SecretBox } from "../../lib/crypto/secret-box";
import type { Db } from "../../lib/db/client";
import { seedDestination, type StandinCredentials } from "../../lib/sync/sync-test-harness";
import type { FaultRuleInput } from "../../standin/faults";
import { startStandin } from "../../standin/start-standin";
import type { BenchSourceDatabase } from "./bench-source-database";
import { BENCH_MAPPING, prepareBenchTable } from "./prepare-bench-table";
import { startBenchWorker, syncThroughWorker, type WorkerSyncResult } from "./sync-through-worker";

/**
 * `npm run bench -- --only faults`: a stalled request must stall only itself (issue 22, part 3).
 * The same table is synced twice through a fresh worker into a fresh stand-in: once with no
 * faults, once with a bad day at X on the conversions endpoint, drawn from a fixed seed:
 * 10% 5xx (half 500, half 503), 5% 429 (reset 1 s later), 3% dropped connections and 1% requests
 * answered after 35 s, past the worker's 30 s request time-out.
 */

export interface FaultsBenchContext {
  db: Db;
  secrets: SecretBox;
  credentials: StandinCredentials;
  sources: BenchSourceDatabase;
  benchUrl: string;
  workerEnv: (standinUrl: string, extra?: Record<string, string>) => Record<string, string>;
  log: (line: string) => void;
}

export interface FaultsCase {
  name: string;
  sync: WorkerSyncResult;
  /** Conversion requests the stand-in saw, by status (0: no answer, the connection closed). */
  byStatus: Map<number, number>;
  requestsAtX: number;
  /** Conversions X recorded, and of them those X flagged as duplicates (same conversion_id). */
  receivedAtX: number;
  duplicatesAtX: number;
  /** Duplicates whose conversion_id X had not received before: must be 0. */
  unflaggedDuplicates: number;
  /** Rows neither received by X nor counted invalid, rejected or failed. */
  lost: number;
  countsMatch: boolean;
}

const PATH = "/measurement/conversions";
const TIMEOUT_MS = 30_000;
const STALL_MS = 35_000;
/** Fixed by default, so the same requests fail the same way on every run of the benchmark. */
export const DEFAULT_FAULT_SEED = 22;

/**
 * The stand-in tries its rules in order, each with its own draw, so a later rule only sees the
 * requests the earlier ones let through: each probability is divided by what is left, making the
 * shares of all requests exactly the ones above.
 */
export function faultMix(): FaultRuleInput[] {
  const shares: Array<[FaultRuleInput, number]> = [
    [{ kind: "500", pathIncludes: PATH }, 0.05],
    [{ kind: "503", pathIncludes: PATH }, 0.05],
    [{ kind: "429", pathIncludes: PATH, retryAfterSeconds: 1 }, 0.05],
    [{ kind: "drop", pathIncludes: PATH }, 0.03],
    [{ kind: "slow", pathIncludes: PATH, delayMs: STALL_MS }, 0.01],
  ];
  let left = 1;
  return shares.map(([rule, share]) => {
    const probability = share / left;
    left -= share;
    return { ...rule, probability };
  });
}

export async function benchFaults(
  ctx: FaultsBenchContext,
  rows: number,
  seed = DEFAULT_FAULT_SEED,
): Promise<FaultsCase[]> {
  const table = `bench_orders_${rows}`;
  process.stdout.write(`\n▸ faults: ${rows.toLocaleString("en-US")} rows, preparing ${table}… `);
  await prepareBenchTable(ctx.sources.adminUrl, table, rows);
  process.stdout.write("without faults… ");
  const baseline = await runCase(ctx, table, rows, "no faults", [], seed);
  process.stdout.write(`${baseline.sync.wallSeconds.toFixed(1)} s; with faults… `);
  const faulty = await runCase(
    ctx,
    table,
    rows,
    `10% 5xx, 5% 429, 3% dropped, 1% 35 s (seed ${seed})`,
    faultMix(),
    seed,
  );
  console.log(`${faulty.sync.wallSeconds.toFixed(1)} s`);
  return [baseline, faulty];
}

async function runCase(
  ctx: FaultsBenchContext,
  table: string,
  rows: number,
  name: string,
  faults: FaultRuleInput[],
  seed: number,
): Promise<FaultsCase> {
  const standin = await startStandin({
    rateLimit: { conversionsPerWindow: 1_000_000_000 },
    recordPayloads: false,
    randomSeed: seed,
  });
  const worker = await startBenchWorker(
    ctx.workerEnv(standin.url, { SLUICE_X_TIMEOUT_MS: String(TIMEOUT_MS) }),
    ctx.log,
  );
  try {
    for (const rule of faults) standin.state.faults.add(rule);
    const { destinationId } = await seedDestination(ctx.db, ctx.secrets, {
      url: ctx.sources.readerUrl,
      credentials: ctx.credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
      mapping: BENCH_MAPPING,
      name: `Faults bench ${name} ${Date.now()}`,
    });
    const sync = await syncThroughWorker(ctx.db, ctx.benchUrl, worker, destinationId);
    // A request the worker gave up on at its time-out is still answered (and its conversions
    // recorded) by the stand-in when its delay ends: wait for the last of those.
    if (faults.length > 0) await new Promise((resolve) => setTimeout(resolve, STALL_MS - TIMEOUT_MS + 1_000));
    const byStatus = standin.state.requestsByStatus(PATH);
    logTimeline(ctx.log, standin.state);
    const log = standin.state.conversions.list({}, 0, Number.MAX_SAFE_INTEGER);
    const seen = new Set<string>();
    let unflaggedDuplicates = 0;
    for (const conversion of log.conversions) {
      const id = conversion.conversionId ?? "";
      if (seen.has(id) && !conversion.duplicate) unflaggedDuplicates += 1;
      seen.add(id);
    }
    const run = await ctx.db.syncRun.findUniqueOrThrow({ where: { id: sync.runId } });
    const notForX = run.rowsInvalid + run.rowsStillInvalid + run.rowsRejected + run.rowsFailed + run.rowsAlreadySent;
    const requestsAtX = [...byStatus.values()].reduce((a, b) => a + b, 0);
    // Every answer that is not a success, a rejection or a 429 is a transport failure or a 5xx,
    // and each is retried once (a batch gives up only after its retries run out: rows failed).
    const retryable = [...byStatus].filter(([status]) => status === 0 || status >= 500).reduce((a, [, n]) => a + n, 0);
    const countsMatch =
      run.requests === requestsAtX &&
      run.rateLimited === (byStatus.get(429) ?? 0) &&
      run.rowsFailed === 0 &&
      run.retries === retryable &&
      run.rowsSent === seen.size;
    return {
      name,
      sync,
      byStatus,
      requestsAtX,
      receivedAtX: log.total,
      duplicatesAtX: log.duplicates,
      unflaggedDuplicates,
      lost: rows - seen.size - notForX,
      countsMatch,
    };
  } finally {
    await worker.stop();
    await standin.stop();
  }
}

/** With --verbose: when the requests that got no answer ended and when X received each batch
 * it received twice, in seconds from X's first conversion (what holds a run up). */
function logTimeline(log: (line: string) => void, state: Awaited<ReturnType<typeof startStandin>>["state"]): void {
  const all = state.conversions.list({}, 0, Number.MAX_SAFE_INTEGER).conversions;
  if (all.length === 0) return;
  const start = Date.parse(all[0]!.receivedAt);
  const at = (iso: string) => ((Date.parse(iso) - start) / 1000).toFixed(1);
  const noAnswer = state.requestLog
    .filter((entry) => entry.path.includes(PATH) && entry.status === 0)
    .map((entry) => at(entry.at));
  log(
    `requests with no answer ended at ${noAnswer.join(", ")} s; the last conversion arrived at ${at(all[all.length - 1]!.receivedAt)} s`,
  );
  const perSecond = new Map<number, string[]>();
  for (const entry of state.requestLog) {
    if (!entry.path.includes(PATH)) continue;
    const second = Math.floor((Date.parse(entry.at) - start) / 1000);
    perSecond.set(second, [...(perSecond.get(second) ?? []), String(entry.status)]);
  }
  for (const [second, statuses] of [...perSecond].sort((a, b) => a[0] - b[0]))
    log(`  ${second} s: ${statuses.join(" ")}`);
  const receipts = new Map<string, string[]>();
  for (const conversion of all) {
    if (!conversion.conversionId?.endsWith("00")) continue;
    receipts.set(conversion.conversionId, [
      ...(receipts.get(conversion.conversionId) ?? []),
      at(conversion.receivedAt),
    ]);
  }
  for (const [id, times] of receipts) if (times.length > 1) log(`${id} received at ${times.join(", ")} s`);
}
