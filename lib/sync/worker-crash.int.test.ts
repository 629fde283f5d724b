import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { createDb, type Db } from "@/lib/db/client";
import { createJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { createStandinControl } from "@/standin/standin-control";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { requestSyncRun } from "./request-sync-run";
import { isEmbeddedPglite, NEEDS_REAL_POSTGRES, problemGroupsAndCounts, seedDestination, seedOrders, uniqueTable } from "./sync-test-harness";
import { sourceDatabase } from "@/lib/testing/source-database";

const url = inject("databaseUrl");
// Source tables live in the run's source database, read as its read-only user.
const sourceDb = sourceDatabase();
const embedded = await isEmbeddedPglite(url);
if (embedded) console.warn(`${import.meta.url.split("/").pop()} skipped: ${NEEDS_REAL_POSTGRES}`);
const credentials = { consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET }, token: DEMO_ACCESS_TOKENS.admin };
const key = randomBytes(32);
const secrets = createSecretBox(key);
let db: Db;
let queue: JobQueue;
let standin: RunningStandin;
const workers = new Set<ChildProcess>();

beforeAll(async () => {
  if (embedded) return;
  db = createDb(url, { max: 3 });
  queue = await createJobQueue(url, { role: "producer", max: 2 });
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 100_000_000 }, recordPayloads: false });
});

afterAll(async () => {
  if (embedded) return;
  for (const worker of workers) worker.kill("SIGKILL");
  await queue?.stop({ graceful: false });
  await standin?.stop();
  await db?.$disconnect();
});

/** A real worker process, as `npm run worker` starts it. */
function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
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
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (data: Buffer) => process.stderr.write(`[worker ${child.pid}] ${data}`));
  workers.add(child);
  child.once("exit", () => workers.delete(child));
  return child;
}

/** Polls the run until `done` holds (a condition, not a sleep for timing). */
async function waitForRun(runId: string, done: (run: { status: string; rowsRead: number; attempts: number }) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    if (done(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not get there in time: ${run.status}, ${run.rowsRead} rows read, attempt ${run.attempts}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test.skipIf(embedded)("a worker SIGKILLed three times at random points: the run completes and nothing is lost", async () => {
  const rows = 30_000;
  const table = uniqueTable("sync_crash");
  await seedOrders(sourceDb.adminUrl, table, { rows });
  const { destinationId } = await seedDestination(db, secrets, { url: sourceDb.readerUrl, credentials, query: `SELECT * FROM ${table} ORDER BY order_id` });
  // Slow answers, so the run is long enough to be killed in the middle, three times.
  await createStandinControl(standin.url).addFault({ kind: "slow", probability: 1, pathIncludes: "/measurement/conversions", delayMs: 120 });
  const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });

  // Each kill lands at a random point of a different stretch of the run.
  const stretches = [[0.05, 0.25], [0.3, 0.5], [0.55, 0.75]] as const;
  for (const [index, [from, to]] of stretches.entries()) {
    const worker = spawnWorker();
    const at = Math.floor(rows * (from + Math.random() * (to - from)));
    await waitForRun(runId, (run) => run.attempts === index + 1 && run.rowsRead >= at, 90_000);
    worker.kill("SIGKILL");
    await new Promise((resolve) => worker.once("exit", resolve));
  }
  spawnWorker();
  const run = await waitForRun(runId, (current) => current.status !== "RUNNING" && current.status !== "QUEUED", 120_000);

  expect(run.status).toBe("PARTIAL");
  expect(run.attempts).toBe(4);
  expect(run.rowsRead).toBe(rows);
  const final = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  expect(final.rowsAlreadySent + final.rowsInvalid + final.rowsRejected + final.rowsSent + final.rowsFailed).toBe(rows);
  expect(final.rowsFailed).toBe(0);
  // Each attempt starts its problem rows and their counts afresh: no group counts a row twice.
  const groups = await problemGroupsAndCounts(db, runId);
  expect(groups.kept).toEqual(groups.counted);
  expect(groups.kept.reduce((sum, group) => sum + group.count, 0)).toBeGreaterThan(0);

  const listing = standin.state.conversions.list({}, 0, Number.MAX_SAFE_INTEGER);
  const ledger = await db.sentConversion.findMany({ where: { destinationId }, select: { rowKey: true } });
  const received = new Set(listing.conversions.map((conversion) => conversion.conversionId));
  // Nothing lost: every row sent is in X's record and in the ledger, exactly once each.
  expect(ledger).toHaveLength(final.rowsSent);
  expect(received.size).toBe(final.rowsSent);
  expect(ledger.every(({ rowKey }) => received.has(rowKey))).toBe(true);
  // At most the batches in flight at each kill (2 per worker) were sent again, with the same ids.
  expect(listing.duplicates).toBeLessThanOrEqual(3 * 2 * 500);
}, 300_000);
