import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { createQueuedRun } from "../lifecycle/create-queued-run";
import { claimRun, type RunLease } from "../lifecycle/run-lease";
import { seedDestination, testSecrets } from "../sync-test-harness";
import { compactLedger, ledgerHasKeys, ledgerKeyCount, lookUpLedger, recordSent } from "./sent-ledger";
import { resetSentLedger } from "../lifecycle/reset-sent-ledger";
import { sourceDatabase } from "@/lib/testing/source-database";

// The ledger has no foreign key to its destination (a per-row check cost a third of each insert):
// recordSent locks the destination once per statement and a trigger deletes the ledger with it.
const url = inject("databaseUrl");
// Its source is never read, but points where a source may read: the run's source database.
const sourceDb = sourceDatabase();
const secrets = testSecrets();
const credentials = { consumer: { key: "k", secret: "s" }, token: { token: "t", secret: "s" } };
let db: Db;

beforeAll(async () => {
  db = createDb(url, { max: 4 });
});

afterAll(async () => {
  await db?.$disconnect();
});

/** A claimed run's lease, as the engine holds it. */
async function claimedRun(destinationId: string): Promise<RunLease> {
  const { runId } = await createQueuedRun(db, { destinationId, trigger: "MANUAL" });
  const claim = await claimRun(db, runId);
  if (claim.kind !== "claimed") throw new Error(`run not claimable: ${claim.kind}`);
  return claim.lease;
}

async function destinationWithRun(): Promise<RunLease> {
  const { destinationId } = await seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    query: "SELECT 1",
    credentials,
  });
  return claimedRun(destinationId);
}

const ledgerSize = (destinationId: string) => ledgerKeyCount(db, destinationId);

describe("the sent-ledger without a foreign key", () => {
  const record = (lease: RunLease, keys: string[]) => recordSent(db, lease, keys);

  test("records each key once, and keeps the first run's row when a key comes again", async () => {
    const lease = await destinationWithRun();
    await record(lease, ["ORD-1", "ORD-2"]);
    await db.syncRun.update({ where: { id: lease.runId }, data: { status: "SUCCEEDED", finishedAt: new Date() } });
    const later = await claimedRun(lease.destinationId);
    await record(later, ["ORD-2", "ORD-3"]);
    const rows = await db.sentConversion.findMany({
      where: { destinationId: lease.destinationId },
      orderBy: { rowKey: "asc" },
    });
    expect(rows.map((row) => [row.rowKey, row.runId])).toEqual([
      ["ORD-1", lease.runId],
      ["ORD-2", lease.runId],
      ["ORD-3", later.runId],
    ]);
    expect([...(await lookUpLedger(db, later, ["ORD-1", "ORD-3", "ORD-4"])).keys()].sort()).toEqual(["ORD-1", "ORD-3"]);
  });

  test("deleting a destination deletes its ledger, and only its ledger", async () => {
    const doomed = await destinationWithRun();
    const kept = await destinationWithRun();
    await record(doomed, ["A", "B", "C"]);
    await record(kept, ["A", "B"]);
    await db.destination.delete({ where: { id: doomed.destinationId } });
    expect(await ledgerSize(doomed.destinationId)).toBe(0);
    expect(await ledgerSize(kept.destinationId)).toBe(2);
  });

  test("a destination already deleted gets no ledger rows", async () => {
    const lease = await destinationWithRun();
    await db.destination.delete({ where: { id: lease.destinationId } });
    await record(lease, ["late-1", "late-2"]);
    expect(await ledgerSize(lease.destinationId)).toBe(0);
  });
});

describe("the sent-ledger racing a delete", () => {
  test("a delete that races an open insert waits for it, then takes its rows too", async () => {
    const lease = await destinationWithRun();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    // The insert's transaction stays open (its rows not yet committed) while the delete starts.
    const insert = db.$transaction(async (tx) => {
      await recordSent(tx as unknown as Db, lease, ["raced-1", "raced-2"]);
      inserted();
      await held;
    });
    await insertedYet;
    let deleted = false;
    const deletion = db.destination.delete({ where: { id: lease.destinationId } }).then(() => void (deleted = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deleted).toBe(false); // blocked on the insert's FOR KEY SHARE lock
    release();
    await insert;
    await deletion;
    expect(await ledgerSize(lease.destinationId)).toBe(0);
  });
});

describe("compacting the sent-ledger", () => {
  const finish = (lease: RunLease) =>
    db.syncRun.update({ where: { id: lease.runId }, data: { status: "SUCCEEDED", finishedAt: new Date() } });

  test("moves a finished run's keys into buckets, where every lookup still finds them as already sent", async () => {
    const lease = await destinationWithRun();
    // Keys beyond ASCII too: lookups hash in JavaScript, compaction in SQL, and both must agree.
    const keys = Array.from({ length: 2_000 }, (_, i) => (i % 10 === 0 ? `Bestellung-Ü-${i}-🙂` : `ORD-${i}`));
    await recordSent(db, lease, keys);
    await finish(lease);
    expect(await compactLedger(db, lease.destinationId)).toBe(2_000);
    expect(await db.sentConversion.count({ where: { destinationId: lease.destinationId } })).toBe(0);
    expect(await ledgerKeyCount(db, lease.destinationId)).toBe(2_000);

    const later = await claimedRun(lease.destinationId);
    const found = await lookUpLedger(db, later, [...keys, "ORD-2000", "ord-1", "ORD-1 ", "Bestellung-U-0-🙂"]);
    expect(found.size).toBe(2_000);
    expect(new Set(found.values())).toEqual(new Set(["already_sent"]));
    expect(await ledgerHasKeys(db, lease.destinationId)).toBe(true);
  });

  test("leaves an active run's keys where that run finds them as its own (carried)", async () => {
    const first = await destinationWithRun();
    await recordSent(db, first, ["A", "B"]);
    await finish(first);
    const active = await claimedRun(first.destinationId);
    await recordSent(db, active, ["C"]);
    // The active run's attempt crashed and was claimed again: what it sent before is carried.
    await db.syncRun.update({ where: { id: active.runId }, data: { status: "QUEUED" } });
    const resumed = await claimRun(db, active.runId);
    if (resumed.kind !== "claimed") throw new Error("not claimed");
    expect(await compactLedger(db, first.destinationId)).toBe(2);
    // What the resumed attempt itself sends is its own: a second row with that key repeats it.
    await recordSent(db, resumed.lease, ["D"]);
    const found = await lookUpLedger(db, resumed.lease, ["A", "B", "C", "D", "E"]);
    expect(Object.fromEntries(found)).toEqual({
      A: "already_sent",
      B: "already_sent",
      C: "carried",
      D: "sent_this_attempt",
    });
  });

  test("adds a key already in its bucket only once, and a reset forgets both parts", async () => {
    const first = await destinationWithRun();
    await recordSent(db, first, ["K-1", "K-2"]);
    await finish(first);
    await compactLedger(db, first.destinationId);
    // A resend after a crash can record a key that is already compacted.
    const second = await claimedRun(first.destinationId);
    await recordSent(db, second, ["K-2", "K-3"]);
    await finish(second);
    expect(await compactLedger(db, first.destinationId)).toBe(2);
    expect(await ledgerKeyCount(db, first.destinationId)).toBe(3);
    const owner = await db.user.create({
      data: { email: `owner-${first.destinationId}@example.com`, name: "Owner", passwordHash: "-", role: "OWNER" },
    });
    const { name } = await db.destination.findUniqueOrThrow({ where: { id: first.destinationId } });
    expect(await resetSentLedger(db, owner, { destinationId: first.destinationId, confirmName: name })).toEqual({
      forgotten: 3,
    });
    expect(await ledgerHasKeys(db, first.destinationId)).toBe(false);
  });

  test("deleting a destination deletes its compacted ledger too", async () => {
    const lease = await destinationWithRun();
    await recordSent(db, lease, ["X-1"]);
    await finish(lease);
    await compactLedger(db, lease.destinationId);
    await db.destination.delete({ where: { id: lease.destinationId } });
    expect(await db.sentKeyBucket.count({ where: { destinationId: lease.destinationId } })).toBe(0);
  });
});
