import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect, inject, test } from "vitest";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { createDb, type Db } from "@/lib/db/client";
import type { SyncRun } from "@/lib/generated/prisma/client";
import { JOBS } from "@/lib/jobs/job-definitions";
import { createJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { syncJobId } from "@/lib/jobs/sync-job-id";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { createStandinControl } from "@/standin/standin-control";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { MAX_WORKER_DEATHS } from "./recover-stale-runs";
import { requestSyncRun } from "./request-sync-run";
import { keysInLedger, ledgerKeyCount } from "../engine/sent-ledger";
import { problemGroupsAndCounts, seedDestination, seedOrders, uniqueTable } from "../sync-test-harness";
import { sourceDatabase } from "@/lib/testing/source-database";

const url = inject("databaseUrl");
// Source tables live in the run's source database, read as its read-only user.
const sourceDb = sourceDatabase();
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const key = randomBytes(32);
const secrets = createSecretBox(key);
let db: Db;
let queue: JobQueue;
let standin: RunningStandin;
const workers = new Set<ChildProcess>();

beforeAll(async () => {
  db = createDb(url, { max: 3 });
  queue = await createJobQueue(url, { role: "producer", max: 2 });
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 100_000_000 }, recordPayloads: false });
});

// Each test's workers are stopped gracefully after it, so none takes the next test's runs.
afterEach(async () => {
  await Promise.all(
    [...workers].map((worker) => {
      worker.kill("SIGTERM");
      return exitOf(worker);
    }),
  );
});

afterAll(async () => {
  for (const worker of workers) worker.kill("SIGKILL");
  await queue?.stop({ graceful: false });
  await standin?.stop();
  await db?.$disconnect();
});

/** A real worker process, as `npm run worker` starts it; `settings` replace (or, undefined, drop)
 * the quick heartbeat settings below. */
function spawnWorker(settings: Record<string, string | undefined> = {}): ChildProcess {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: url,
    SLUICE_ENCRYPTION_KEY: key.toString("base64"),
    NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    X_ADS_API_BASE_URL: standin.url,
    X_API_BASE_URL: standin.url,
    X_CONSUMER_KEY: DEMO_CONSUMER_KEY,
    X_CONSUMER_SECRET: DEMO_CONSUMER_SECRET,
    SLUICE_WORKER_CONCURRENCY: "1",
    SLUICE_SYNC_CONCURRENCY: "2",
    SLUICE_SYNC_HEARTBEAT_SECONDS: "0.5",
    SLUICE_SYNC_STALE_SECONDS: "3",
    SLUICE_SYNC_RETRY_BASE_MS: "50",
    ...settings,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ) as NodeJS.ProcessEnv,
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (data: Buffer) => process.stderr.write(`[worker ${child.pid}] ${data}`));
  workers.add(child);
  child.once("exit", () => workers.delete(child));
  return child;
}

interface SeenAtX {
  requests: number;
  /** Of them, those X answered 500. */
  status500: number;
}

/** Conversion requests X has seen so far. */
function seenAtX(): SeenAtX {
  const byStatus = standin.state.requestsByStatus("/measurement/conversions");
  return { requests: [...byStatus.values()].reduce((sum, n) => sum + n, 0), status500: byStatus.get(500) ?? 0 };
}

/** What X has seen since `before`, once the requests cut off by a kill are all logged: the
 * stand-in logs a request when its connection closes, which it hears a moment after the kill. */
async function settledSeenAtX(before: SeenAtX): Promise<SeenAtX> {
  let last = seenAtX();
  for (let unchanged = 0; unchanged < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = seenAtX();
    unchanged = now.requests === last.requests ? unchanged + 1 : 0;
    last = now;
  }
  return { requests: last.requests - before.requests, status500: last.status500 - before.status500 };
}

type SampledCounts = Pick<SyncRun, "attempts" | "rowsRead" | "rowsSent" | "requests" | "retries">;

/** Reads the run's counts every 50 ms, as the run page polls them, until stopped. */
function sampleCounts(runId: string): { stop: () => Promise<SampledCounts[]> } {
  const samples: SampledCounts[] = [];
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      samples.push(
        await db.syncRun.findUniqueOrThrow({
          where: { id: runId },
          select: { attempts: true, rowsRead: true, rowsSent: true, requests: true, retries: true },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await sampling;
      return samples;
    },
  };
}

/** Every place a sampled count went down from one sample to the next. */
function drops(samples: SampledCounts[], keys: Array<keyof SampledCounts>): string[] {
  const found: string[] = [];
  for (let i = 1; i < samples.length; i += 1) {
    for (const key of keys) {
      if (samples[i]![key] < samples[i - 1]![key])
        found.push(
          `${key} ${samples[i - 1]![key]} → ${samples[i]![key]} (attempt ${samples[i - 1]!.attempts} → ${samples[i]!.attempts})`,
        );
    }
  }
  return found;
}

/** Polls the run until `done` holds (a condition, not a sleep for timing). */
async function waitForRun(runId: string, done: (run: SyncRun) => boolean, timeoutMs: number): Promise<SyncRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    if (done(run)) return run;
    if (Date.now() > deadline)
      throw new Error(
        `run ${runId} did not get there in time: ${run.status}, ${run.rowsRead} rows read, attempt ${run.attempts}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test("a worker SIGKILLed twice at random points: the run completes, nothing is lost, its counts never go back and match X's", async () => {
  const rows = 30_000;
  const table = uniqueTable("sync_crash");
  await seedOrders(sourceDb.adminUrl, table, { rows });
  const { destinationId } = await seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    credentials,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
  });
  // Slow answers, so the run is long enough to be killed in the middle, three times; and some
  // 500s, so there are retries to count. Rules are tried in order: the 500s first.
  await createStandinControl(standin.url).clearFaults();
  await createStandinControl(standin.url).addFault({
    kind: "500",
    probability: 0.05,
    pathIncludes: "/measurement/conversions",
  });
  await createStandinControl(standin.url).addFault({
    kind: "slow",
    probability: 1,
    pathIncludes: "/measurement/conversions",
    delayMs: 120,
  });
  const before = seenAtX();
  const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });
  const sampler = sampleCounts(runId);

  // Each kill lands at a random point of a different stretch of the run (a third death would
  // fail the run: MAX_WORKER_DEATHS, tested below).
  expect(MAX_WORKER_DEATHS).toBeGreaterThan(2);
  const stretches = [
    [0.05, 0.35],
    [0.45, 0.75],
  ] as const;
  for (const [index, [from, to]] of stretches.entries()) {
    const worker = spawnWorker();
    const at = Math.floor(rows * (from + Math.random() * (to - from)));
    await waitForRun(runId, (run) => run.attempts === index + 1 && run.rowsRead >= at, 90_000);
    worker.kill("SIGKILL");
    await exitOf(worker);
    // Every request X saw was counted before it was sent; the run may have counted at most
    // the requests about to go (SLUICE_SYNC_CONCURRENCY = 2) that never went. Retries are
    // counted as they are sent, so at most the batches waiting to resend after a 500 are not.
    const atX = await settledSeenAtX(before);
    const killed = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    console.info(
      `kill ${index + 1}: the run counted ${killed.requests} requests and ${killed.retries} retries; X saw ${atX.requests} requests, ${atX.status500} of them answered 500`,
    );
    expect(killed.requests).toBeGreaterThanOrEqual(atX.requests);
    expect(killed.requests - atX.requests).toBeLessThanOrEqual(2);
    expect(killed.retries).toBeLessThanOrEqual(atX.status500);
    expect(atX.status500 - killed.retries).toBeLessThanOrEqual(2);
  }
  spawnWorker();
  const run = await waitForRun(
    runId,
    (current) => current.status !== "RUNNING" && current.status !== "QUEUED",
    120_000,
  );
  const samples = await sampler.stop();
  await createStandinControl(standin.url).clearFaults();

  // What the run page showed never went back, through both kills and resumes.
  expect(new Set(samples.map((sample) => sample.attempts).filter((attempt) => attempt > 0))).toEqual(
    new Set([1, 2, 3]),
  );
  expect(drops(samples, ["rowsRead", "rowsSent", "requests", "retries"])).toEqual([]);
  // Counted as X saw them, up to the requests counted but never sent at each kill.
  const atX = await settledSeenAtX(before);
  expect(run.requests).toBeGreaterThanOrEqual(atX.requests);
  expect(run.requests - atX.requests).toBeLessThanOrEqual(2 * 2);
  expect(run.retries).toBeLessThanOrEqual(atX.status500);
  expect(atX.status500 - run.retries).toBeLessThanOrEqual(2 * 2);

  expect(run.status).toBe("PARTIAL");
  expect(run.attempts).toBe(3);
  expect(run.workerDeaths).toBe(2);
  expect(run.rowsRead).toBe(rows);
  const final = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  expect(
    final.rowsAlreadySent +
      final.rowsInvalid +
      final.rowsStillInvalid +
      final.rowsRejected +
      final.rowsSent +
      final.rowsFailed,
  ).toBe(rows);
  expect(final.rowsFailed).toBe(0);
  // Each attempt starts its problem rows and their counts afresh: no group counts a row twice.
  const groups = await problemGroupsAndCounts(db, runId);
  expect(groups.kept).toEqual(groups.counted);
  expect(groups.kept.reduce((sum, group) => sum + group.count, 0)).toBeGreaterThan(0);

  const listing = standin.state.conversions.list({}, 0, Number.MAX_SAFE_INTEGER);
  const ledgerKeys = await ledgerKeyCount(db, destinationId);
  const received = new Set(listing.conversions.map((conversion) => conversion.conversionId));
  // Nothing lost: every row sent is in X's record and in the ledger, exactly once each.
  expect(ledgerKeys).toBe(final.rowsSent);
  expect(received.size).toBe(final.rowsSent);
  expect(
    (
      await keysInLedger(
        db,
        destinationId,
        [...received].filter((id): id is string => id !== null),
      )
    ).size,
  ).toBe(final.rowsSent);
  // At most the batches in flight at each kill (2 per worker) were sent again, with the same ids.
  expect(listing.duplicates).toBeLessThanOrEqual(2 * 2 * 500);
}, 300_000);

test("an incremental run SIGKILLed twice reads its window again, loses nothing, and moves the watermark to the highest cursor", async () => {
  // Every row valid (one plain e-mail each), so X's record can be compared with the table key
  // for key. `seq` is the cursor: increasing, indexed, and filled in by the table itself.
  const table = uniqueTable("sync_crash_inc");
  const firstRows = 2_000;
  const newRows = 12_000;
  const lookback = 100;
  const addRows = (from: number, to: number) =>
    sourceDb.query(
      `INSERT INTO ${table} (order_id, email, ordered_at) SELECT '${table}-' || n, 'buyer' || n || '@example.com', now() - interval '1 day' FROM generate_series($1::int, $2::int) AS n ORDER BY n`,
      [from, to],
    );
  await sourceDb.query(
    `CREATE TABLE ${table} (order_id text PRIMARY KEY, email text, ordered_at timestamptz, seq bigserial)`,
  );
  await sourceDb.query(`CREATE INDEX ON ${table} (seq)`);
  await addRows(1, firstRows);
  const mapping = {
    version: 1,
    fields: {
      conversion_time: { kind: "column", column: "ordered_at" },
      email: { kind: "column", column: "email" },
      conversion_id: { kind: "column", column: "order_id" },
    },
  } as const;
  const { destinationId } = await seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    credentials,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
    mapping,
  });
  await db.destination.update({
    where: { id: destinationId },
    data: { incrementalColumn: "seq", incrementalColumnType: "integer", incrementalLookback: lookback },
  });
  await createStandinControl(standin.url).clearFaults();

  // The first run reads every row and sets the watermark; its worker then takes the second run.
  let worker = spawnWorker();
  const { runId: firstRunId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });
  const first = await waitForRun(firstRunId, isFinal, 90_000);
  expect(first).toMatchObject({
    status: "SUCCEEDED",
    rowsRead: firstRows,
    rowsSent: firstRows,
    readFrom: null,
    watermarkAfter: String(firstRows),
  });

  await addRows(firstRows + 1, firstRows + newRows);
  const { max } = (await sourceDb.query<{ max: string }>(`SELECT max(seq)::text AS max FROM ${table}`)).rows[0]!;
  // The window: the new rows and the lookback's overlap (seq ≥ watermark − lookback).
  const windowRows = Number(
    (
      await sourceDb.query<{ count: string }>(`SELECT count(*) FROM ${table} WHERE seq >= $1::bigint - $2`, [
        firstRows,
        lookback,
      ])
    ).rows[0]!.count,
  );
  expect(windowRows).toBe(newRows + lookback + 1);
  // Slow answers, so the run is long enough to be killed twice in the middle.
  await createStandinControl(standin.url).addFault({
    kind: "slow",
    probability: 1,
    pathIncludes: "/measurement/conversions",
    delayMs: 250,
  });
  const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });

  const stretches = [
    [0.05, 0.35],
    [0.45, 0.75],
  ] as const;
  for (const [index, [from, to]] of stretches.entries()) {
    if (index > 0) worker = spawnWorker();
    const at = Math.floor(windowRows * (from + Math.random() * (to - from)));
    await waitForRun(runId, (run) => run.attempts === index + 1 && run.rowsRead >= at, 90_000);
    worker.kill("SIGKILL");
    await exitOf(worker);
    // A killed attempt must not have moved the watermark (it never settled the whole window).
    expect((await db.destination.findUniqueOrThrow({ where: { id: destinationId } })).watermark).toBe(
      String(firstRows),
    );
  }
  spawnWorker();
  const run = await waitForRun(runId, isFinal, 120_000);

  expect(run).toMatchObject({
    status: "SUCCEEDED",
    attempts: 3,
    workerDeaths: 2,
    readColumn: "seq",
    readFrom: String(firstRows - lookback),
    rowsFailed: 0,
  });
  // Each attempt read the same window (the watermark did not move in between), and every row of
  // it is in exactly one count: the overlap as already sent, the new rows as sent (by any attempt).
  expect(run.rowsRead).toBe(windowRows);
  expect(
    run.rowsAlreadySent + run.rowsInvalid + run.rowsStillInvalid + run.rowsRejected + run.rowsSent + run.rowsFailed,
  ).toBe(windowRows);
  expect(run).toMatchObject({ rowsAlreadySent: lookback + 1, rowsSent: newRows });

  // This table's conversions only: the stand-in is shared by the file's tests.
  const ids = standin.state.conversions
    .list({}, 0, Number.MAX_SAFE_INTEGER)
    .conversions.map((conversion) => conversion.conversionId)
    .filter((id): id is string => id?.startsWith(`${table}-`) ?? false);
  const received = new Set(ids);
  const keys = (await sourceDb.query<{ order_id: string }>(`SELECT order_id FROM ${table}`)).rows.map(
    (row) => row.order_id,
  );
  expect(received).toEqual(new Set(keys));
  expect(await ledgerKeyCount(db, destinationId)).toBe(first.rowsSent + run.rowsSent);
  expect((await keysInLedger(db, destinationId, keys)).size).toBe(keys.length);
  // At most the batches in flight at each kill (2 per worker) were sent again, with the same ids.
  expect(ids.length - received.size).toBeLessThanOrEqual(2 * 2 * 500);

  const destination = await db.destination.findUniqueOrThrow({ where: { id: destinationId } });
  expect(destination.watermark).toBe(max);
  expect(run.watermarkAfter).toBe(max);
}, 180_000);

test("with the default heartbeat settings, a SIGKILLed worker's run is taken over within 10 s", async () => {
  const table = uniqueTable("sync_takeover");
  await seedOrders(sourceDb.adminUrl, table, { rows: 10_000 });
  const { destinationId } = await seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    credentials,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
  });
  await createStandinControl(standin.url).clearFaults();
  // 20 batches of a second each, two at a time: the run is still going when its worker is killed.
  await createStandinControl(standin.url).addFault({
    kind: "slow",
    probability: 1,
    pathIncludes: "/measurement/conversions",
    delayMs: 1_000,
  });
  try {
    const defaults = { SLUICE_SYNC_HEARTBEAT_SECONDS: undefined, SLUICE_SYNC_STALE_SECONDS: undefined };
    // The second worker is already running when the first dies, as in a deployment of several.
    const doomed = spawnWorker(defaults);
    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });
    await waitForRun(runId, (run) => run.attempts === 1 && run.rowsSent >= 500, 60_000);
    spawnWorker(defaults);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    doomed.kill("SIGKILL");
    const killedAt = Date.now();
    await exitOf(doomed);
    await waitForRun(runId, (run) => run.attempts === 2, 30_000);
    const takeoverMs = Date.now() - killedAt;
    console.info(`taken over ${takeoverMs} ms after the kill`);
    expect(takeoverMs).toBeLessThanOrEqual(10_000);
    const run = await waitForRun(runId, isFinal, 90_000);
    expect(run).toMatchObject({ workerDeaths: 1, rowsRead: 10_000, rowsFailed: 0 });
  } finally {
    await createStandinControl(standin.url).clearFaults();
  }
}, 150_000);

const isFinal = (run: SyncRun) => run.status !== "RUNNING" && run.status !== "QUEUED";

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

test("a run whose worker dies three times fails with the reason and is never taken again; a graceful stop is no death; other runs go on", async () => {
  const table = uniqueTable("sync_crash_loop");
  await seedOrders(sourceDb.adminUrl, table, { rows: 30_000 });
  const crashing = await seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    credentials,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
  });
  const otherTable = uniqueTable("sync_crash_other");
  await seedOrders(sourceDb.adminUrl, otherTable, { rows: 300 });
  const other = await seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    credentials,
    query: `SELECT * FROM ${otherTable} ORDER BY order_id`,
  });
  // Slow answers: 60 batches, 2 at a time, take 9 s or more, so no attempt can finish before it is stopped.
  await createStandinControl(standin.url).clearFaults();
  await createStandinControl(standin.url).addFault({
    kind: "slow",
    probability: 1,
    pathIncludes: "/measurement/conversions",
    delayMs: 300,
  });
  const requestsAtX = () =>
    [...standin.state.requestsByStatus("/measurement/conversions").values()].reduce((sum, n) => sum + n, 0);
  const before = requestsAtX();
  const { runId } = await requestSyncRun(db, queue, { destinationId: crashing.destinationId, trigger: "MANUAL" });

  // A worker stopped gracefully (SIGTERM, as `npm start` and deployments stop it) mid-run hands
  // the run back: that is not a death.
  const graceful = spawnWorker();
  await waitForRun(runId, (run) => run.rowsSent >= 500 || isFinal(run), 90_000);
  graceful.kill("SIGTERM");
  expect(await exitOf(graceful)).toEqual({ code: 0, signal: null });
  // Handed back with its counts written: every request X saw, none more.
  const handedBack = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  expect(handedBack.requests).toBe(requestsAtX() - before);
  expect(handedBack.requests).toBeGreaterThan(0);

  // From then on the run kills every worker that takes it (as a row too big for the worker's
  // memory would): each is SIGKILLed as soon as it has claimed the run.
  let killedAt = 0;
  for (let death = 1; death <= MAX_WORKER_DEATHS; death += 1) {
    const worker = spawnWorker();
    const claimed = await waitForRun(runId, (run) => run.attempts === death + 1 || isFinal(run), 90_000);
    expect(claimed).toMatchObject({ status: "RUNNING", attempts: death + 1, workerDeaths: death - 1 });
    // Taken over, the run shows what it had got to, not zero.
    expect(claimed.rowsRead).toBeGreaterThanOrEqual(handedBack.rowsRead);
    expect(claimed.rowsSent).toBeGreaterThanOrEqual(handedBack.rowsSent);
    worker.kill("SIGKILL");
    killedAt = Date.now();
    expect(await exitOf(worker)).toEqual({ code: null, signal: "SIGKILL" });
  }

  // The next worker finds the third death, fails the run, and runs another destination's run.
  const { runId: otherRunId } = await requestSyncRun(db, queue, {
    destinationId: other.destinationId,
    trigger: "MANUAL",
  });
  const survivor = spawnWorker();
  const failed = await waitForRun(runId, (run) => isFinal(run) || run.attempts > MAX_WORKER_DEATHS + 1, 90_000);
  expect(failed).toMatchObject({
    status: "FAILED",
    attempts: MAX_WORKER_DEATHS + 1,
    workerDeaths: MAX_WORKER_DEATHS,
  });
  expect(failed.finishedAt).not.toBeNull();
  const reason =
    /^The worker running this sync stopped unexpectedly 3 times \(last at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC\), for example from running out of memory on very large rows\. Sluice stopped retrying it\. Check the source for very large rows, then run it again\.$/;
  expect(failed.error).toMatch(reason);
  // "last at": the dead worker's last heartbeat (every 0.5 s), so within a few seconds of the kill.
  const lastAt = Date.parse(`${reason.exec(failed.error!)![1]!.replace(" ", "T")}Z`);
  expect(Math.abs(lastAt - killedAt)).toBeLessThan(5_000);

  const otherRun = await waitForRun(otherRunId, isFinal, 90_000);
  expect(otherRun).toMatchObject({ status: "PARTIAL", rowsRead: 300, attempts: 1, workerDeaths: 0 });
  // Never taken again: its job is cancelled, and the worker that has run the other destination's
  // run since did not claim it.
  expect((await queue.boss.getJobById(JOBS.syncRun.name, syncJobId(runId)))?.state).toBe("cancelled");
  expect(await db.syncRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({
    status: "FAILED",
    attempts: MAX_WORKER_DEATHS + 1,
  });
  expect(survivor.exitCode).toBeNull();
}, 300_000);
