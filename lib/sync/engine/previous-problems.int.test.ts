import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { sourceDatabase } from "@/lib/testing/source-database";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { createQueuedRun } from "../lifecycle/create-queued-run";
import { runSync } from "./run-sync";
import { engineDeps, seedDestination, seedOrders, testSecrets, uniqueTable } from "../sync-test-harness";

const url = inject("databaseUrl");
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

async function run(destinationId: string, settings: { chunkSize?: number } = {}) {
  const { runId } = await createQueuedRun(db, { destinationId, trigger: "SCHEDULE" });
  await runSync(engineDeps(db, secrets, { url: standin.url, credentials }, settings), runId);
  const row = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  const problems = await db.syncProblem.findMany({
    where: { runId },
    select: { rowKey: true, code: true },
    orderBy: { id: "asc" },
  });
  const stillInvalid = await db.syncStillInvalidGroup.findMany({
    where: { runId },
    select: { sinceRunId: true, kind: true, code: true, count: true },
    orderBy: [{ sinceRunId: "asc" }, { code: "asc" }],
  });
  return { runId, row, problems, stillInvalid };
}

/** Every row read lands in exactly one count. */
const accounted = (row: {
  rowsAlreadySent: number;
  rowsInvalid: number;
  rowsStillInvalid: number;
  rowsRejected: number;
  rowsSent: number;
  rowsFailed: number;
}) => row.rowsAlreadySent + row.rowsInvalid + row.rowsStillInvalid + row.rowsRejected + row.rowsSent + row.rowsFailed;

const reasonCounts = (problems: Array<{ code: string }>) => {
  const counts = new Map<string, number>();
  for (const { code } of problems) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, count })).sort((a, b) => a.code.localeCompare(b.code));
};

describe("re-runs over the same invalid rows", () => {
  test("are up to date, count the rows as still invalid and list only what is new, run after run", async () => {
    const table = uniqueTable("still_invalid");
    // 8 of the first 200 demo rows are invalid: 7, 57, 107 and 157 have no order time, 119, 127,
    // 158 and 169 no usable identifier (demo-conversions.ts).
    await seedOrders(sourceDb.adminUrl, table, { rows: 200 });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });
    // Small chunks: the earlier problems are looked up chunk by chunk.
    const settings = { chunkSize: 32 };

    const first = await run(destinationId, settings);
    // Some rows invalid, everything else sent: partly sent (amber on the page, not red).
    expect(first.row).toMatchObject({
      status: "PARTIAL",
      rowsRead: 200,
      rowsInvalid: 8,
      rowsStillInvalid: 0,
      rowsSent: 192,
      readWholeSource: true,
    });
    expect(first.stillInvalid).toEqual([]);
    expect(new Set(first.problems.map((problem) => problem.rowKey)).size).toBe(8);

    const second = await run(destinationId, settings);
    expect(second.row).toMatchObject({
      status: "UP_TO_DATE",
      error: null,
      rowsRead: 200,
      rowsInvalid: 0,
      rowsStillInvalid: 8,
      rowsSent: 0,
      rowsAlreadySent: 192,
      requests: 0,
    });
    expect(accounted(second.row)).toBe(200);
    expect(second.problems).toEqual([]);
    expect(await db.syncProblemGroup.count({ where: { runId: second.runId } })).toBe(0);
    // Summarised by the run that listed them, reason by reason.
    expect(second.stillInvalid.map(({ code, count }) => ({ code, count }))).toEqual(reasonCounts(first.problems));
    expect(second.stillInvalid.every((group) => group.sinceRunId === first.runId && group.kind === "INVALID")).toBe(
      true,
    );

    // One new invalid row (207: no order time) among 10 new ones, and an old invalid row with a
    // reason it did not have before (119 loses its order time too): both are new problems; the
    // other 7 are still invalid.
    await seedOrders(sourceDb.adminUrl, table, { rows: 10, from: 201 });
    await sourceDb.query(`UPDATE ${table} SET ordered_at = NULL WHERE order_id = $1`, [`${table}-ORD-100119`]);
    const third = await run(destinationId, settings);
    expect(third.row).toMatchObject({
      status: "PARTIAL",
      rowsRead: 210,
      rowsInvalid: 2,
      rowsStillInvalid: 7,
      rowsSent: 9,
      rowsAlreadySent: 192,
    });
    expect(accounted(third.row)).toBe(210);
    expect(new Set(third.problems.map((problem) => problem.rowKey))).toEqual(
      new Set([`${table}-ORD-100207`, `${table}-ORD-100119`]),
    );
    // The changed row is listed with all its reasons, the old one and the new one.
    expect(
      third.problems
        .filter((problem) => problem.rowKey === `${table}-ORD-100119`)
        .map((problem) => problem.code)
        .sort(),
    ).toEqual(["conversion_time_missing", "identifier_missing"]);
    expect(new Set(third.stillInvalid.map((group) => group.sinceRunId))).toEqual(new Set([first.runId]));

    // The fourth run compares with the third's new problems and, through the third's summary,
    // with the first run's: nothing is new.
    const fourth = await run(destinationId, settings);
    expect(fourth.row).toMatchObject({ status: "UP_TO_DATE", rowsInvalid: 0, rowsStillInvalid: 9, rowsSent: 0 });
    expect(fourth.problems).toEqual([]);
    const bySince = new Map<string, number>();
    for (const group of fourth.stillInvalid)
      bySince.set(group.sinceRunId, (bySince.get(group.sinceRunId) ?? 0) + group.count);
    // Reasons: 7 rows of the first run with one each; the third run's two rows, one with two reasons.
    expect(Object.fromEntries(bySince)).toEqual({ [first.runId]: 7, [third.runId]: 3 });
  });

  test("a run stopped by an error is not compared with: the next run compares with the last complete one", async () => {
    const table = uniqueTable("still_invalid_err");
    await seedOrders(sourceDb.adminUrl, table, { rows: 60 }); // rows 7 and 57 are invalid
    const { destinationId, sourceId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });
    const first = await run(destinationId);
    expect(first.row).toMatchObject({ status: "PARTIAL", rowsInvalid: 2 });

    // The source's query fails: the run fails before reading a row, and has no problems.
    await db.source.update({ where: { id: sourceId }, data: { query: `SELECT * FROM ${table}_missing` } });
    const broken = await run(destinationId);
    expect(broken.row).toMatchObject({ status: "FAILED", readWholeSource: false, rowsRead: 0 });

    await db.source.update({ where: { id: sourceId }, data: { query: `SELECT * FROM ${table} ORDER BY order_id` } });
    const again = await run(destinationId);
    expect(again.row).toMatchObject({ status: "UP_TO_DATE", rowsInvalid: 0, rowsStillInvalid: 2 });
    expect(again.stillInvalid.every((group) => group.sinceRunId === first.runId)).toBe(true);
  });

  test("rows without a key cannot be recognised: they are reported as new every time", async () => {
    const table = uniqueTable("still_invalid_nokey");
    await seedOrders(sourceDb.adminUrl, table, { rows: 130 }); // rows 7, 57, 107, 119 and 127 are invalid
    // Row 7's order id is dropped: without a conversion id (and no time) it has no key.
    const query = `SELECT CASE WHEN order_id LIKE '%-ORD-100007' THEN NULL ELSE order_id END AS order_id, email, phone, twclid, ip_address, user_agent, value, currency, ordered_at FROM ${table} ORDER BY 1`;
    const { destinationId } = await seedDestination(db, secrets, { url: sourceDb.readerUrl, credentials, query });
    const first = await run(destinationId);
    const again = await run(destinationId);
    expect(first.row.rowsInvalid).toBe(5);
    expect(again.row).toMatchObject({ status: "PARTIAL", rowsInvalid: 1, rowsStillInvalid: 4 });
    expect(again.problems.every((problem) => problem.rowKey === null)).toBe(true);
  });
});
