import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { createJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { sourceDatabase } from "@/lib/testing/source-database";
import { agencyClient, DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { requestSyncRun } from "./request-sync-run";
import {
  engineDeps,
  isSingleBackendDatabase,
  ONLY_ON_POSTGRES,
  seedDestination,
  seedOrders,
  testSecrets,
  uniqueTable,
} from "../sync-test-harness";
import { startSyncWorker, type SyncWorker } from "./sync-worker";

// Runs for many ad accounts: waiting on one account's rate limit must not hold up the others,
// and two workers sending to one account share its budget instead of collecting 429s.
const url = inject("databaseUrl");
const sourceDb = sourceDatabase();
const embedded = await isSingleBackendDatabase(url);
if (embedded) console.warn(`${import.meta.url.split("/").pop()} skipped: ${ONLY_ON_POSTGRES.runsAtOnce}`);
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const secrets = testSecrets();
// 1,000 events per 4 s per account (X's batches are up to 500, so a window holds two); every
// destination below has three windows' worth of rows.
const LIMIT = 1_000;
const WINDOW_SECONDS = 4;
const ROWS = 3_000;
let db: Db;
let queue: JobQueue;
let standin: RunningStandin;
const workers: SyncWorker[] = [];

beforeAll(async () => {
  if (embedded) return;
  db = createDb(url, { max: 3 });
  queue = await createJobQueue(url, { role: "producer", max: 2 });
  standin = await startStandin({
    rateLimit: { conversionsPerWindow: LIMIT, windowSeconds: WINDOW_SECONDS },
    recordPayloads: false,
  });
});

afterAll(async () => {
  if (embedded) return;
  await Promise.all(workers.map((worker) => worker.stop()));
  await queue?.stop({ graceful: false });
  await standin?.stop();
  await db?.$disconnect();
});

async function startWorker(concurrency: number): Promise<SyncWorker> {
  const deps = engineDeps(db, secrets, { url: standin.url, credentials }, { concurrency: 2 });
  const worker = await startSyncWorker({
    databaseUrl: url,
    access: deps.access,
    settings: deps.settings,
    concurrency,
    staleSeconds: 6,
    log: () => undefined,
  });
  workers.push(worker);
  return worker;
}

async function destinationFor(client: number): Promise<string> {
  const target = agencyClient(client);
  const table = uniqueTable("fleet");
  await seedOrders(sourceDb.adminUrl, table, { rows: ROWS, eventFor: () => target.eventId });
  const { destinationId } = await seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    credentials,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
    target,
  });
  return destinationId;
}

async function waitForRuns(runIds: string[], timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let overlap = 0;
  for (;;) {
    const runs = await db.syncRun.findMany({ where: { id: { in: runIds } } });
    overlap = Math.max(overlap, runs.filter((run) => run.status === "RUNNING").length);
    if (runs.every((run) => !["QUEUED", "RUNNING"].includes(run.status))) return { runs, overlap };
    if (Date.now() > deadline)
      throw new Error(`runs not finished in time: ${runs.map((run) => run.status).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The demo rows include some X would refuse (sync-test-harness): every row is sent or invalid. */
function expectAllAccountedFor(run: {
  status: string;
  rowsRead: number;
  rowsSent: number;
  rowsInvalid: number;
  rowsFailed: number;
}) {
  expect(run.status).toBe("PARTIAL");
  expect(run.rowsRead).toBe(ROWS);
  expect(run.rowsSent + run.rowsInvalid).toBe(ROWS);
  expect(run.rowsSent).toBeGreaterThan(ROWS * 0.9);
  expect(run.rowsFailed).toBe(0);
}

const rateLimited = () => standin.state.requestsByStatus("/measurement/conversions").get(429) ?? 0;

describe.skipIf(embedded)("many accounts at once", () => {
  test("one worker sends to many accounts side by side while each waits on its own rate limit", async () => {
    const worker = await startWorker(50);
    const destinations = await Promise.all([10, 11, 12, 13, 14, 15].map((client) => destinationFor(client)));
    const before = rateLimited();
    const started = Date.now();
    const runIds = [];
    for (const destinationId of destinations)
      runIds.push((await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" })).runId);
    const { runs, overlap } = await waitForRuns(runIds);
    const wall = (Date.now() - started) / 1000;

    expect(overlap).toBe(destinations.length);
    for (const run of runs) expectAllAccountedFor(run);
    // Three windows each, side by side: about as long as one account alone (two waits of a
    // window and up to a second, X's reset being whole seconds), far from six times that.
    expect(wall).toBeLessThan(3 * 2 * (WINDOW_SECONDS + 1));
    expect(rateLimited() - before).toBe(0);
    await worker.stop();
    workers.splice(workers.indexOf(worker), 1);
  });

  test("two workers sending to one ad account share its budget: no 429s, every row sent once", async () => {
    await startWorker(2);
    await startWorker(2);
    // Two destinations on one account (its one pixel and event), each with three windows' worth.
    const destinations = [await destinationFor(20), await destinationFor(20)];
    const before = rateLimited();
    const runIds = [];
    for (const destinationId of destinations)
      runIds.push((await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" })).runId);
    const { runs } = await waitForRuns(runIds);
    for (const run of runs) {
      expectAllAccountedFor(run);
      expect(run.rateLimited).toBe(0);
    }
    expect(rateLimited() - before).toBe(0);
    const sent = standin.state.conversions.list({ pixelId: agencyClient(20).pixelId });
    expect(sent.unique).toBe(runs[0]!.rowsSent + runs[1]!.rowsSent);
    expect(sent.duplicates).toBe(0);
  });
});
