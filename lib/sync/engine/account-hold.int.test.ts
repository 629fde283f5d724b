import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { AccountHolds } from "./account-hold";

const url = inject("databaseUrl");
let db: Db;

beforeAll(() => {
  db = createDb(url, { max: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
});

test("one worker holds an account at a time; the next takes it when it lets go, with the budget it left", async () => {
  const key = `account:test-${randomBytes(4).toString("hex")}`;
  const first = new AccountHolds(db, "worker-a", 5_000);
  const second = new AccountHolds(db, "worker-b", 5_000, 50);
  expect(await first.tryTake(key)).toEqual({ budget: null });
  expect(await second.tryTake(key)).toBeNull();
  // Taking it again is renewing it.
  expect(await first.tryTake(key)).not.toBeNull();

  const waiting = second.take(key);
  const resetAt = new Date(Date.now() + 60_000);
  await first.release(key, { remaining: 123, limit: 1_000, resetAt });
  const taken = await waiting;
  expect(taken?.budget).toEqual({ remaining: 123, limit: 1_000, resetAt: new Date(Math.round(resetAt.getTime())) });
  expect(await first.renew([key])).toEqual(new Set());
  expect(await second.renew([key])).toEqual(new Set([key]));
});

test("a hold its worker stopped renewing lapses, and another worker takes it", async () => {
  const key = `account:test-${randomBytes(4).toString("hex")}`;
  const dead = new AccountHolds(db, "worker-dead", 300);
  const live = new AccountHolds(db, "worker-live", 300, 50);
  expect(await dead.tryTake(key)).not.toBeNull();
  expect(await live.tryTake(key)).toBeNull();
  const started = Date.now();
  expect(await live.take(key)).not.toBeNull();
  expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  // The dead worker's renewal finds it lost.
  expect(await dead.renew([key])).toEqual(new Set());
});

test("a wait for a held account ends when the run is cancelled", async () => {
  const key = `account:test-${randomBytes(4).toString("hex")}`;
  await new AccountHolds(db, "worker-a", 60_000).tryTake(key);
  const cancel = new AbortController();
  const waiting = new AccountHolds(db, "worker-b", 60_000, 50).take(key, cancel.signal);
  cancel.abort();
  expect(await waiting).toBeNull();
});
