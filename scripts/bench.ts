// `npm run bench`: measures a sync against the single-thread floor, pacing under X's rate limit,
// and the history/run pages with a long history. Prints measured numbers only; nothing is assumed.
//
//   npm run bench                                   # 1,000,000 rows (and 100,000 for the memory check)
//   npm run bench -- --rows 200000 --small 50000    # other sizes
//   npm run bench -- --only sync|pacing|rejections|incremental|fleet|faults|pages   # one part
//   npm run bench -- --threads 2 --verbose          # the worker's conversion threads; CPU per thread
//   npm run bench -- --only sync --repeat 10        # ten full syncs of --rows in one worker: memory
//
// It needs a real PostgreSQL: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test);
// everything happens in databases of its own on that server, kept between runs: Sluice's
// (`<name>_bench`) and the one its sources read (`<name>_bench_src`, where the generated source
// tables are reused), read by a user that may only read, since a source may neither read Sluice's
// own database nor read as a superuser (lib/sources/postgres/source-guard.ts).
import { randomBytes } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import { createSecretBox } from "../lib/crypto/secret-box";
import { createDb, type Db } from "../lib/db/client";
import { ensureDatabaseExists } from "../lib/db/ensure-database";
import { migrateDatabase } from "../lib/db/migrate";
import { loadSourceGuard } from "../lib/sources/postgres/load-source-guard";
import type { SourceGuard } from "../lib/sources/postgres/source-guard";
import { seedDestination } from "../lib/sync/sync-test-harness";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "../standin/seed";
import { startStandin } from "../standin/start-standin";
import { measureFloor, type FloorResult } from "./bench/measure-floor";
import { measurePagesOverHttp } from "./bench/measure-page-http";
import { measurePageReads } from "./bench/measure-page-reads";
import { prepareBenchSourceDatabase, type BenchSourceDatabase } from "./bench/bench-source-database";
import { BENCH_MAPPING, prepareBenchTable } from "./bench/prepare-bench-table";
import { benchRejections } from "./bench/bench-rejections";
import { seedPageData } from "./bench/seed-page-data";
import { benchIncremental } from "./bench/bench-incremental";
import { benchFleet } from "./bench/bench-fleet";
import { benchFaults, DEFAULT_FAULT_SEED } from "./bench/bench-faults";
import {
  postgresCpuSeconds,
  startBenchWorker,
  syncThroughWorker,
  threadCpuSeconds,
  waitForRunJob,
  type WorkerSyncResult,
} from "./bench/sync-through-worker";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    small: { type: "string", default: "100000" },
    only: { type: "string" },
    "pacing-rows": { type: "string", default: "30000" },
    /** The incremental part: an already-synced source of this many rows, then this many new ones. */
    "incremental-rows": { type: "string", default: "10000000" },
    "incremental-new": { type: "string", default: "1000" },
    "pacing-limit": { type: "string", default: "6000" },
    "pacing-window": { type: "string", default: "60" },
    /** The fleet part: destinations on as many ad accounts, X's limit per account and window, windows' worth of rows each. */
    "fleet-destinations": { type: "string", default: "50" },
    "fleet-limit": { type: "string", default: "1000" },
    "fleet-window": { type: "string", default: "20" },
    "fleet-windows": { type: "string", default: "3" },
    "page-runs": { type: "string", default: "10000" },
    "page-problems": { type: "string", default: "1000000" },
    /** Rows of the rejections part (its cases run on a table of this size). */
    "rejection-rows": { type: "string", default: "100000" },
    /** Rows of the faults part (synced once without faults, once with). */
    "fault-rows": { type: "string", default: "100000" },
    /** The seed the faults are drawn with. */
    "fault-seed": { type: "string", default: String(DEFAULT_FAULT_SEED) },
    verbose: { type: "boolean", default: false },
    /** The page part also times the pages through the production app (built if stale). */
    "skip-http": { type: "boolean", default: false },
    "app-port": { type: "string", default: "3290" },
    /** A folder for the worker's CPU profiles (node --cpu-prof). */
    profile: { type: "string" },
    /** The sync part: this many consecutive full syncs of --rows through one worker process. */
    repeat: { type: "string", default: "1" },
    /** The worker's conversion threads (SLUICE_CONVERSION_THREADS); default: the worker's own choice. */
    threads: { type: "string" },
    /** More Node options for the worker, after its own (so they win), e.g. "--max-semi-space-size=8". */
    "worker-node-options": { type: "string" },
  },
});
const count = (name: keyof typeof args) => {
  const value = Number(String(args[name]).replaceAll("_", ""));
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
};

const serverUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test";
const benchUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${decodeURIComponent(url.pathname.slice(1) || "sluice")}_bench`;
  return url.toString();
})();
const key = randomBytes(32);
const secrets = createSecretBox(key);
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const log = (line: string) => {
  if (args.verbose) console.log(`  ${line}`);
};
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function workerEnv(standinUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: benchUrl,
    SLUICE_ENCRYPTION_KEY: key.toString("base64"),
    X_ADS_API_BASE_URL: standinUrl,
    X_API_BASE_URL: standinUrl,
    X_CONSUMER_KEY: DEMO_CONSUMER_KEY,
    X_CONSUMER_SECRET: DEMO_CONSUMER_SECRET,
    SLUICE_WORKER_CONCURRENCY: "1",
    ...(args.threads !== undefined ? { SLUICE_CONVERSION_THREADS: args.threads } : {}),
    NODE_OPTIONS: args["worker-node-options"] ?? "",
    ...extra,
  };
}

/** Where the bench tables live, and the guard every source read is checked against (set in main). */
let sources: BenchSourceDatabase;
let guard: SourceGuard;

async function benchSync(
  db: Db,
  rows: number,
): Promise<{
  floor: FloorResult;
  floors: FloorResult[];
  sync: WorkerSyncResult;
  standinRequests: number;
  standinAccepted: number;
}> {
  const table = `bench_orders_${rows}`;
  process.stdout.write(`\n▸ ${fmt(rows)} rows: preparing ${table}… `);
  await prepareBenchTable(sources.adminUrl, table, rows);
  process.stdout.write("floor… ");
  const before = await measureFloor(sources.readerUrl, table, guard);
  process.stdout.write(`${fmt(before.rowsPerSecond)} rows/s; sync… `);
  const result = await syncOnce(db, table);
  // The floor again, after: this machine's speed drifts by a quarter between minutes, so the
  // ratio is taken against the faster of the two floors (the harder one to match).
  process.stdout.write("  floor again… ");
  const after = await measureFloor(sources.readerUrl, table, guard);
  console.log(`${fmt(after.rowsPerSecond)} rows/s`);
  const floor = after.rowsPerSecond > before.rowsPerSecond ? after : before;
  return { ...result, floor, floors: [before, after] };
}

async function syncOnce(
  db: Db,
  table: string,
): Promise<{ sync: WorkerSyncResult; standinRequests: number; standinAccepted: number }> {
  const standin = await startStandin({ rateLimit: { conversionsPerWindow: 1_000_000_000 }, recordPayloads: false });
  let conversionRequests = 0;
  const worker = await startBenchWorker(workerEnv(standin.url), log, args.profile);
  try {
    const { destinationId } = await seedDestination(db, secrets, {
      url: sources.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
      mapping: BENCH_MAPPING,
    });
    const cpuBefore = process.cpuUsage();
    const threadsBefore = threadCpuSeconds(worker.pid);
    const pgBefore = postgresCpuSeconds();
    const sync = await syncThroughWorker(db, benchUrl, worker, destinationId);
    const cpu = process.cpuUsage(cpuBefore);
    const threads = [...threadCpuSeconds(worker.pid)]
      .map(([name, seconds]): [string, number] => [name, seconds - (threadsBefore.get(name) ?? 0)])
      .filter(([, seconds]) => seconds >= 0.1)
      .sort((a, b) => b[1] - a[1])
      .map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`)
      .join(", ");
    log(`worker CPU by thread: ${threads}; PostgreSQL ${(postgresCpuSeconds() - pgBefore).toFixed(1)}`);
    log(`worker RSS at start ${worker.startRssMiB.toFixed(0)} MiB, peak ${sync.peakRssMiB.toFixed(0)} MiB`);
    log(
      `CPU seconds: worker ${sync.workerCpuSeconds.toFixed(1)}, stand-in + this driver ${((cpu.user + cpu.system) / 1e6).toFixed(1)}, over ${sync.wallSeconds.toFixed(1)} s`,
    );
    conversionRequests = [...standin.state.requestsByStatus("/measurement/conversions").values()].reduce(
      (a, b) => a + b,
      0,
    );
    const accepted = standin.state.conversions.list({}, 0, 0).total;
    console.log(`${fmt(sync.rowsPerSecond)} rows/s`);
    return { sync, standinRequests: conversionRequests, standinAccepted: accepted };
  } finally {
    await worker.stop();
    await standin.stop();
  }
}

/**
 * `repeat` full syncs of the same table through one worker process, each into a destination of
 * its own (deleted, with its ledger, once its job is done), so each run is a first sync as in
 * benchSync. The worker's peak RSS is started again before each run, so a run's peak is its own;
 * a worker that keeps something from run to run shows it as a rising series.
 */
async function benchSyncRepeat(db: Db, rows: number, repeat: number) {
  const table = `bench_orders_${rows}`;
  process.stdout.write(`\n▸ ${fmt(rows)} rows × ${repeat} in one worker: preparing ${table}… `);
  await prepareBenchTable(sources.adminUrl, table, rows);
  process.stdout.write("floor… ");
  const before = await measureFloor(sources.readerUrl, table, guard);
  console.log(`${fmt(before.rowsPerSecond)} rows/s`);
  const standin = await startStandin({ rateLimit: { conversionsPerWindow: 1_000_000_000 }, recordPayloads: false });
  const worker = await startBenchWorker(workerEnv(standin.url), log, args.profile);
  const runs: Array<{ sync: WorkerSyncResult; peakMiB: number; rssAfterMiB: number; load: number }> = [];
  try {
    for (let run = 1; run <= repeat; run += 1) {
      const { destinationId } = await seedDestination(db, secrets, {
        url: sources.readerUrl,
        credentials,
        query: `SELECT * FROM ${table} ORDER BY order_id`,
        mapping: BENCH_MAPPING,
      });
      worker.resetPeakRss();
      const sync = await syncThroughWorker(db, benchUrl, worker, destinationId);
      await waitForRunJob(db, sync.runId);
      const peakMiB = worker.peakRssMiB();
      const rssAfterMiB = worker.rssMiB();
      const load = os.loadavg()[0]!;
      runs.push({ sync, peakMiB, rssAfterMiB, load });
      console.log(
        `  run ${run}: ${fmt(sync.wallSeconds, 1)} s, ${fmt(sync.rowsPerSecond)} rows/s, sent ${fmt(sync.rowsSent)}, peak RSS ${fmt(peakMiB)} MiB, RSS after ${fmt(rssAfterMiB)} MiB, load ${fmt(load, 2)}`,
      );
      await db.destination.delete({ where: { id: destinationId } });
      standin.state.conversions.clear();
    }
  } finally {
    await worker.stop();
    await standin.stop();
  }
  process.stdout.write("  floor again… ");
  const after = await measureFloor(sources.readerUrl, table, guard);
  console.log(`${fmt(after.rowsPerSecond)} rows/s`);
  const floor = Math.max(before.rowsPerSecond, after.rowsPerSecond);
  console.log(
    `\n${fmt(rows)}-row syncs through one worker (floor ${fmt(before.rowsPerSecond)}, ${fmt(after.rowsPerSecond)} rows/s; RSS at start ${fmt(worker.startRssMiB)} MiB)`,
  );
  console.table(
    runs.map(({ sync, peakMiB, rssAfterMiB, load }, index) => ({
      run: index + 1,
      "wall s": fmt(sync.wallSeconds, 1),
      "rows/s": fmt(sync.rowsPerSecond),
      "ratio (to the faster floor)": fmt(sync.rowsPerSecond / floor, 2),
      sent: fmt(sync.rowsSent),
      "peak RSS MiB (this run)": fmt(peakMiB),
      "RSS after MiB": fmt(rssAfterMiB),
      "load (1 min)": fmt(load, 2),
      status: sync.status,
    })),
  );
  const peaks = runs.map((r) => r.peakMiB);
  console.log(
    `peak RSS over the ${repeat} runs: ${fmt(Math.max(...peaks))} MiB (${fmt((Math.max(...peaks) * 2 ** 20) / 1e6)} MB); first ${fmt(peaks[0]!)}, last ${fmt(peaks.at(-1)!)}`,
  );
  for (const { sync } of runs) {
    if (sync.rowsSent !== before.valid)
      console.log(`! run ${sync.runId} sent ${sync.rowsSent}, valid ${before.valid}: the books do not agree`);
  }
}

async function benchPacing(db: Db, rows: number, limit: number, windowSeconds: number) {
  const table = `bench_orders_${rows}`;
  process.stdout.write(`\n▸ pacing: ${fmt(rows)} rows, X allowing ${fmt(limit)} events per ${windowSeconds} s… `);
  await prepareBenchTable(sources.adminUrl, table, rows);
  const standin = await startStandin({
    rateLimit: { conversionsPerWindow: limit, windowSeconds },
    recordPayloads: false,
  });
  const worker = await startBenchWorker(workerEnv(standin.url), log);
  try {
    const { destinationId } = await seedDestination(db, secrets, {
      url: sources.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
      mapping: BENCH_MAPPING,
    });
    const sync = await syncThroughWorker(db, benchUrl, worker, destinationId);
    const accepted = standin.state.conversions
      .list({}, 0, Number.MAX_SAFE_INTEGER)
      .conversions.map((c) => Date.parse(c.receivedAt));
    const statuses = standin.state.requestsByStatus("/measurement/conversions");
    // X's windows are fixed: the first opens with the first event. Steady state is every window
    // after the first (which any sender fills at once); the last one may be cut short by the end of
    // the data, so the rate is measured over the windows that ran whole, plus the share of the last.
    const start = Math.min(...accepted);
    const windowMs = windowSeconds * 1000;
    const afterFirst = accepted.filter((at) => at >= start + windowMs);
    const steadyMs = Math.max(...accepted) - (start + windowMs);
    const wholeWindows = Math.floor(steadyMs / windowMs);
    const inWhole = afterFirst.filter((at) => at < start + windowMs * (1 + wholeWindows)).length;
    const usage = wholeWindows > 0 ? inWhole / (wholeWindows * limit) : NaN;
    console.log("done");
    return { sync, accepted: accepted.length, status429: statuses.get(429) ?? 0, usage, wholeWindows };
  } finally {
    await worker.stop();
    await standin.stop();
  }
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function benchPages(db: Db, runs: number, problems: number) {
  process.stdout.write(`\n▸ pages: ${fmt(runs)} runs, ${fmt(problems)} problem rows… `);
  const { destinationId, sourceId } = await seedDestination(db, secrets, {
    url: sources.readerUrl,
    credentials,
    query: "SELECT 1",
    name: `Page bench ${randomBytes(2).toString("hex")}`,
  });
  const { problemRunId } = await seedPageData(benchUrl, { destinationId, runs, problems });
  const timings = await measurePageReads(db, { destinationId, problemRunId, repeat: 30 });
  if (args["skip-http"]) {
    console.log("done");
    return timings;
  }
  process.stdout.write("through the app… ");
  const http = await measurePagesOverHttp(db, {
    databaseUrl: benchUrl,
    encryptionKey: key.toString("base64"),
    port: count("app-port"),
    repeat: 20,
    log,
    pages: [
      { name: "/runs (all destinations)", path: "/runs" },
      { name: "/runs?destination=…", path: `/runs?destination=${encodeURIComponent(destinationId)}` },
      { name: "/runs/[id] (1M problem rows)", path: `/runs/${encodeURIComponent(problemRunId)}` },
      // The filters and the row-key search, on the same history.
      { name: "/runs?status=FAILED (none match)", path: "/runs?status=FAILED" },
      {
        name: "/runs?destination=…&status=PARTIAL",
        path: `/runs?destination=${encodeURIComponent(destinationId)}&status=PARTIAL`,
      },
      { name: "/runs?from=…&to=… (one day)", path: `/runs?from=${daysAgo(30)}&to=${daysAgo(30)}&tz=Europe%2FParis` },
      { name: "/runs/[id]?key=… (1M problem rows)", path: `/runs/${encodeURIComponent(problemRunId)}?key=ORD-500000` },
      // Every other page, with that history behind them.
      { name: "/destinations", path: "/destinations" },
      { name: "/destinations/[id]", path: `/destinations/${encodeURIComponent(destinationId)}` },
      {
        name: "/destinations/[id]/setup/schedule",
        path: `/destinations/${encodeURIComponent(destinationId)}/setup/schedule`,
      },
      { name: "/destinations/new", path: "/destinations/new" },
      { name: "/destinations/connections", path: "/destinations/connections" },
      { name: "/sources", path: "/sources" },
      { name: "/sources/[id]", path: `/sources/${encodeURIComponent(sourceId)}` },
      { name: "/sources/new", path: "/sources/new" },
      { name: "/settings/users", path: "/settings/users" },
      { name: "/settings/account", path: "/settings/account" },
      { name: "/settings/audit", path: "/settings/audit" },
    ],
  });
  console.log("done");
  return [...timings, ...http];
}

async function main() {
  const rows = count("rows");
  const small = count("small");
  const only = args.only;
  await ensureDatabaseExists(benchUrl);
  await migrateDatabase(benchUrl);
  sources = await prepareBenchSourceDatabase(benchUrl);
  const db = createDb(benchUrl, { max: 4 });
  guard = await loadSourceGuard(db);
  // Runs left by an interrupted benchmark would be resumed by the new workers and compete.
  await db.syncRun.updateMany({
    where: { status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "FAILED", finishedAt: new Date(), error: "Left over from an interrupted benchmark." },
  });
  await db
    .$executeRawUnsafe(`DELETE FROM pgboss.job WHERE state IN ('created', 'retry', 'active')`)
    .catch(() => undefined);
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `Sluice benchmark · ${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} cores (${cpu}) · ${fmt(os.totalmem() / 2 ** 30)} GiB · Node ${process.version}`,
  );
  console.log(
    `database: ${new URL(benchUrl).host}${new URL(benchUrl).pathname}, sources in ${new URL(sources.adminUrl).pathname.slice(1)} (read as ${new URL(sources.readerUrl).username})`,
  );
  try {
    const repeat = count("repeat");
    if (only === "sync" && repeat > 1) {
      await benchSyncRepeat(db, rows, repeat);
    } else if (!only || only === "sync") {
      const sizes = [...new Set([small, rows].filter((n) => n > 0))].sort((a, b) => a - b);
      const results = [];
      for (const size of sizes) results.push({ size, ...(await benchSync(db, size)) });
      console.log("\nSync through the queue, worker, engine and ledger into the X stand-in (rate limits off)");
      console.table(
        results.map(({ size, floor, floors, sync, standinRequests }) => ({
          rows: fmt(size),
          "floor rows/s (before, after)": floors.map((f) => fmt(f.rowsPerSecond)).join(", "),
          "sync rows/s": fmt(sync.rowsPerSecond),
          "ratio (to the faster floor)": fmt(sync.rowsPerSecond / floor.rowsPerSecond, 2),
          "wall s": fmt(sync.wallSeconds, 1),
          valid: fmt(floor.valid),
          sent: fmt(sync.rowsSent),
          "requests (X saw)": fmt(standinRequests),
          "⌈valid/500⌉": fmt(Math.ceil(floor.valid / 500)),
          "peak RSS MiB": fmt(sync.peakRssMiB),
          status: sync.status,
        })),
      );
      for (const { sync, floor, standinAccepted } of results) {
        if (sync.rowsSent !== floor.valid || standinAccepted !== floor.valid)
          console.log(
            `! sent ${sync.rowsSent}, X accepted ${standinAccepted}, valid ${floor.valid}: the books do not agree`,
          );
      }
    }
    if (!only || only === "pacing") {
      const limit = count("pacing-limit");
      const windowSeconds = count("pacing-window");
      const result = await benchPacing(db, count("pacing-rows"), limit, windowSeconds);
      console.log(`\nPacing under ${fmt(limit)} events per ${windowSeconds} s`);
      console.table([
        {
          rows: fmt(result.sync.rowsRead),
          sent: fmt(result.sync.rowsSent),
          "wall s": fmt(result.sync.wallSeconds, 1),
          "429s": result.status429,
          "whole windows after the first": result.wholeWindows,
          "steady-state use of the allowed rate": `${fmt(result.usage * 100, 1)}%`,
        },
      ]);
    }
    if (!only || only === "rejections") {
      const cases = await benchRejections(
        { db, secrets, credentials, sources, benchUrl, workerEnv, log },
        count("rejection-rows"),
      );
      console.log("\nWhat X's rejections cost: conversion requests X saw, and how each row was counted");
      console.table(
        cases.map((c) => ({
          case: c.name,
          rows: fmt(c.sync.rowsRead),
          "valid (rows − invalid)": fmt(c.valid),
          "requests (X saw)": fmt(c.requests),
          target: c.target,
          sent: fmt(c.sync.rowsSent),
          invalid: fmt(c.sync.rowsInvalid),
          rejected: fmt(c.sync.rowsRejected),
          failed: fmt(c.sync.rowsFailed),
          status: c.sync.status,
          "peak RSS MiB": fmt(c.sync.peakRssMiB),
          "wall s": fmt(c.sync.wallSeconds, 1),
          ok: c.withinTarget && c.sync.peakRssMiB <= 300 ? "yes" : "NO",
        })),
      );
      for (const c of cases) if (c.error) console.log(`  ${c.name}: ${c.error}`);
    }
    if (!only || only === "incremental") {
      const result = await benchIncremental(
        { db, secrets, credentials, sources, benchUrl, workerEnv, log },
        count("incremental-rows"),
        count("incremental-new"),
      );
      console.log("\nIncremental reads: the sent-ledger's size on disk (table, TOAST and index, after VACUUM)");
      console.table(
        result.ledger.map((size) => ({
          keys: fmt(size.keys),
          "MiB on disk": fmt(size.bytes / 2 ** 20, 1),
          "bytes per key": fmt(size.bytes / size.keys, 1),
          target: "≤ 40",
          "compaction s": fmt(size.compactSeconds, 1),
        })),
      );
      console.log(
        `\nA ${fmt(result.sourceRows)}-row source already synced, ${fmt(result.newRows)} new rows: one run through the worker`,
      );
      console.table([
        {
          "queued → finished s": fmt(result.sync.wallSeconds, 2),
          target: "≤ 2",
          "rows read (window)": fmt(result.sync.rowsRead),
          sent: fmt(result.sync.rowsSent),
          "requests (X saw)": fmt(result.requests),
          "⌈new/500⌉": fmt(Math.ceil(result.newRows / 500)),
          "peak RSS MiB": fmt(result.sync.peakRssMiB),
          status: result.sync.status,
        },
      ]);
      if (result.sync.rowsSent !== result.newRows)
        console.log(`! sent ${result.sync.rowsSent}, not the ${result.newRows} new rows`);
    }
    if (!only || only === "fleet") {
      const fleet = await benchFleet(
        { db, secrets, credentials, sources, benchUrl, workerEnv, log, profile: args.profile },
        {
          destinations: count("fleet-destinations"),
          limit: count("fleet-limit"),
          windowSeconds: count("fleet-window"),
          windows: count("fleet-windows"),
        },
      );
      console.log(
        `\nMany ad accounts at once: one worker with its default settings, ${fmt(fleet.rows)} rows per destination, X allowing ${fmt(count("fleet-limit"))} events per ${count("fleet-window")} s per account`,
      );
      console.table(
        [fleet.one, fleet.all].map((runs) => ({
          destinations: runs.destinations,
          "wall s": fmt(runs.wallSeconds, 1),
          "× one alone": fmt(runs.wallSeconds / fleet.one.wallSeconds, 2),
          read: fmt(runs.rowsRead),
          sent: fmt(runs.rowsSent),
          invalid: fmt(runs.rowsInvalid),
          failed: fmt(runs.rowsFailed),
          unaccounted: fmt(runs.unaccounted),
          "X accepted": fmt(runs.accepted),
          "duplicates at X": fmt(runs.duplicates),
          "429s (steady-state)": `${runs.status429} (${runs.steady429})`,
          runs: runs.statuses,
          "attempts retried": runs.retriedAttempts,
          "peak RSS MiB": fmt(runs.peakRssMiB),
          "started s (min/med/max)": runs.startedSeconds.map((s) => fmt(s, 1)).join(" / "),
          "first send s (min/med/max)": runs.firstSendSeconds.map((s) => fmt(s, 1)).join(" / "),
          "finished s (min/med/max)": runs.finishedSeconds.map((s) => fmt(s, 1)).join(" / "),
        })),
      );
      console.log(
        `target: the fleet's wall ≤ 1.15 × one alone (${fmt(fleet.all.wallSeconds / fleet.one.wallSeconds, 2)}), 0 steady-state 429s, every row accounted for`,
      );
    }
    if (!only || only === "faults") {
      const cases = await benchFaults(
        { db, secrets, credentials, sources, benchUrl, workerEnv, log },
        count("fault-rows"),
        count("fault-seed"),
      );
      console.log(
        "\nA bad day at X: the same rows without faults and with them (counts as the run recorded them; X: as the stand-in saw them)",
      );
      console.table(
        cases.map((c) => ({
          case: c.name,
          "wall s": fmt(c.sync.wallSeconds, 1),
          requests: fmt(c.sync.requests),
          "requests (X saw)": fmt(c.requestsAtX),
          retries: fmt(c.sync.retries),
          "5xx + no answer (X saw)": fmt(
            [...c.byStatus].filter(([status]) => status === 0 || status >= 500).reduce((a, [, n]) => a + n, 0),
          ),
          "429s": fmt(c.sync.rateLimited),
          "429s (X saw)": fmt(c.byStatus.get(429) ?? 0),
          sent: fmt(c.sync.rowsSent),
          lost: fmt(c.lost),
          "duplicates at X (flagged)": fmt(c.duplicatesAtX),
          "unflagged duplicates": fmt(c.unflaggedDuplicates),
          "counts = X's log": c.countsMatch ? "yes" : "NO",
          status: c.sync.status,
        })),
      );
    }
    if (!only || only === "pages") {
      const timings = await benchPages(db, count("page-runs"), count("page-problems"));
      console.log(
        "\nHistory and run pages (ms per request: the pages' database reads in-process, then whole pages from the production app over HTTP)",
      );
      console.table(
        timings.map((t) => ({ page: t.name, p50: fmt(t.p50Ms, 1), p95: fmt(t.p95Ms, 1), max: fmt(t.maxMs, 1) })),
      );
    }
  } finally {
    await db.$disconnect();
  }
}

await main();
