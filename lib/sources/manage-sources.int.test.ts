import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createSecretBox } from "../crypto/secret-box";
import { createDb } from "../db/client";
import { AppError } from "../errors";
import { sourceDatabase } from "../testing/source-database";
import { getSource } from "./get-source";
import { listSources } from "./list-sources";
import { createPostgresSource, deleteSource, renameSource, updatePostgresSource } from "./manage-sources";
import { previewSource, testSourceConnection } from "./preview-source";
import { uploadCsvSource } from "./csv/upload-csv-source";

const db = createDb(inject("databaseUrl"), { max: 4 });
// What the sources read: the run's source database, as its read-only user.
const url = sourceDatabase().readerUrl;
const box = createSecretBox(randomBytes(32));
const tag = randomBytes(3).toString("hex");
let actor: { id: string; email: string };

async function* text(value: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(value, "utf8");
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  const user = await db.user.create({
    data: { email: `editor-${tag}@example.com`, name: "Editor", passwordHash: "x", role: "EDITOR" },
  });
  actor = { id: user.id, email: user.email };
});
afterAll(() => db.$disconnect());

const withPassword = (password: string) => {
  const target = new URL(url);
  target.password = password;
  return target.toString();
};

test("creating a Postgres source checks the query first, seals the connection string and shows only its redacted form", async () => {
  const input = {
    name: `Orders ${tag}`,
    connectionString: withPassword("s3cret-pw"),
    query: "SELECT 1 AS id, 'a@example.com' AS email",
    statementTimeoutSeconds: 5,
  };
  const created = await createPostgresSource(db, actor, input, { secretBox: box });
  const row = await db.source.findUniqueOrThrow({ where: { id: created.id } });
  expect(row.connectionStringSealed).not.toContain("s3cret-pw");
  expect(box.open(row.connectionStringSealed!)).toBe(input.connectionString);
  expect(row.statementTimeoutMs).toBe(5000);

  const detail = await getSource(db, created.id);
  expect(detail?.connectionStringRedacted).toContain(":•••@");
  expect(JSON.stringify(detail)).not.toContain("s3cret-pw");
  expect(detail?.columns).toEqual([
    { name: "id", type: "number" },
    { name: "email", type: "text" },
  ]);
  const listed = (await listSources(db)).sources.find((source) => source.id === created.id);
  expect(listed).toMatchObject({ kind: "POSTGRES", columnCount: 2, destinationCount: 0 });
  expect(JSON.stringify(listed)).not.toContain("s3cret-pw");

  const audit = await db.auditEvent.findFirst({ where: { targetId: created.id, action: "source.created" } });
  expect(audit?.actorEmail).toBe(actor.email);
  expect(JSON.stringify(audit?.details)).not.toContain("s3cret");
});

test("a query with a syntax error is not saved, and the error says where, under the query field", async () => {
  const error = await errorOf(
    createPostgresSource(
      db,
      actor,
      { name: `Broken ${tag}`, connectionString: url, query: "SELECT id\nFORM orders", statementTimeoutSeconds: 5 },
      { secretBox: box },
    ),
  );
  expect(error.fieldErrors?.query?.[0]).toMatch(/syntax error at or near "orders" \(line 2, column 6\)/i);
  expect(await db.source.count({ where: { name: `Broken ${tag}` } })).toBe(0);
});

test("editing keeps the saved connection string when none is entered, and re-reads the columns", async () => {
  const created = await createPostgresSource(
    db,
    actor,
    { name: `Editable ${tag}`, connectionString: url, query: "SELECT 1 AS a", statementTimeoutSeconds: 30 },
    { secretBox: box },
  );
  const sealedBefore = (await db.source.findUniqueOrThrow({ where: { id: created.id } })).connectionStringSealed;
  const updated = await updatePostgresSource(
    db,
    actor,
    { sourceId: created.id, name: `Edited ${tag}`, query: "SELECT 1 AS a, 2 AS b", statementTimeoutSeconds: 30 },
    { secretBox: box },
  );
  expect(updated.changed).toEqual(["name", "query"]);
  const row = await db.source.findUniqueOrThrow({ where: { id: created.id } });
  expect(row.connectionStringSealed).toBe(sealedBefore);
  expect((await getSource(db, created.id))?.columns.map((column) => column.name)).toEqual(["a", "b"]);

  const preview = await previewSource(db, created.id, { secretBox: box, limit: 5 });
  expect(preview.rows).toEqual([{ rowNumber: 1, line: null, cells: ["1", "2"] }]);
  expect((await testSourceConnection(db, created.id, { secretBox: box })).database).toBe(
    new URL(url).pathname.slice(1) || "postgres",
  );

  await renameSource(db, actor, created.id, `Renamed ${tag}`);
  const actions = await db.auditEvent.findMany({
    where: { targetId: created.id },
    orderBy: { createdAt: "asc" },
    select: { action: true },
  });
  expect(actions.map((event) => event.action)).toEqual(["source.created", "source.updated", "source.updated"]);
});

test("names are unique, ignoring case", async () => {
  await createPostgresSource(
    db,
    actor,
    { name: `Unique ${tag}`, connectionString: url, query: "SELECT 1", statementTimeoutSeconds: 5 },
    { secretBox: box },
  );
  const error = await errorOf(
    createPostgresSource(
      db,
      actor,
      { name: `UNIQUE ${tag}`, connectionString: url, query: "SELECT 1", statementTimeoutSeconds: 5 },
      { secretBox: box },
    ),
  );
  expect(error.code).toBe("CONFLICT");
  expect(error.fieldErrors?.name?.[0]).toContain("already exists");
});

test("a source in use by a destination cannot be deleted; once free, it goes with its file", async () => {
  const { sourceId } = await uploadCsvSource(db, actor, {
    target: { name: `In use ${tag}` },
    filename: "orders.csv",
    body: text("id,email\n1,a@example.com\n"),
  });
  const fileId = (await db.source.findUniqueOrThrow({ where: { id: sourceId } })).csvFileId!;
  const destination = await db.destination.create({ data: { name: `Purchases ${tag}`, sourceId } });
  expect((await listSources(db)).sources.find((source) => source.id === sourceId)?.destinationCount).toBe(1);

  const refused = await errorOf(deleteSource(db, actor, sourceId));
  expect(refused.code).toBe("CONFLICT");
  expect(refused.message).toBe(
    `“In use ${tag}” is used by the destination “Purchases ${tag}”. Point it at another source or delete it first.`,
  );
  expect(await db.source.findUnique({ where: { id: sourceId } })).not.toBeNull();

  await db.destination.delete({ where: { id: destination.id } });
  await deleteSource(db, actor, sourceId);
  expect(await db.source.findUnique({ where: { id: sourceId } })).toBeNull();
  expect(await db.csvFile.findUnique({ where: { id: fileId } })).toBeNull();
  expect(await db.auditEvent.count({ where: { targetId: sourceId, action: "source.deleted" } })).toBe(1);
  expect((await errorOf(deleteSource(db, actor, sourceId))).code).toBe("NOT_FOUND");
});

test("a query that does not return its first row within the time limit is not saved", async () => {
  const error = await errorOf(
    createPostgresSource(
      db,
      actor,
      { name: `Slow ${tag}`, connectionString: url, query: "SELECT pg_sleep(5) AS slept", statementTimeoutSeconds: 1 },
      { secretBox: box },
    ),
  );
  expect(error.fieldErrors?.query?.[0]).toContain("The query ran longer than the 1-second limit and was cancelled.");
  expect(await db.source.count({ where: { name: `Slow ${tag}` } })).toBe(0);
});
