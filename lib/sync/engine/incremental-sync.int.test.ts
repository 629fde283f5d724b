import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { saveScheduleStep } from "@/lib/destinations/save-schedule-step";
import { scheduleStepSchema } from "@/lib/destinations/step-schemas";
import { AppError } from "@/lib/errors";
import { sourceDatabase } from "@/lib/testing/source-database";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { createStandinControl } from "@/standin/standin-control";
import { resolveXApp } from "@/lib/connections/x-app";
import type { SyncRun } from "@/lib/generated/prisma/client";
import { cancelSyncRun } from "../lifecycle/cancel-sync-run";
import { createQueuedRun } from "../lifecycle/create-queued-run";
import { runSync } from "./run-sync";
import { ledgerKeyCount } from "./sent-ledger";
import { engineDeps, seedDestination, testSecrets, uniqueTable, withPg } from "../sync-test-harness";

// Incremental reads end to end: a real source table with an index on its cursor column, the
// engine reading windows from the watermark, and X's record of what arrived.
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

const MAPPING = {
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "ordered_at" },
    email: { kind: "column", column: "email" },
    conversion_id: { kind: "column", column: "order_id" },
  },
} as const;

// Row n was updated at START + n minutes; its order id is unique to the table.
const START = Date.UTC(2026, 10, 1);
const minute = 60_000;

async function seedTable(table: string, options: { index?: boolean } = {}): Promise<void> {
  await withPg(sourceDb.adminUrl, async (client) => {
    await client.query(
      `CREATE TABLE ${table} (order_id text PRIMARY KEY, email text, ordered_at timestamptz, updated_at timestamptz, seq bigint)`,
    );
    if (options.index !== false) await client.query(`CREATE INDEX ON ${table} (updated_at)`);
    await client.query(`ANALYZE ${table}`);
  });
}

async function addRows(table: string, rows: Array<{ n: number; updatedAt: number | null }>): Promise<void> {
  await withPg(sourceDb.adminUrl, async (client) => {
    await client.query(
      `INSERT INTO ${table} SELECT '${table}-' || n, 'buyer' || n || '@example.com', $3::timestamptz, u, n FROM unnest($1::int[], $2::timestamptz[]) AS r(n, u)`,
      [
        rows.map((row) => row.n),
        rows.map((row) => (row.updatedAt === null ? null : new Date(row.updatedAt).toISOString())),
        new Date(START).toISOString(),
      ],
    );
  });
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ n: from + i, updatedAt: START + (from + i) * minute }));

async function incrementalDestination(table: string, column = "updated_at", type = "timestamptz", lookback = 3600) {
  const { destinationId } = await seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    credentials,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
    mapping: MAPPING,
  });
  await db.destination.update({
    where: { id: destinationId },
    data: { incrementalColumn: column, incrementalColumnType: type, incrementalLookback: lookback },
  });
  return destinationId;
}

async function run(destinationId: string, options: { fullResync?: boolean } = {}) {
  const { runId } = await createQueuedRun(db, { destinationId, trigger: "MANUAL", fullResync: options.fullResync });
  const result = await runSync(engineDeps(db, secrets, { url: standin.url, credentials }), runId);
  const row = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  return { runId, result, row };
}

const received = (table: string) =>
  standin.state.conversions.list({}, 0, 10_000_000).conversions.filter((c) => c.conversionId?.startsWith(`${table}-`));
const watermarkOf = async (destinationId: string) =>
  (await db.destination.findUniqueOrThrow({ where: { id: destinationId } })).watermark;

describe("incremental reads", () => {
  test("the first run reads every row and sets the watermark; the next reads only the window and sends only what is new", async () => {
    const table = uniqueTable("inc_basic");
    await seedTable(table);
    await addRows(table, range(1, 600));
    const destinationId = await incrementalDestination(table);

    const first = await run(destinationId);
    expect(first.row).toMatchObject({
      status: "SUCCEEDED",
      rowsRead: 600,
      rowsSent: 600,
      readColumn: "updated_at",
      readFrom: null,
    });
    expect(await watermarkOf(destinationId)).toBe(new Date(START + 600 * minute).toISOString());
    expect(first.row.watermarkAfter).toBe(new Date(START + 600 * minute).toISOString());

    await addRows(table, range(601, 610));
    const second = await run(destinationId);
    // The window starts an hour (the lookback) before the watermark: rows 540..600 again, and the 10 new.
    expect(second.row.readFrom).toBe(new Date(START + 540 * minute).toISOString());
    expect(second.row).toMatchObject({ rowsRead: 71, rowsSent: 10, rowsAlreadySent: 61 });
    expect(await watermarkOf(destinationId)).toBe(new Date(START + 610 * minute).toISOString());
    expect(received(table)).toHaveLength(610);
    expect(await ledgerKeyCount(db, destinationId)).toBe(610);

    // Nothing new: the window is read, nothing is sent, and the run says so.
    const third = await run(destinationId);
    expect(third.row).toMatchObject({ status: "UP_TO_DATE", rowsSent: 0, rowsRead: 61 });
  });

  test("late rows inside the lookback are sent, rows older than it only by a full resync", async () => {
    const table = uniqueTable("inc_late");
    await seedTable(table);
    await addRows(table, range(1, 300));
    const destinationId = await incrementalDestination(table);
    await run(destinationId);

    // Committed after the run, with cursor values behind the watermark (300 min): 30 min and 5 h behind.
    await addRows(table, [
      { n: 1001, updatedAt: START + 270 * minute },
      { n: 1002, updatedAt: START + 0 * minute },
    ]);
    const next = await run(destinationId);
    expect(next.row.rowsSent).toBe(1);
    const ids = new Set(received(table).map((c) => c.conversionId));
    expect(ids.has(`${table}-1001`)).toBe(true);
    expect(ids.has(`${table}-1002`)).toBe(false);

    const resync = await run(destinationId, { fullResync: true });
    expect(resync.row).toMatchObject({
      fullResync: true,
      readFrom: null,
      rowsRead: 302,
      rowsSent: 1,
      rowsAlreadySent: 301,
    });
    expect(new Set(received(table).map((c) => c.conversionId)).has(`${table}-1002`)).toBe(true);
    expect(received(table)).toHaveLength(302);
  });

  test("a row with an empty cursor is a problem on every run, never skipped in silence", async () => {
    const table = uniqueTable("inc_null");
    await seedTable(table);
    await addRows(table, [...range(1, 50), { n: 51, updatedAt: null }]);
    const destinationId = await incrementalDestination(table);
    const first = await run(destinationId);
    expect(first.row).toMatchObject({ rowsRead: 51, rowsSent: 50, rowsInvalid: 1, status: "PARTIAL" });
    const problem = await db.syncProblem.findFirstOrThrow({ where: { runId: first.runId } });
    expect(problem).toMatchObject({ code: "cursor_missing", rowKey: `${table}-51` });
    // The watermark still moves: the row was settled (as invalid), and is read again next time.
    expect(await watermarkOf(destinationId)).toBe(new Date(START + 50 * minute).toISOString());
    const second = await run(destinationId);
    expect(second.row.rowsInvalid + second.row.rowsStillInvalid).toBe(1);
  });

  test("a row stamped in the future does not push the watermark past the present", async () => {
    const table = uniqueTable("inc_future");
    await seedTable(table);
    await addRows(table, [...range(1, 20), { n: 21, updatedAt: Date.UTC(2099, 0, 1) }]);
    const destinationId = await incrementalDestination(table);
    const before = Date.now();
    await run(destinationId);
    const watermark = await watermarkOf(destinationId);
    expect(Date.parse(watermark!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(watermark!)).toBeLessThanOrEqual(Date.now());
    // A row written now, behind the 2099 one, is still read and sent.
    await addRows(table, [{ n: 22, updatedAt: Date.now() }]);
    const next = await run(destinationId);
    expect(next.row.rowsSent).toBe(1);
    expect(received(table)).toHaveLength(22);
  });

  test("an integer cursor works the same way, with its lookback in values", async () => {
    const table = uniqueTable("inc_seq");
    await seedTable(table);
    await withPg(sourceDb.adminUrl, (client) => client.query(`CREATE INDEX ON ${table} (seq)`));
    await addRows(table, range(1, 200));
    const destinationId = await incrementalDestination(table, "seq", "integer", 5);
    await run(destinationId);
    expect(await watermarkOf(destinationId)).toBe("200");
    await addRows(table, range(201, 220));
    const next = await run(destinationId);
    expect(next.row).toMatchObject({ readFrom: "195", rowsRead: 26, rowsSent: 20 });
    expect(await watermarkOf(destinationId)).toBe("220");
  });

  test("a run that leaves rows failed does not move the watermark; the next run sends them", async () => {
    const table = uniqueTable("inc_failed");
    await seedTable(table);
    await addRows(table, range(1, 100));
    const destinationId = await incrementalDestination(table);
    await run(destinationId);
    const before = await watermarkOf(destinationId);
    await addRows(table, range(101, 120));
    // X answers 500 to everything: the new rows fail (left for the next run).
    const control = createStandinControl(standin.url);
    await control.addFault({ kind: "500", probability: 1, pathIncludes: "/measurement/conversions" });
    try {
      const failed = await runSync(
        engineDeps(db, secrets, { url: standin.url, credentials }, { maxRetries: 0, retryBaseMs: 1 }),
        (await createQueuedRun(db, { destinationId, trigger: "MANUAL" })).runId,
      );
      expect(failed.kind).toBe("finished");
    } finally {
      await control.clearFaults();
    }
    expect(await watermarkOf(destinationId)).toBe(before);
    const retried = await run(destinationId);
    expect(retried.row.rowsSent).toBe(20);
    expect(await watermarkOf(destinationId)).toBe(new Date(START + 120 * minute).toISOString());
  });

  test("a cancelled run does not move the watermark; the next run sends the rest", async () => {
    const table = uniqueTable("inc_cancel");
    await seedTable(table);
    await addRows(table, range(1, 300));
    const destinationId = await incrementalDestination(table);
    await run(destinationId);
    const before = await watermarkOf(destinationId);
    await addRows(table, range(301, 3300));
    const actor = await db.user.create({
      data: { email: `editor-${uniqueTable("u")}@example.com`, name: "Editor", passwordHash: "-", role: "EDITOR" },
    });

    // Slow answers, one batch at a time: the run is still sending when the cancel is seen.
    const control = createStandinControl(standin.url);
    await control.addFault({ kind: "slow", probability: 1, pathIncludes: "/measurement/conversions", delayMs: 200 });
    let cancelled: SyncRun;
    try {
      const { runId } = await createQueuedRun(db, { destinationId, trigger: "MANUAL" });
      const running = runSync(engineDeps(db, secrets, { url: standin.url, credentials }, { concurrency: 1 }), runId);
      await waitForRow(runId, (row) => row.rowsSent > 0);
      expect((await cancelSyncRun(db, actor, runId)).status).toBe("CANCELLING");
      expect(await running).toMatchObject({ kind: "finished", status: "CANCELLED" });
      cancelled = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    } finally {
      await control.clearFaults();
    }
    expect(cancelled.rowsSent).toBeGreaterThan(0);
    expect(cancelled.rowsSent).toBeLessThan(3000);
    // A cancelled run never settled its whole window: the watermark stays where the last complete run left it.
    expect(await watermarkOf(destinationId)).toBe(before);
    expect(cancelled.watermarkAfter).toBeNull();

    // The next run reads from the same watermark: what the cancelled run sent is already sent,
    // the rest is sent now, and the watermark moves to the highest cursor.
    const rest = await run(destinationId);
    expect(rest.row.readFrom).toBe(new Date(START + 240 * minute).toISOString());
    expect(rest.row).toMatchObject({
      status: "SUCCEEDED",
      rowsRead: 3061,
      rowsAlreadySent: 61 + cancelled.rowsSent,
      rowsSent: 3000 - cancelled.rowsSent,
    });
    expect(new Set(received(table).map((c) => c.conversionId)).size).toBe(3300);
    expect(await ledgerKeyCount(db, destinationId)).toBe(3300);
    expect(await watermarkOf(destinationId)).toBe(new Date(START + 3300 * minute).toISOString());
  });
});

/** Polls the run until `done` holds (a condition, not a sleep for timing). */
async function waitForRow(runId: string, done: (row: SyncRun) => boolean, timeoutMs = 30_000): Promise<SyncRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    if (done(row)) return row;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} did not get there in time: ${row.status}, ${row.rowsSent} rows sent`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("choosing a cursor column in the schedule step", () => {
  const deps = () => ({
    db,
    box: secrets,
    app: resolveXApp({
      X_ADS_API_BASE_URL: standin.url,
      X_API_BASE_URL: standin.url,
      X_CONSUMER_KEY: DEMO_CONSUMER_KEY,
      X_CONSUMER_SECRET: DEMO_CONSUMER_SECRET,
    }),
  });
  let actor: { id: string; email: string };
  beforeAll(async () => {
    actor = await db.user.create({
      data: { email: `editor-${uniqueTable("u")}@example.com`, name: "Editor", passwordHash: "-", role: "EDITOR" },
    });
  });
  const save = (destinationId: string, fields: Record<string, string>) =>
    saveScheduleStep(
      deps(),
      actor,
      scheduleStepSchema.parse({ destinationId, name: "Incremental", scheduleKind: "MANUAL", ...fields }),
    ).then(
      () => null,
      (error: unknown) => {
        if (error instanceof AppError) return error.fieldErrors ?? { form: [error.message] };
        throw error;
      },
    );

  test("checks the column against the source: its type, the index, and a watermark to keep", async () => {
    const table = uniqueTable("inc_step");
    await seedTable(table, { index: false });
    await addRows(table, range(1, 10));
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
      mapping: MAPPING,
    });
    await db.destination.update({ where: { id: destinationId }, data: { wizardStep: "schedule" } });
    const incremental = { readMode: "INCREMENTAL", lookbackValue: "2", lookbackUnit: "hours" };

    expect(await save(destinationId, { ...incremental, cursorColumn: "nope" })).toEqual({
      cursorColumn: [expect.stringMatching(/no column named “nope”/)],
    });
    expect(await save(destinationId, { ...incremental, cursorColumn: "email" })).toEqual({
      cursorColumn: [expect.stringMatching(/not a timestamp, date or integer/)],
    });
    // No index on updated_at: said, with the index to create, and saved only when accepted.
    const noIndex = await save(destinationId, { ...incremental, cursorColumn: "updated_at" });
    expect(noIndex?.acceptNoIndex?.[0]).toContain(`CREATE INDEX ON "public"."${table}" ("updated_at");`);
    expect((await db.destination.findUniqueOrThrow({ where: { id: destinationId } })).incrementalColumn).toBeNull();
    await withPg(sourceDb.adminUrl, (client) => client.query(`CREATE INDEX ON ${table} (updated_at)`));
    expect(await save(destinationId, { ...incremental, cursorColumn: "updated_at" })).toBeNull();
    expect(await db.destination.findUniqueOrThrow({ where: { id: destinationId } })).toMatchObject({
      incrementalColumn: "updated_at",
      incrementalColumnType: "timestamptz",
      incrementalLookback: 7200,
    });

    // Once a run set a watermark, another column (or reading every row) forgets it only when confirmed.
    await run(destinationId);
    expect(await watermarkOf(destinationId)).not.toBeNull();
    expect(await save(destinationId, { ...incremental, cursorColumn: "ordered_at", acceptNoIndex: "true" })).toEqual({
      confirmWatermarkReset: [expect.stringMatching(/forgets the watermark/)],
    });
    expect(await save(destinationId, { readMode: "FULL" })).toEqual({
      confirmWatermarkReset: [expect.stringMatching(/forgets the watermark/)],
    });
    expect(await watermarkOf(destinationId)).not.toBeNull();
    // The same column saved again keeps it.
    expect(
      await save(destinationId, {
        ...incremental,
        lookbackValue: "30",
        lookbackUnit: "minutes",
        cursorColumn: "updated_at",
      }),
    ).toBeNull();
    expect(await watermarkOf(destinationId)).not.toBeNull();
    expect(
      await save(destinationId, {
        ...incremental,
        cursorColumn: "ordered_at",
        acceptNoIndex: "true",
        confirmWatermarkReset: "true",
      }),
    ).toBeNull();
    expect(await db.destination.findUniqueOrThrow({ where: { id: destinationId } })).toMatchObject({
      incrementalColumn: "ordered_at",
      watermark: null,
    });
  });
});
