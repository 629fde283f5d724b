import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createDb } from "../../db/client";
import { AppError } from "../../errors";
import { openSourceReader } from "../open-source-reader";
import { isSingleBackendDatabase } from "../../sync/sync-test-harness";
import { uploadCsvSource } from "./upload-csv-source";

const db = createDb(inject("databaseUrl"), { max: 4 });
const tag = randomBytes(3).toString("hex");
let actor: { id: string; email: string };

async function* text(value: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(value, "utf8");
}

async function firstRow(sourceId: string) {
  const sample = await (await openSourceReader(db, sourceId)).sample(1);
  return { ...sample.rows[0]?.values };
}

beforeAll(async () => {
  const user = await db.user.create({
    data: { email: `uploader-${tag}@example.com`, name: "Uploader", passwordHash: "x", role: "EDITOR" },
  });
  actor = { id: user.id, email: user.email };
});
afterAll(() => db.$disconnect());

test("a new version replaces the file but keeps the source, its destinations' mappings, and deletes the old file", async () => {
  const first = await uploadCsvSource(db, actor, {
    target: { name: `Shop ${tag}` },
    filename: "orders-v1.csv",
    body: text("\uFEFForder_id;email;phone\r\n1;a@example.com;555\r\n"),
  });
  expect(first).toMatchObject({ created: true, removedColumns: [] });
  expect(first.columns.map((column) => column.name)).toEqual(["order_id", "email", "phone"]);
  const firstFileId = first.file.id;
  const mapping = { version: 1, fields: [{ target: "email", source: "email" }] };
  const destination = await db.destination.create({ data: { name: `Dest ${tag}`, sourceId: first.sourceId, mapping } });

  const second = await uploadCsvSource(db, actor, {
    target: { sourceId: first.sourceId },
    filename: "orders-v2.csv",
    body: text("order_id,email,value\n2,b@example.com,9.5\n"),
  });
  expect(second).toMatchObject({ sourceId: first.sourceId, created: false, removedColumns: ["phone"] });

  const source = await db.source.findUniqueOrThrow({ where: { id: first.sourceId }, include: { csvFile: true } });
  expect(source.csvFile?.filename).toBe("orders-v2.csv");
  expect(source.columns).toEqual([
    { name: "order_id", type: "number" },
    { name: "email", type: "text" },
    { name: "value", type: "number" },
  ]);
  expect(await db.csvFile.findUnique({ where: { id: firstFileId } })).toBeNull();
  expect(await db.csvFileChunk.count({ where: { fileId: firstFileId } })).toBe(0);
  expect((await db.destination.findUniqueOrThrow({ where: { id: destination.id } })).mapping).toEqual(mapping);
  expect(await firstRow(first.sourceId)).toEqual({ order_id: "2", email: "b@example.com", value: "9.5" });

  const actions = await db.auditEvent.findMany({
    where: { targetId: first.sourceId },
    orderBy: { createdAt: "asc" },
    select: { action: true },
  });
  expect(actions.map((event) => event.action)).toEqual([
    "source.created",
    "source.file_uploaded",
    "source.file_uploaded",
  ]);
});

test("an upload that breaks off, or is not readable as CSV, never becomes the source's file", async () => {
  const { sourceId, file } = await uploadCsvSource(db, actor, {
    target: { name: `Stable ${tag}` },
    filename: "good.csv",
    body: text("id,email\n1,a@example.com\n"),
  });
  const filesBefore = await db.csvFile.count();

  async function* brokenOff(): AsyncGenerator<Uint8Array> {
    yield Buffer.from("id,email\n2,b@example.com\n");
    throw new Error("the browser went away");
  }
  await expect(
    uploadCsvSource(db, actor, { target: { sourceId }, filename: "cut.csv", body: brokenOff() }),
  ).rejects.toThrow("the browser went away");

  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,email\n", "utf16le")]);
  async function* utf16Body(): AsyncGenerator<Uint8Array> {
    yield utf16;
  }
  const unreadable = await uploadCsvSource(db, actor, {
    target: { sourceId },
    filename: "excel.txt",
    body: utf16Body(),
  }).catch((caught: unknown) => caught);
  expect(unreadable).toBeInstanceOf(AppError);
  expect((unreadable as AppError).fieldErrors?.file?.[0]).toContain("UTF-16");

  const tooLarge = await uploadCsvSource(db, actor, {
    target: { sourceId },
    filename: "big.csv",
    body: text("id\n" + "1\n".repeat(1000)),
    maxBytes: 100,
  }).catch((caught: unknown) => caught);
  expect((tooLarge as AppError).message).toBe("The file is larger than the 100 bytes limit.");

  expect((await db.source.findUniqueOrThrow({ where: { id: sourceId } })).csvFileId).toBe(file.id);
  expect(await db.csvFile.count()).toBe(filesBefore);
  expect(await firstRow(sourceId)).toEqual({ id: "1", email: "a@example.com" });
});

test("a file cannot go to a missing source or a Postgres one, and a new CSV source needs a free name", async () => {
  await expect(
    uploadCsvSource(db, actor, { target: { sourceId: "missing" }, filename: "a.csv", body: text("a\n1\n") }),
  ).rejects.toThrow("This source no longer exists.");
  const pg = await db.source.create({ data: { name: `PG ${tag}`, kind: "POSTGRES" } });
  await expect(
    uploadCsvSource(db, actor, { target: { sourceId: pg.id }, filename: "a.csv", body: text("a\n1\n") }),
  ).rejects.toThrow("Only a CSV source takes an uploaded file.");
  await expect(
    uploadCsvSource(db, actor, { target: { name: `pg ${tag}` }, filename: "a.csv", body: text("a\n1\n") }),
  ).rejects.toThrow("already exists");
});

test("a header cell with a NUL in it no longer fails the upload: the column is saved under a clean name", async () => {
  const result = await uploadCsvSource(db, actor, {
    target: { name: `Nul header ${tag}` },
    filename: "nul.csv",
    body: text("order_id,em\u0000ail\n1,a@example.com\n"),
  });
  expect(result.columns.map((column) => column.name)).toEqual(["order_id", "email"]);
  const source = await db.source.findUniqueOrThrow({ where: { id: result.sourceId } });
  expect(source.columns).toEqual([
    { name: "order_id", type: "number" },
    { name: "email", type: "text" },
  ]);
  expect(await firstRow(result.sourceId)).toEqual({ order_id: "1", email: "a@example.com" });
});

// PGlite runs one transaction at a time, so there the race cannot happen (and the test proves nothing).
test.skipIf(await isSingleBackendDatabase(inject("databaseUrl")))(
  "uploads of one name at the same instant: one source is created, the others are refused on the name and leave no file behind",
  async () => {
    const name = `Race ${tag}`;
    const files = await db.csvFile.count();
    const spellings = [name, name.toUpperCase(), name.toLowerCase(), name, name.toUpperCase(), name];
    const outcomes = await Promise.allSettled(
      spellings.map((spelling, index) =>
        uploadCsvSource(db, actor, {
          target: { name: spelling },
          filename: `race-${index}.csv`,
          body: text("id,email\n1,a@example.com\n"),
        }),
      ),
    );
    const created = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(created).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") continue;
      expect(outcome.reason).toBeInstanceOf(AppError);
      expect((outcome.reason as AppError).fieldErrors?.name?.[0]).toMatch(/already exists/);
    }
    expect(await db.source.count({ where: { name: { equals: name, mode: "insensitive" } } })).toBe(1);
    expect(await db.csvFile.count()).toBe(files + 1);
  },
);
