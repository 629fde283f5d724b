import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createSecretBox } from "../crypto/secret-box";
import { createDb } from "../db/client";
import { AppError } from "../errors";
import { sourceDatabase } from "../testing/source-database";
import { writeCsvFile } from "./csv/csv-file-store";
import { openCsvFileReader, openSource, openSourceReader } from "./open-source-reader";
import type { SourceChunk } from "./types";

const db = createDb(inject("databaseUrl"), { max: 4 });
// The table lives in the run's source database, made by its administrator and read by its
// read-only user (a source may not read Sluice's own database).
const { adminUrl, readerUrl: url } = sourceDatabase();
const box = createSecretBox(randomBytes(32));
const table = `sluice_open_reader_${randomBytes(4).toString("hex")}`;

async function sql(text: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function* text(value: string, pieceSize: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(value, "utf8");
  for (let offset = 0; offset < bytes.length; offset += pieceSize) yield bytes.subarray(offset, offset + pieceSize);
}

async function collect(chunks: AsyncIterable<SourceChunk>) {
  const rows: Record<string, unknown>[] = [];
  const problems: string[] = [];
  for await (const chunk of chunks) {
    rows.push(...chunk.rows.map((row) => ({ ...row.values })));
    problems.push(...chunk.problems.map((problem) => problem.message));
  }
  return { rows, problems };
}

beforeAll(async () => {
  await sql(
    `CREATE TABLE ${table} AS SELECT g AS id, 'user' || g || '@example.com' AS email FROM generate_series(1, 2500) g`,
  );
});
afterAll(async () => {
  await sql(`DROP TABLE IF EXISTS ${table}`);
  await db.$disconnect();
});

test("a Postgres source opens its sealed connection string and streams its query", async () => {
  const source = await db.source.create({
    data: {
      name: `PG ${table}`,
      kind: "POSTGRES",
      connectionStringSealed: box.seal(url),
      connectionStringRedacted: "x",
      query: `SELECT id, email FROM ${table} ORDER BY id`,
    },
  });
  const reader = await openSourceReader(db, source.id, { secretBox: box });
  expect(await reader.columns()).toEqual([
    { name: "id", type: "number" },
    { name: "email", type: "text" },
  ]);
  const { rows } = await collect(reader.stream({ chunkSize: 1000 }));
  expect(rows).toHaveLength(2500);
  expect(rows[2499]).toEqual({ id: 2500, email: "user2500@example.com" });

  const opened = await openSource(db, source.id, { secretBox: box });
  expect(opened.kind).toBe("POSTGRES");
  if (opened.kind === "POSTGRES") expect((await opened.reader.testConnection()).serverVersion).not.toBe("");
});

test("a connection string sealed with another key is refused with a clear message, not garbage", async () => {
  const other = createSecretBox(randomBytes(32));
  const source = await db.source.create({
    data: {
      name: `PG other key ${table}`,
      kind: "POSTGRES",
      connectionStringSealed: other.seal(url),
      query: "SELECT 1",
    },
  });
  const error = await openSourceReader(db, source.id, { secretBox: box }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).message).toContain("cannot be decrypted with this server's encryption key");
});

test("a CSV source streams its stored chunks in order, across chunk boundaries", async () => {
  // A BOM, semicolons, CRLF and a quoted value with a line break, stored in 61-byte chunks so
  // chunk boundaries fall inside CRLFs, quoted values and multi-byte characters.
  const lines = ["\uFEFForder_id;email;note"];
  for (let index = 1; index <= 300; index += 1) lines.push(`${index};u${index}@example.com;"line one\r\nline twö"`);
  const stored = await writeCsvFile(db, {
    filename: "orders.csv",
    body: text(lines.join("\r\n") + "\r\n", 997),
    chunkBytes: 61,
  });
  expect(stored.chunkCount).toBeGreaterThan(200);
  const source = await db.source.create({ data: { name: `CSV ${table}`, kind: "CSV", csvFileId: stored.id } });

  const reader = await openSourceReader(db, source.id);
  expect(await reader.columns()).toEqual([
    { name: "order_id", type: "number" },
    { name: "email", type: "text" },
    { name: "note", type: "text" },
  ]);
  const { rows, problems } = await collect(reader.stream({ chunkSize: 64 }));
  expect(problems).toEqual([]);
  expect(rows).toHaveLength(300);
  expect(rows[0]).toEqual({ order_id: "1", email: "u1@example.com", note: "line one\nline twö" });
  expect(rows[299]?.order_id).toBe("300");

  const sample = await (await openCsvFileReader(db, stored.id)).sample(2);
  expect(sample.rows.map((row) => row.line)).toEqual([2, 4]);
});

test("missing sources and files give clear errors", async () => {
  await expect(openSourceReader(db, "no-such-source")).rejects.toThrow("This source no longer exists.");
  const fileless = await db.source.create({ data: { name: `CSV no file ${table}`, kind: "CSV" } });
  await expect(openSourceReader(db, fileless.id)).rejects.toThrow("This CSV source has no file yet. Upload one first.");
  const unfinished = await db.csvFile.create({ data: { filename: "half.csv", sizeBytes: 0, sha256: "" } });
  await expect(openCsvFileReader(db, unfinished.id)).rejects.toThrow(
    "The CSV file's upload did not finish. Upload it again.",
  );
  await expect(openCsvFileReader(db, "no-such-file")).rejects.toThrow("The CSV file no longer exists.");
  const noQuery = await db.source.create({ data: { name: `PG no query ${table}`, kind: "POSTGRES" } });
  await expect(openSourceReader(db, noQuery.id, { secretBox: box })).rejects.toBeInstanceOf(AppError);
});

// That they hold no transaction between chunks is query-source-for-server.int.test.ts's to show.
test("paged reads give the same rows, numbered alike, as one cursor", async () => {
  const query = `SELECT id, email FROM ${table} ORDER BY id -- newest last\n;`;
  const source = await db.source.create({
    data: { name: `PG paged ${table}`, kind: "POSTGRES", connectionStringSealed: box.seal(url), query },
  });
  const cursorRows = (
    await collect(
      (await openSourceReader(db, source.id, { secretBox: box, pagedReads: false })).stream({ chunkSize: 700 }),
    )
  ).rows;
  const paged = await openSourceReader(db, source.id, { secretBox: box, pagedReads: true });
  const rowNumbers: number[] = [];
  let chunks = 0;
  for await (const chunk of paged.stream({ chunkSize: 700 })) {
    chunks += 1;
    rowNumbers.push(...chunk.rows.map((row) => row.rowNumber));
  }
  expect(chunks).toBe(4);
  expect(rowNumbers).toEqual(Array.from({ length: 2500 }, (_, index) => index + 1));
  expect((await collect(paged.stream({ chunkSize: 700 }))).rows).toEqual(cursorRows);
});
