import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { createStandinControl } from "@/standin/standin-control";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { createQueuedRun } from "../lifecycle/create-queued-run";
import { runSync } from "./run-sync";
import { keysInLedger, ledgerKeyCount } from "./sent-ledger";
import {
  engineDeps,
  problemGroupsAndCounts,
  seedDestination,
  seedOrders,
  testSecrets,
  uniqueTable,
} from "../sync-test-harness";
import { sourceDatabase } from "@/lib/testing/source-database";

const url = inject("databaseUrl");
// Source tables live in the run's source database, read as its read-only user.
const sourceDb = sourceDatabase();
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const secrets = testSecrets();
let db: Db;
let standin: RunningStandin;

beforeAll(async () => {
  db = createDb(url, { max: 4 });
  // Rate limits out of the way: these tests are about accounting, not pacing.
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 100_000_000 }, recordPayloads: false });
});

beforeEach(() => standin?.state.reset());

afterAll(async () => {
  await standin?.stop();
  await db?.$disconnect();
});

/** What the stand-in recorded, by conversion_id: the X side of the books. */
function standinRecord() {
  const listing = standin.state.conversions.list({}, 0, Number.MAX_SAFE_INTEGER);
  const counts = new Map<string, number>();
  for (const conversion of listing.conversions)
    counts.set(conversion.conversionId ?? "", (counts.get(conversion.conversionId ?? "") ?? 0) + 1);
  return { total: listing.total, unique: counts.size, duplicates: listing.duplicates, counts };
}

async function expectBooksAgree(destinationId: string, runId: string, rows: number) {
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  expect(run.rowsRead).toBe(rows);
  expect(
    run.rowsAlreadySent + run.rowsInvalid + run.rowsStillInvalid + run.rowsRejected + run.rowsSent + run.rowsFailed,
  ).toBe(rows);
  const record = standinRecord();
  const ledgerKeys = await ledgerKeyCount(db, destinationId);
  expect(ledgerKeys).toBe(run.rowsSent);
  expect(record.unique).toBe(run.rowsSent);
  expect((await keysInLedger(db, destinationId, [...record.counts.keys()])).size).toBe(run.rowsSent);
  const invalidRows = await db.syncProblem.groupBy({ by: ["rowNumber"], where: { runId, kind: "INVALID" } });
  expect(invalidRows).toHaveLength(run.rowsInvalid);
  const groups = await problemGroupsAndCounts(db, runId);
  expect(groups.kept).toEqual(groups.counted);
  return { run, record };
}

describe("at scale", () => {
  test("a 100,000-row sync accounts for every row, and X's record agrees exactly", async () => {
    const table = uniqueTable("sync_100k");
    await seedOrders(sourceDb.adminUrl, table, { rows: 100_000 });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });
    const { runId } = await createQueuedRun(db, { destinationId, trigger: "MANUAL" });

    const result = await runSync(engineDeps(db, secrets, { url: standin.url, credentials }, { concurrency: 4 }), runId);
    expect(result.kind).toBe("finished");
    const { run, record } = await expectBooksAgree(destinationId, runId, 100_000);
    expect(run.status).toBe("PARTIAL");
    expect(run.rowsFailed + run.rowsRejected + run.rowsAlreadySent).toBe(0);
    expect(record.total).toBe(run.rowsSent);
    expect(record.duplicates).toBe(0);
    expect(run.requests).toBe(Math.ceil(run.rowsSent / 500));
    expect(run.rowsTotalEstimate).toBe(100_000);
  }, 180_000);

  test("with X failing (10% 500s, 5% 429s, 2% dropped connections, slow answers) the run completes, loses nothing and sends no conversion twice", async () => {
    const table = uniqueTable("sync_faults");
    await seedOrders(sourceDb.adminUrl, table, { rows: 20_000 });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });
    const control = createStandinControl(standin.url);
    const path = "/measurement/conversions";
    await control.addFault({ kind: "500", probability: 0.1, pathIncludes: path });
    await control.addFault({ kind: "429", probability: 0.05, pathIncludes: path, retryAfterSeconds: 1 });
    await control.addFault({ kind: "drop", probability: 0.02, pathIncludes: path });
    await control.addFault({ kind: "slow", probability: 0.2, pathIncludes: path, delayMs: 400 });
    const { runId } = await createQueuedRun(db, { destinationId, trigger: "MANUAL" });

    await runSync(engineDeps(db, secrets, { url: standin.url, credentials }, { maxRetries: 10 }), runId);
    const { run, record } = await expectBooksAgree(destinationId, runId, 20_000);
    expect(run.rowsFailed).toBe(0);
    expect(run.retries).toBeGreaterThan(0);
    expect(run.rateLimited).toBeGreaterThan(0);
    expect(record.duplicates).toBe(0);
    expect(record.total).toBe(run.rowsSent);
    const statuses = (await control.requests()).requests.map((request) => request.status);
    expect(statuses).toEqual(expect.arrayContaining([0, 429, 500, 200]));
  }, 120_000);
});
