import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { createQueuedRun } from "../lifecycle/create-queued-run";
import { resetSentLedger } from "../lifecycle/reset-sent-ledger";
import { keysInLedger, ledgerKeyCount } from "./sent-ledger";
import { runSync } from "./run-sync";
import { engineDeps, seedDestination, seedOrders, testSecrets, uniqueTable } from "../sync-test-harness";
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
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 10_000_000 } });
});

afterAll(async () => {
  await standin?.stop();
  await db?.$disconnect();
});

async function run(destinationId: string) {
  const { runId } = await createQueuedRun(db, { destinationId, trigger: "MANUAL" });
  const result = await runSync(engineDeps(db, secrets, { url: standin.url, credentials }), runId);
  const row = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  return { runId, result, row };
}

function accounted(row: {
  rowsRead: number;
  rowsAlreadySent: number;
  rowsInvalid: number;
  rowsStillInvalid: number;
  rowsRejected: number;
  rowsDuplicate: number;
  rowsSent: number;
  rowsFailed: number;
}) {
  return (
    row.rowsAlreadySent +
    row.rowsInvalid +
    row.rowsStillInvalid +
    row.rowsRejected +
    row.rowsDuplicate +
    row.rowsSent +
    row.rowsFailed
  );
}

describe("a batch with conversions X would reject", () => {
  test("3 bad among 500: exactly those 3 are held back as invalid, the other 497 are sent in one request", async () => {
    const table = uniqueTable("sync_bad");
    const bad = new Set([17, 250, 499]);
    // p3aa1 belongs to another ad account: convertRow cannot know, the account's event tags tell.
    await seedOrders(sourceDb.adminUrl, table, {
      rows: 500,
      eventFor: (index) => (bad.has(index) ? "p3aa1" : "o87ne"),
    });
    // Every row is valid for Sluice (a hashed email made from the order id); the event comes
    // from a column.
    const query = `SELECT order_id, event_id, coalesce(ordered_at, '2026-11-19T10:00:00Z') AS ordered_at, md5(order_id) || md5(order_id) AS hashed FROM ${table} ORDER BY order_id`;
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query,
      mapping: {
        version: 1,
        fields: {
          conversion_time: { kind: "column", column: "ordered_at" },
          conversion_id: { kind: "column", column: "order_id" },
          hashed_email: { kind: "column", column: "hashed" },
        },
        eventId: { kind: "column", column: "event_id" },
      },
    });

    const { runId, row } = await run(destinationId);
    expect(row.status).toBe("PARTIAL");
    expect(row.rowsRead).toBe(500);
    expect(row.rowsInvalid).toBe(3);
    expect(row.rowsRejected).toBe(0);
    expect(row.requests).toBe(1);
    expect(row.rowsSent).toBe(497);
    expect(accounted(row)).toBe(500);

    const problems = await db.syncProblem.findMany({ where: { runId }, orderBy: { rowNumber: "asc" } });
    expect([...new Set(problems.map((problem) => problem.rowNumber))]).toEqual([17, 250, 499]);
    expect(problems.every((problem) => problem.kind === "INVALID" && problem.code === "event_unknown")).toBe(true);
    expect(problems.map((problem) => problem.message)).toContain(
      "event p3aa1 is not an event of this ad account at X (unknown, deleted or another account's)",
    );

    const ids = new Set(
      standin.state.conversions
        .list({ pixelId: "o8z6j" }, 0, 1_000_000)
        .conversions.map((conversion) => conversion.conversionId),
    );
    // The ledger holds exactly what X received from this destination: as many keys, each found.
    expect(await ledgerKeyCount(db, destinationId)).toBe(497);
    expect(
      (
        await keysInLedger(
          db,
          destinationId,
          [...ids].filter((id): id is string => id !== null && id.startsWith(table)),
        )
      ).size,
    ).toBe(497);
    expect(ids.has(`${table}-ORD-100017`)).toBe(false);
  });
});

describe("the sent-ledger", () => {
  test("re-running an unchanged source sends nothing; adding 10 rows sends exactly those 10", async () => {
    const table = uniqueTable("sync_ledger");
    await seedOrders(sourceDb.adminUrl, table, { rows: 1_200 });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });
    const before = standin.state.conversions.list({}).total;

    const first = await run(destinationId);
    expect(first.row.rowsRead).toBe(1_200);
    expect(accounted(first.row)).toBe(1_200);
    expect(first.row.rowsSent).toBeGreaterThan(1_000);
    expect(first.row.rowsInvalid).toBeGreaterThan(0);
    expect(standin.state.conversions.list({}).total - before).toBe(first.row.rowsSent);

    const second = await run(destinationId);
    // The same invalid rows are still invalid: reported by the first run, not again.
    expect(second.row.status).toBe("UP_TO_DATE");
    expect(second.row.rowsStillInvalid).toBe(first.row.rowsInvalid);
    expect(second.row.rowsSent).toBe(0);
    expect(second.row.requests).toBe(0);
    expect(second.row.rowsAlreadySent).toBe(first.row.rowsSent);
    expect(standin.state.conversions.list({}).total - before).toBe(first.row.rowsSent);

    // Rows 1,221-1,230 of the demo generator are all valid (its bad rows are 7, 13 and 19 of every 50).
    await seedOrders(sourceDb.adminUrl, table, { rows: 10, from: 1_221 });
    const third = await run(destinationId);
    expect(third.row.rowsRead).toBe(1_210);
    expect(third.row.rowsSent).toBe(10);
    expect(third.row.status).toBe("SUCCEEDED");
    expect(third.row.rowsInvalid).toBe(0);
    expect(third.row.rowsStillInvalid).toBe(first.row.rowsInvalid);
    expect(third.row.requests).toBe(1);
    expect(standin.state.conversions.list({}).total - before).toBe(first.row.rowsSent + 10);
    expect(standin.state.conversions.list({}).duplicates).toBe(0);
  });

  test("a key the source yields twice is sent once and counted as repeated, whether its copies are near each other or chunks apart", async () => {
    const table = uniqueTable("sync_dupes");
    await seedOrders(sourceDb.adminUrl, table, { rows: 6_000 });
    // Row 5's order id again right after it, and rows 1, 2 and 3 again after all 6,000 rows
    // (many chunks later, long after their first copies were recorded).
    const query = `WITH t AS (SELECT *, row_number() OVER (ORDER BY order_id) AS n FROM ${table})
      SELECT * FROM (
        SELECT t.*, 0 AS pass, n::numeric AS k FROM t
        UNION ALL SELECT t.*, 0, n + 0.5 FROM t WHERE n = 5
        UNION ALL SELECT t.*, 1, n FROM t WHERE n IN (1, 2, 3)
      ) AS q ORDER BY pass, k`;
    const { destinationId } = await seedDestination(db, secrets, { url: sourceDb.readerUrl, credentials, query });
    const before = standin.state.conversions.list({}).total;
    const { runId, row } = await run(destinationId);
    expect(row.rowsRead).toBe(6_004);
    expect(accounted(row)).toBe(6_004);
    expect(row.rowsSent + row.rowsInvalid).toBe(6_000);
    // Rows 1, 2, 3 and 5 are valid (the generator's bad rows are 7, 13 and 19 of every 50).
    expect(row.rowsDuplicate).toBe(4);
    expect(row.rowsAlreadySent).toBe(0);
    expect(row.status).toBe("PARTIAL");
    expect(standin.state.conversions.list({}).total - before).toBe(row.rowsSent);
    expect(await ledgerKeyCount(db, destinationId)).toBe(row.rowsSent);
    // Each repeat is listed under its own row number, with its key, so it can be found.
    const repeats = await db.syncProblem.findMany({
      where: { runId, kind: "DUPLICATE" },
      orderBy: { rowNumber: "asc" },
    });
    expect(repeats.map((problem) => [problem.rowNumber, problem.rowKey, problem.code])).toEqual([
      [6, `${table}-ORD-100005`, "conversion_id_duplicate"],
      [6_002, `${table}-ORD-100001`, "conversion_id_duplicate"],
      [6_003, `${table}-ORD-100002`, "conversion_id_duplicate"],
      [6_004, `${table}-ORD-100003`, "conversion_id_duplicate"],
    ]);

    // The next run finds every key sent by the first: already sent, none repeated.
    const again = await run(destinationId);
    expect(again.row.rowsDuplicate).toBe(0);
    expect(again.row.rowsAlreadySent).toBe(row.rowsSent + 4);
    expect(accounted(again.row)).toBe(6_004);
  });

  test("an owner's deliberate reset (the name typed, audited) makes the next run send every row again", async () => {
    const table = uniqueTable("sync_reset");
    await seedOrders(sourceDb.adminUrl, table, { rows: 60 });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
      name: `Reset me ${table}`,
    });
    const owner = await db.user.create({
      data: { email: `owner-${table}@example.com`, name: "Owner", passwordHash: "-", role: "OWNER" },
    });
    const first = await run(destinationId);

    await expect(resetSentLedger(db, owner, { destinationId, confirmName: "reset me" })).rejects.toThrow(
      /Type the destination's name/,
    );
    expect(await ledgerKeyCount(db, destinationId)).toBe(first.row.rowsSent);

    expect(await resetSentLedger(db, owner, { destinationId, confirmName: `Reset me ${table}` })).toEqual({
      forgotten: first.row.rowsSent,
    });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "destination.ledger_reset", targetId: destinationId },
    });
    expect(audit).toMatchObject({ actorEmail: owner.email, details: { forgotten: first.row.rowsSent } });
    const again = await run(destinationId);
    expect(again.row.rowsSent).toBe(first.row.rowsSent);
    expect(again.row.rowsAlreadySent).toBe(0);
  });
});
