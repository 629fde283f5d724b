import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { createJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { requestSyncRun } from "@/lib/sync/lifecycle/request-sync-run";
import { engineDeps, seedDestination, seedOrders, testSecrets, uniqueTable } from "@/lib/sync/sync-test-harness";
import { startSyncWorker, type SyncWorker } from "@/lib/sync/lifecycle/sync-worker";
import { sourceDatabase } from "@/lib/testing/source-database";
import { createStandinControl } from "@/standin/standin-control";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";

const url = inject("databaseUrl");
const sourceDb = sourceDatabase();
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const secrets = testSecrets();
const TOKEN = "metrics-token-for-the-test-0123456789";
let db: Db;
let queue: JobQueue;
let standin: RunningStandin;
let worker: SyncWorker;

beforeAll(async () => {
  db = createDb(url, { max: 3 });
  queue = await createJobQueue(url, { role: "producer", max: 2 });
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 100_000_000 }, recordPayloads: false });
  const deps = engineDeps(db, secrets, { url: standin.url, credentials }, { concurrency: 2 });
  worker = await startSyncWorker({
    databaseUrl: url,
    access: deps.access,
    settings: deps.settings,
    concurrency: 4,
    staleSeconds: 6,
    log: () => undefined,
    metrics: { port: 0, token: TOKEN },
  });
});

afterAll(async () => {
  await worker?.stop();
  await queue?.stop({ graceful: false });
  await standin?.stop();
  await db?.$disconnect();
});

/** One scrape, parsed into "name{labels}" → value. */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(worker.metricsUrl!, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe("the worker's Prometheus metrics", () => {
  test("are served only to bearers of the token", async () => {
    expect((await fetch(worker.metricsUrl!)).status).toBe(401);
    expect(
      (await fetch(worker.metricsUrl!, { headers: { authorization: "Bearer not-the-token-at-all" } })).status,
    ).toBe(401);
    expect(
      (await fetch(worker.metricsUrl!.replace("/metrics", "/"), { headers: { authorization: `Bearer ${TOKEN}` } }))
        .status,
    ).toBe(404);
  });

  test("scraped during a sync and after it: runs, rows, requests to X with their latency, queue", async () => {
    const table = uniqueTable("metrics");
    await seedOrders(sourceDb.adminUrl, table, { rows: 3_000 });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });
    // Slow answers, so the run is still going when it is scraped; one 429 to be counted.
    const control = createStandinControl(standin.url);
    // (The first rule that matches a request decides it: the 429 first, then every answer slow.)
    await control.addFault({ kind: "429", count: 1, pathIncludes: "/measurement/conversions", retryAfterSeconds: 1 });
    await control.addFault({ kind: "slow", probability: 1, pathIncludes: "/measurement/conversions", delayMs: 400 });
    const before = await scrape();
    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });

    let during: Map<string, number> | null = null;
    for (let i = 0; i < 200 && !during; i += 1) {
      const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
      if (run.status === "RUNNING" && run.requests > 0) during = await scrape();
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(during).not.toBeNull();
    expect(during!.get("sluice_worker_runs_active")).toBe(1);
    expect(during!.get('sluice_sync_runs{status="running"}')).toBeGreaterThanOrEqual(1);

    let run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    for (let i = 0; i < 600 && !run.finishedAt; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    }
    await control.clearFaults();
    // The worker lets go of the run just after writing it finished.
    let after = await scrape();
    for (let i = 0; i < 50 && after.get("sluice_worker_runs_active") !== 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await scrape();
    }
    const grew = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(run.status).toBe("PARTIAL");
    expect(after.get("sluice_worker_runs_active")).toBe(0);
    // What this worker sent, as X answered it, and the same in the runs' totals.
    expect(grew('sluice_x_requests_total{outcome="accepted"}')).toBe(run.requests - run.rateLimited);
    expect(grew('sluice_x_requests_total{outcome="rate_limited"}')).toBe(1);
    expect(grew('sluice_x_request_duration_seconds_count{outcome="accepted"}')).toBe(run.requests - 1);
    expect(grew('sluice_x_request_duration_seconds_bucket{le="0.25",outcome="accepted"}')).toBe(0);
    expect(grew('sluice_x_request_duration_seconds_sum{outcome="accepted"}')).toBeGreaterThanOrEqual(
      0.4 * (run.requests - 1),
    );
    expect(grew('sluice_sync_rows_total{outcome="sent"}')).toBe(run.rowsSent);
    expect(grew('sluice_sync_rows_total{outcome="invalid"}')).toBe(run.rowsInvalid + run.rowsStillInvalid);
    expect(grew("sluice_sync_requests_total")).toBe(run.requests);
    expect(grew("sluice_sync_rate_limited_total")).toBe(1);
    expect(grew('sluice_sync_runs{status="partial"}')).toBe(1);
    expect(after.get("sluice_sync_queue_depth")).toBeGreaterThanOrEqual(0);
    expect(after.has("sluice_sync_oldest_queued_age_seconds")).toBe(true);
  });
});
