import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createDb } from "../db/client";
import { pruneSignInAttempts, SIGN_IN_ATTEMPT_RETENTION_MS } from "./prune-sign-in-attempts";

const db = createDb(inject("databaseUrl"), { max: 2 });
afterAll(() => db.$disconnect());
beforeEach(async () => {
  await db.signInAttempt.deleteMany();
});

const DAY_MS = 24 * 60 * 60 * 1000;
const now = new Date("2026-03-01T12:00:00.000Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

async function seed(label: string, createdAt: Date[]): Promise<string> {
  const email = `${label}-${randomBytes(3).toString("hex")}@example.com`;
  await db.signInAttempt.createMany({
    data: createdAt.map((at, index) => ({ email, ip: "203.0.113.7", succeeded: index % 2 === 0, createdAt: at })),
  });
  return email;
}

const countFor = (email: string) => db.signInAttempt.count({ where: { email } });

describe("pruneSignInAttempts", () => {
  it("deletes attempts older than the retention and keeps recent ones", async () => {
    const old = await seed("old", [ago(SIGN_IN_ATTEMPT_RETENTION_MS + 1), ago(31 * DAY_MS), ago(365 * DAY_MS)]);
    const recent = await seed("recent", [
      ago(SIGN_IN_ATTEMPT_RETENTION_MS),
      ago(29 * DAY_MS),
      ago(20 * 60 * 1000),
      now,
    ]);

    expect(await pruneSignInAttempts(db, { now })).toBe(3);
    expect(await countFor(old)).toBe(0);
    expect(await countFor(recent)).toBe(4);
    expect(await pruneSignInAttempts(db, { now })).toBe(0);
  });

  it("works through a backlog larger than one batch", async () => {
    const old = await seed(
      "backlog",
      Array.from({ length: 23 }, (_, index) => ago(40 * DAY_MS + index * 60_000)),
    );
    const recent = await seed(
      "kept",
      Array.from({ length: 7 }, (_, index) => ago(index * DAY_MS)),
    );

    expect(await pruneSignInAttempts(db, { now, batchSize: 5 })).toBe(23);
    expect(await countFor(old)).toBe(0);
    expect(await countFor(recent)).toBe(7);
  });

  it("stops after a last batch that is exactly full", async () => {
    await seed(
      "exact",
      Array.from({ length: 10 }, () => ago(60 * DAY_MS)),
    );
    expect(await pruneSignInAttempts(db, { now, batchSize: 5 })).toBe(10);
    expect(await db.signInAttempt.count()).toBe(0);
  });

  it("is measured from the current time by default", async () => {
    const old = await seed("default-old", [new Date(Date.now() - SIGN_IN_ATTEMPT_RETENTION_MS - DAY_MS)]);
    const recent = await seed("default-recent", [new Date()]);
    expect(await pruneSignInAttempts(db)).toBe(1);
    expect(await countFor(old)).toBe(0);
    expect(await countFor(recent)).toBe(1);
  });
});
