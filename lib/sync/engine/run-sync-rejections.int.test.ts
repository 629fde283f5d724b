import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { MappingSpecInput } from "@/lib/conversions/index";
import { createDb, type Db } from "@/lib/db/client";
import { sourceDatabase } from "@/lib/testing/source-database";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { createStandinControl, type StandinControl } from "@/standin/standin-control";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { createQueuedRun } from "../lifecycle/create-queued-run";
import { runSync } from "./run-sync";
import { engineDeps, seedDestination, seedOrders, STORE, testSecrets, uniqueTable } from "../sync-test-harness";

// Knowing what X will reject before sending (issue 21, part 3): event ids checked against the
// account's event tags, destination-wide refusals stopping the run at once, and X's errors that
// name a value dropping just the conversions carrying it. Requests are counted by the stand-in.

const url = inject("databaseUrl");
const sourceDb = sourceDatabase();
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const secrets = testSecrets();
let db: Db;
let standin: RunningStandin;
let control: StandinControl;

beforeAll(async () => {
  db = createDb(url, { max: 4 });
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 10_000_000 } });
  control = createStandinControl(standin.url);
});

afterAll(async () => {
  await standin?.stop();
  await db?.$disconnect();
});

/** Every row valid for Sluice (a hashed e-mail made from the order id), the event from a column. */
const query = (table: string) =>
  `SELECT order_id, event_id, coalesce(ordered_at, '2026-11-19T10:00:00Z') AS ordered_at, md5(order_id) || md5(order_id) AS hashed FROM ${table} ORDER BY order_id`;
const mapping = (event: "column" | "destination"): MappingSpecInput => ({
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "ordered_at" },
    conversion_id: { kind: "column", column: "order_id" },
    hashed_email: { kind: "column", column: "hashed" },
  },
  eventId: event === "column" ? { kind: "column", column: "event_id" } : { kind: "destination" },
});

async function destination(
  table: string,
  options: {
    rows: number;
    eventFor?: (index: number) => string;
    event?: "column" | "destination";
    pixelToken?: boolean;
  },
) {
  await seedOrders(sourceDb.adminUrl, table, { rows: options.rows, eventFor: options.eventFor });
  const seeded = await seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    credentials,
    query: query(table),
    mapping: mapping(options.event ?? "column"),
  });
  if (options.pixelToken) {
    // An Events Manager token: it can send conversions and nothing else, so no tag listing.
    const token = standin.state.issuePixelToken(STORE.pixelId);
    const connection = await db.xConnection.create({
      data: { kind: "PIXEL_TOKEN", pixelId: STORE.pixelId, label: `Pixel ${table}`, tokenSealed: secrets.seal(token) },
    });
    await db.destination.update({
      where: { id: seeded.destinationId },
      data: { connectionId: connection.id, adAccountId: null },
    });
  }
  return seeded.destinationId;
}

/** The conversion requests X saw during `work`. */
async function xRequests<T>(work: () => Promise<T>): Promise<{ result: T; requests: number }> {
  const total = () =>
    [...standin.state.requestsByStatus("/measurement/conversions").values()].reduce((a, b) => a + b, 0);
  const before = total();
  const result = await work();
  return { result, requests: total() - before };
}

async function run(destinationId: string) {
  const { runId } = await createQueuedRun(db, { destinationId, trigger: "MANUAL" });
  const { requests } = await xRequests(() =>
    runSync(engineDeps(db, secrets, { url: standin.url, credentials }), runId),
  );
  const row = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  const problems = await db.syncProblem.findMany({ where: { runId }, orderBy: { rowNumber: "asc" } });
  const accounted = row.rowsAlreadySent + row.rowsInvalid + row.rowsRejected + row.rowsSent + row.rowsFailed;
  return { row, problems, requests, accounted };
}

const acceptedFor = (table: string) =>
  standin.state.conversions
    .list({ pixelId: STORE.pixelId }, 0, 10_000_000)
    .conversions.filter((c) => c.conversionId?.startsWith(`${table}-`)).length;

describe("event ids from a column, checked against the account's event tags", () => {
  test("1% other-account, deleted or unknown event ids: those rows are invalid, the rest go in ⌈valid/500⌉ requests", async () => {
    const table = uniqueTable("rej_foreign");
    // Every 100th row an event X would refuse: another account's, this account's deleted one,
    // one that exists nowhere, and the pixel's own id.
    const bad = ["p3aa1", "o87nj", "zz9zz", `tw-${STORE.pixelId}-p3aa2`, STORE.pixelId];
    const destinationId = await destination(table, {
      rows: 3_000,
      eventFor: (i) => (i % 100 === 0 ? bad[(i / 100) % bad.length]! : STORE.eventId),
    });
    const { row, problems, requests, accounted } = await run(destinationId);

    expect(row).toMatchObject({
      status: "PARTIAL",
      rowsRead: 3_000,
      rowsInvalid: 30,
      rowsRejected: 0,
      rowsSent: 2_970,
      rowsFailed: 0,
    });
    expect(accounted).toBe(3_000);
    expect(requests).toBe(Math.ceil(2_970 / 500));
    expect(row.requests).toBe(requests);
    expect(acceptedFor(table)).toBe(2_970);
    expect(problems.map((p) => p.rowNumber)).toEqual(Array.from({ length: 30 }, (_, k) => (k + 1) * 100));
    expect(problems.every((p) => p.kind === "INVALID" && p.code === "event_unknown" && p.field === "event_id")).toBe(
      true,
    );
    const messages = new Set(problems.map((p) => p.message));
    expect(messages).toContain(
      "event p3aa1 is not an event of this ad account at X (unknown, deleted or another account's)",
    );
    expect(messages).toContain(
      "event p3aa2 is not an event of this ad account at X (unknown, deleted or another account's)",
    );
    expect(messages).toContain("event o87nj was deleted at X, which refuses conversions for it");
    expect(messages).toContain(`${STORE.pixelId} is the pixel's id, not one of its events`);
  });

  test("with a pixel token (no tag listing), X's errors naming the event drop only those rows: one extra request per batch", async () => {
    const table = uniqueTable("rej_token");
    const bad = new Set([17, 250, 777]);
    const destinationId = await destination(table, {
      rows: 1_000,
      eventFor: (i) => (bad.has(i) ? "p3aa1" : STORE.eventId),
      pixelToken: true,
    });
    const { row, problems, requests, accounted } = await run(destinationId);

    expect(row).toMatchObject({ status: "PARTIAL", rowsRead: 1_000, rowsInvalid: 0, rowsRejected: 3, rowsSent: 997 });
    expect(accounted).toBe(1_000);
    // Batch 1 holds rows 17 and 250, batch 2 row 777: each is refused once, then resent without them.
    expect(requests).toBe(2 + 2);
    expect(acceptedFor(table)).toBe(997);
    expect([...new Set(problems.map((p) => p.rowNumber))]).toEqual([17, 250, 777]);
    expect(problems.every((p) => p.kind === "REJECTED")).toBe(true);
    expect(problems.map((p) => p.message)).toContain("event_id (p3aa1) does not belong to provided account");
  });

  test("an error that names no value (a deleted event: 'Event ID was not found') still bisects to the bad rows", async () => {
    const table = uniqueTable("rej_bisect");
    const bad = new Set([17, 250, 499]);
    const destinationId = await destination(table, {
      rows: 500,
      eventFor: (i) => (bad.has(i) ? "o87nj" : STORE.eventId),
      pixelToken: true,
    });
    const { row, problems, accounted } = await run(destinationId);
    expect(row).toMatchObject({ status: "PARTIAL", rowsRejected: 3, rowsSent: 497 });
    expect(accounted).toBe(500);
    expect([...new Set(problems.map((p) => p.rowNumber))]).toEqual([17, 250, 499]);
    expect(problems.map((p) => p.message)).toContain("Event ID was not found");
  });
});

describe("values X rejects by name", () => {
  test("3 hashed e-mails X refuses among 3,000 rows: those 3 rejected, ≤ ⌈valid/500⌉ + 6 requests", async () => {
    const table = uniqueTable("rej_values");
    const destinationId = await destination(table, { rows: 3_000 });
    // The hashed e-mail of rows 5, 1,204 and 2,999 (the query hashes the order id).
    const orderIds = [5, 1_204, 2_999].map((n) => `${table}-ORD-${100_000 + n}`);
    const { createHash } = await import("node:crypto");
    const md5 = (text: string) => createHash("md5").update(text).digest("hex");
    await control.rejectValues(
      orderIds.map((id) => ({ parameter: "hashed_email" as const, value: md5(id) + md5(id) })),
    );
    try {
      const { row, problems, requests, accounted } = await run(destinationId);
      expect(row).toMatchObject({
        status: "PARTIAL",
        rowsRead: 3_000,
        rowsRejected: 3,
        rowsSent: 2_997,
        rowsInvalid: 0,
        rowsFailed: 0,
      });
      expect(accounted).toBe(3_000);
      expect(requests).toBeLessThanOrEqual(Math.ceil(2_997 / 500) + 6);
      expect(requests).toBe(Math.ceil(2_997 / 500) + 3);
      expect(acceptedFor(table)).toBe(2_997);
      expect(problems.map((p) => p.rowKey)).toEqual(orderIds);
      // X quotes the value back; Sluice keeps the message with the value redacted.
      expect(problems.map((p) => p.message)).toEqual(
        Array(3).fill("hashed_email ([redacted]) is not a valid SHA-256 hash"),
      );
    } finally {
      await control.clearRejections();
    }
  });
});

describe("a refusal of the whole destination stops the run at once", () => {
  test("its event deleted at X (OAuth): known from the tag listing, the run fails before sending anything", async () => {
    const table = uniqueTable("rej_deleted");
    const destinationId = await destination(table, { rows: 5_000, event: "destination" });
    await db.destination.update({ where: { id: destinationId }, data: { eventId: "o87nj" } });
    const { row, requests } = await run(destinationId);
    expect(row.status).toBe("FAILED");
    expect(requests).toBeLessThanOrEqual(2);
    expect(requests).toBe(0);
    expect(row.error).toBe(
      "X would refuse every conversion of this destination: event o87nj was deleted at X, which refuses conversions for it. Choose the event again in the destination's settings.",
    );
    expect(row.rowsSent).toBe(0);
  });

  test("its event deleted at X (pixel token, no listing): one request, one reason", async () => {
    const table = uniqueTable("rej_deleted_token");
    const destinationId = await destination(table, { rows: 5_000, event: "destination", pixelToken: true });
    await db.destination.update({ where: { id: destinationId }, data: { eventId: "o87nj" } });
    const { row, requests, problems } = await run(destinationId);
    expect(row.status).toBe("FAILED");
    expect(requests).toBe(1);
    expect(row.error).toMatch(/^X refuses the destination's event o87nj .* X said: Event ID was not found$/);
    expect(row.rowsSent + row.rowsRejected + row.rowsFailed).toBe(0);
    expect(problems).toEqual([]);
  });

  test("its pixel gone: one request, one reason", async () => {
    const table = uniqueTable("rej_pixel");
    const destinationId = await destination(table, { rows: 2_000, event: "destination" });
    await db.destination.update({ where: { id: destinationId }, data: { pixelId: "zz1zz" } });
    const { row, requests } = await run(destinationId);
    expect(row.status).toBe("FAILED");
    expect(requests).toBe(1);
    expect(row.error).toMatch(/^X does not know the destination's pixel zz1zz .* X said: Pixel zz1zz was not found$/);
  });
});
