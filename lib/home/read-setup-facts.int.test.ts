import { randomBytes } from "node:crypto";
import { afterAll, expect, inject, test } from "vitest";
import { createDb } from "../db/client";
import { readSetupFacts } from "./read-setup-facts";

// Other test files share this database, so this only checks that each fact is read from what
// the workspace holds: a revoked connection does not count, a live one does, and so on.

const db = createDb(inject("databaseUrl"), { max: 2 });
const tag = randomBytes(3).toString("hex");
afterAll(() => db.$disconnect());

test("each step of the checklist is read from the database", async () => {
  const user = await db.user.create({
    data: { email: `facts-${tag}@example.com`, name: "Facts", passwordHash: "x", role: "OWNER" },
  });
  await db.xConnection.create({
    data: { kind: "PIXEL_TOKEN", pixelId: "o8z6j", label: `Revoked ${tag}`, tokenSealed: "x", revokedAt: new Date() },
  });
  await db.xConnection.create({
    data: { kind: "PIXEL_TOKEN", pixelId: "o8z6j", label: `Live ${tag}`, tokenSealed: "x" },
  });
  await db.source.create({ data: { name: `Orders ${tag}`, kind: "CSV" } });
  const draft = await db.destination.create({
    data: { name: `Draft ${tag}`, status: "DRAFT", createdById: user.id, createdAt: new Date(Date.now() + 60_000) },
  });
  const active = await db.destination.create({
    data: { name: `Active ${tag}`, status: "ACTIVE", createdById: user.id, createdAt: new Date(0) },
  });
  await db.syncRun.create({ data: { destinationId: active.id, trigger: "MANUAL", status: "SUCCEEDED" } });

  const facts = await readSetupFacts(db);
  expect(facts).toMatchObject({ hasXConnection: true, hasSource: true, hasRun: true });
  // The oldest finished destination, and the newest draft.
  expect(facts.readyDestination).toEqual({ id: active.id, name: `Active ${tag}` });
  expect(facts.draftDestination).toEqual({ id: draft.id, name: `Draft ${tag}` });
});
