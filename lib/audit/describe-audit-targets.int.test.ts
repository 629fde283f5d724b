import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createDb } from "../db/client";
import { createDestinationDraft, deleteDestination, duplicateDestination } from "../destinations/manage-destinations";
import { listAuditEvents } from "./list-audit-events";
import { recordAuditEvent } from "./record-audit-event";

// The audit log shows what each event was about by name, never by raw id, and keeps a deleted
// thing's recorded name.

const db = createDb(inject("databaseUrl"), { max: 4 });
const tag = randomBytes(3).toString("hex");
let actor: { id: string; email: string };

beforeAll(async () => {
  const user = await db.user.create({
    data: { email: `audit-${tag}@example.com`, name: "Audit", passwordHash: "x", role: "OWNER" },
  });
  actor = { id: user.id, email: user.email };
});
afterAll(() => db.$disconnect());

test("events name their destination, source, connection, user and run, with links while they exist", async () => {
  const { id: destinationId } = await createDestinationDraft(db, actor, { name: `Store purchases ${tag}` });
  const copy = await duplicateDestination(db, actor, destinationId);
  const source = await db.source.create({ data: { name: `Orders ${tag}`, kind: "CSV" } });
  await recordAuditEvent(db, actor, "source.updated", { type: "source", id: source.id }, { name: source.name });
  const connection = await db.xConnection.create({
    data: { kind: "PIXEL_TOKEN", pixelId: "o8z6j", label: `Pixel ${tag}`, tokenSealed: "sealed-not-shown" },
  });
  await recordAuditEvent(
    db,
    actor,
    "x_connection.pixel_token_added",
    { type: "x_connection", id: connection.id },
    { label: connection.label },
  );
  const run = await db.syncRun.create({ data: { destinationId, trigger: "MANUAL", status: "QUEUED" } });
  await recordAuditEvent(db, actor, "run.start", { type: "SyncRun", id: run.id }, { destinationId });
  const gone = await createDestinationDraft(db, actor, { name: `Old test ${tag}` });
  await deleteDestination(db, actor, gone.id);

  const { events } = await listAuditEvents(db, { pageSize: 200 });
  const mine = events.filter((event) => event.actorEmail === actor.email);
  const find = (action: string, targetName: string) =>
    mine.find((event) => event.action === action && event.target?.name === targetName);

  expect(find("destination.created", `Store purchases ${tag}`)?.target).toEqual({
    kind: "Destination",
    name: `Store purchases ${tag}`,
    href: `/destinations/${destinationId}`,
  });
  const duplicated = find("destination.duplicated", copy.name);
  expect(duplicated?.target?.href).toBe(`/destinations/${copy.id}`);
  expect(duplicated?.details).toContain(`copied from: Store purchases ${tag}`);
  expect(find("source.updated", `Orders ${tag}`)?.target?.href).toBe(`/sources/${source.id}`);
  expect(find("x_connection.pixel_token_added", `Pixel ${tag}`)?.target?.kind).toBe("X connection");
  const started = find("run.start", `Run of Store purchases ${tag}`);
  expect(started?.target?.href).toBe(`/runs/${run.id}`);
  expect(started?.details).toBe(`destination: Store purchases ${tag}`);
  // A deleted destination keeps the name its events recorded, without a dead link.
  expect(find("destination.deleted", `Old test ${tag} (deleted)`)?.target).toEqual({
    kind: "Destination",
    name: `Old test ${tag} (deleted)`,
    href: null,
  });

  // No raw id of these anywhere in what the page shows.
  const shown = JSON.stringify(mine.map((event) => [event.target?.name, event.details]));
  for (const id of [destinationId, copy.id, source.id, connection.id, run.id, gone.id]) expect(shown).not.toContain(id);
});
