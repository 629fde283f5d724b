import pg from "pg";
import type { SecretBox } from "../../lib/crypto/secret-box";
import type { Db } from "../../lib/db/client";
import { createJobQueue } from "../../lib/jobs/job-queue";
import { requestSyncRun } from "../../lib/sync/lifecycle/request-sync-run";
import { seedDestination, type StandinCredentials } from "../../lib/sync/sync-test-harness";
import { agencyClient } from "../../standin/seed";
import { startStandin } from "../../standin/start-standin";
import type { BenchSourceDatabase } from "./bench-source-database";
import { BENCH_MAPPING, prepareBenchTable } from "./prepare-bench-table";
import { startBenchWorker, type BenchWorker } from "./sync-through-worker";

export interface FleetBenchContext {
  db: Db;
  secrets: SecretBox;
  credentials: StandinCredentials;
  sources: BenchSourceDatabase;
  benchUrl: string;
  workerEnv: (standinUrl: string) => Record<string, string>;
  log: (line: string) => void;
  /** A folder for the worker's CPU profile (node --cpu-prof). */
  profile?: string;
}

export interface FleetRuns {
  destinations: number;
  wallSeconds: number;
  rowsRead: number;
  rowsSent: number;
  rowsInvalid: number;
  rowsFailed: number;
  /** Rows no count explains (read − sent − invalid − rejected − failed − already sent). */
  unaccounted: number;
  statuses: string;
  /** Attempts beyond each run's first (a run retried after an error). */
  retriedAttempts: number;
  /** 429s X answered while these runs sent, and those after each account's first window. */
  status429: number;
  steady429: number;
  /** Conversions X accepted for these destinations, and how many of them it had seen before. */
  accepted: number;
  duplicates: number;
  peakRssMiB: number;
  /** Seconds from queueing to each run's start, each account's first conversion at X and each run's finish: min, median, max. */
  startedSeconds: [number, number, number];
  firstSendSeconds: [number, number, number];
  finishedSeconds: [number, number, number];
}

/**
 * Many destinations on many ad accounts at once, as an agency has them, each with `windows`
 * windows' worth of rows under X's per-account limit: with waiting costing no work slot, the
 * whole fleet should take about as long as one destination alone. One worker with its default
 * settings; the one destination alone first, on an account of its own, then the fleet.
 */
export async function benchFleet(
  ctx: FleetBenchContext,
  options: { destinations: number; limit: number; windowSeconds: number; windows: number },
) {
  const rows = options.limit * options.windows;
  const table = `bench_fleet_${rows}`;
  process.stdout.write(
    `\n▸ fleet: ${options.destinations} destinations on ${options.destinations} ad accounts, ${rows.toLocaleString("en-US")} rows each, X allowing ${options.limit.toLocaleString("en-US")} events per ${options.windowSeconds} s per account… `,
  );
  await prepareBenchTable(ctx.sources.adminUrl, table, rows);
  const standin = await startStandin({
    rateLimit: { conversionsPerWindow: options.limit, windowSeconds: options.windowSeconds },
    recordPayloads: false,
  });
  // The worker's own defaults: not the single run at a time the other parts measure with.
  const env = ctx.workerEnv(standin.url);
  delete env.SLUICE_WORKER_CONCURRENCY;
  const worker = await startBenchWorker(env, ctx.log, ctx.profile);
  try {
    const destinationsFor = async (clients: number[]) => {
      const ids: string[] = [];
      for (const client of clients) {
        const target = agencyClient(client);
        const { destinationId } = await seedDestination(ctx.db, ctx.secrets, {
          url: ctx.sources.readerUrl,
          credentials: ctx.credentials,
          query: `SELECT * FROM ${table} ORDER BY order_id`,
          mapping: BENCH_MAPPING,
          name: `Fleet bench ${target.adAccountId}`,
          target,
        });
        ids.push(destinationId);
      }
      return { ids, pixels: clients.map((client) => agencyClient(client).pixelId) };
    };
    process.stdout.write("one alone… ");
    const alone = await destinationsFor([0]);
    const one = await runAll(ctx, worker, standin, alone.ids, alone.pixels, options.windowSeconds);
    process.stdout.write(`${one.wallSeconds.toFixed(1)} s; all ${options.destinations}… `);
    const fleet = await destinationsFor(Array.from({ length: options.destinations }, (_, i) => i + 1));
    const all = await runAll(ctx, worker, standin, fleet.ids, fleet.pixels, options.windowSeconds);
    console.log(`${all.wallSeconds.toFixed(1)} s`);
    return { rows, one, all };
  } finally {
    await worker.stop();
    await standin.stop();
  }
}

async function runAll(
  ctx: FleetBenchContext,
  worker: BenchWorker,
  standin: Awaited<ReturnType<typeof startStandin>>,
  destinationIds: string[],
  pixels: string[],
  windowSeconds: number,
): Promise<FleetRuns> {
  const queue = await createJobQueue(ctx.benchUrl, { role: "producer", max: 1 });
  const watch = new pg.Client({ connectionString: ctx.benchUrl });
  await watch.connect();
  const statusesBefore = standin.state.requestsByStatus("/measurement/conversions");
  const before429 = statusesBefore.get(429) ?? 0;
  try {
    const started = Date.now();
    // Queued together, four at a time, as the scheduler queues the destinations due in one minute.
    const runIds: string[] = [];
    for (let i = 0; i < destinationIds.length; i += 4) {
      const queued = await Promise.all(
        destinationIds
          .slice(i, i + 4)
          .map((destinationId) => requestSyncRun(ctx.db, queue, { destinationId, trigger: "SCHEDULE" })),
      );
      runIds.push(...queued.map((run) => run.runId));
    }
    // Each account's first window opens with its first request; a 429 after it is steady-state.
    const firstSend = new Map<string, number>();
    const steady = { count: 0 };
    let seen429 = before429;
    for (;;) {
      const { rows } = await watch.query<{ open: string }>(
        `SELECT count(*)::text AS open FROM "SyncRun" WHERE id = ANY($1) AND "finishedAt" IS NULL`,
        [runIds],
      );
      const now429 = standin.state.requestsByStatus("/measurement/conversions").get(429) ?? 0;
      if (now429 > seen429) {
        // Sampled every 100 ms: a 429 is steady-state if every account had been sending a window by then.
        const allPastFirstWindow = pixels.every((pixel) => {
          const first = firstSend.get(pixel);
          return first !== undefined && Date.now() - first > windowSeconds * 1000;
        });
        if (allPastFirstWindow) steady.count += now429 - seen429;
        seen429 = now429;
      }
      for (const pixel of pixels) {
        if (!firstSend.has(pixel) && standin.state.conversions.list({ pixelId: pixel }, 0, 0).total > 0)
          firstSend.set(pixel, Date.now());
      }
      if (rows[0]?.open === "0") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const wallSeconds = (Date.now() - started) / 1000;
    const runs = await ctx.db.syncRun.findMany({ where: { id: { in: runIds } } });
    const sum = (
      field:
        | "rowsRead"
        | "rowsSent"
        | "rowsInvalid"
        | "rowsFailed"
        | "rowsRejected"
        | "rowsAlreadySent"
        | "rowsStillInvalid",
    ) => runs.reduce((total, run) => total + run[field], 0);
    let accepted = 0;
    let duplicates = 0;
    for (const pixel of pixels) {
      const listed = standin.state.conversions.list({ pixelId: pixel }, 0, 0);
      accepted += listed.total;
      duplicates += listed.duplicates;
    }
    const statusCounts = new Map<string, number>();
    for (const run of runs) statusCounts.set(run.status, (statusCounts.get(run.status) ?? 0) + 1);
    return {
      destinations: destinationIds.length,
      wallSeconds,
      rowsRead: sum("rowsRead"),
      rowsSent: sum("rowsSent"),
      rowsInvalid: sum("rowsInvalid") + sum("rowsStillInvalid"),
      rowsFailed: sum("rowsFailed"),
      unaccounted:
        sum("rowsRead") -
        sum("rowsSent") -
        sum("rowsInvalid") -
        sum("rowsStillInvalid") -
        sum("rowsRejected") -
        sum("rowsFailed") -
        sum("rowsAlreadySent"),
      retriedAttempts: runs.reduce((total, run) => total + run.attempts - 1, 0),
      statuses: [...statusCounts].map(([status, n]) => `${n} ${status.toLowerCase()}`).join(", "),
      status429: (standin.state.requestsByStatus("/measurement/conversions").get(429) ?? 0) - before429,
      steady429: steady.count,
      accepted,
      duplicates,
      peakRssMiB: worker.peakRssMiB(),
      startedSeconds: spread(runs.map((run) => ((run.startedAt?.getTime() ?? started) - started) / 1000)),
      firstSendSeconds: spread([...firstSend.values()].map((at) => (at - started) / 1000)),
      finishedSeconds: spread(runs.map((run) => ((run.finishedAt?.getTime() ?? started) - started) / 1000)),
    };
  } finally {
    await watch.end().catch(() => undefined);
    await queue.stop({ graceful: false });
  }
}

function spread(values: number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[0] ?? 0, sorted[Math.floor(sorted.length / 2)] ?? 0, sorted[sorted.length - 1] ?? 0];
}
