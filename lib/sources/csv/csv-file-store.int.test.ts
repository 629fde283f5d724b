import { createHash, randomBytes } from "node:crypto";
import { afterAll, expect, inject, test } from "vitest";
import { createDb } from "../../db/client";
import { CSV_CHUNK_BYTES, deleteAbandonedCsvFiles, writeCsvFile } from "./csv-file-store";
import { readCsvFileBytes } from "./read-csv-file-bytes";
import { SourceError } from "../source-error";

const db = createDb(inject("databaseUrl"), { max: 4 });
afterAll(() => db.$disconnect());

async function* pieces(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

async function readAll(fileId: string, chunkCount: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of readCsvFileBytes(db, fileId, chunkCount)) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

test("a file goes in as chunks of the chunk size and comes back byte for byte, in order", async () => {
  // 2.5 chunks, arriving in odd-sized pieces that straddle chunk boundaries.
  const data = randomBytes(Math.floor(CSV_CHUNK_BYTES * 2.5));
  const stored = await writeCsvFile(db, { filename: "../../etc/orders.csv", body: pieces(data, 65_537) });
  expect(stored).toMatchObject({ filename: "orders.csv", sizeBytes: data.length, chunkCount: 3 });
  expect(stored.sha256).toBe(createHash("sha256").update(data).digest("hex"));

  const row = await db.csvFile.findUniqueOrThrow({ where: { id: stored.id } });
  expect(row.completedAt).not.toBeNull();
  expect(Number(row.sizeBytes)).toBe(data.length);
  const chunks = await db.csvFileChunk.findMany({ where: { fileId: stored.id }, orderBy: { index: "asc" } });
  expect(chunks.map((chunk) => chunk.data.length)).toEqual([
    CSV_CHUNK_BYTES,
    CSV_CHUNK_BYTES,
    data.length - 2 * CSV_CHUNK_BYTES,
  ]);

  expect((await readAll(stored.id, stored.chunkCount)).equals(data)).toBe(true);
});

test("a file over the size limit is refused while it streams in, and nothing of it is kept", async () => {
  const before = await db.csvFile.count();
  let piecesRead = 0;
  async function* endless(): AsyncGenerator<Uint8Array> {
    for (;;) {
      piecesRead += 1;
      yield Buffer.alloc(10_000, 0x61);
    }
  }
  const error = await writeCsvFile(db, {
    filename: "big.csv",
    body: endless(),
    maxBytes: 100_000,
    chunkBytes: 30_000,
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SourceError);
  expect((error as SourceError).code).toBe("file_too_large");
  expect((error as SourceError).message).toBe("The file is larger than the 97.7 KB limit.");
  // It stopped at the limit rather than reading on.
  expect(piecesRead).toBe(11);
  expect(await db.csvFile.count()).toBe(before);
});

test("an upload that breaks off is deleted, chunks and all", async () => {
  const before = { files: await db.csvFile.count(), chunks: await db.csvFileChunk.count() };
  async function* brokenOff(): AsyncGenerator<Uint8Array> {
    yield Buffer.alloc(50_000, 0x61);
    throw new Error("client went away");
  }
  await expect(writeCsvFile(db, { filename: "cut.csv", body: brokenOff(), chunkBytes: 20_000 })).rejects.toThrow(
    "client went away",
  );
  expect(await db.csvFile.count()).toBe(before.files);
  expect(await db.csvFileChunk.count()).toBe(before.chunks);
});

test("an empty upload is refused", async () => {
  const error = await writeCsvFile(db, { filename: "empty.csv", body: pieces(Buffer.alloc(0), 1) }).catch(
    (caught: unknown) => caught,
  );
  expect((error as SourceError).code).toBe("empty_file");
});

test("reading a file whose chunks were deleted mid-read says so", async () => {
  const data = randomBytes(3 * 1000);
  const stored = await writeCsvFile(db, { filename: "gone.csv", body: pieces(data, 1000), chunkBytes: 1000 });
  const reader = readCsvFileBytes(db, stored.id, stored.chunkCount);
  expect((await reader.next()).value).toHaveLength(1000);
  await db.csvFile.delete({ where: { id: stored.id } });
  // The second chunk was already fetched ahead; the third is gone.
  expect((await reader.next()).value).toHaveLength(1000);
  await expect(reader.next()).rejects.toThrow("The file was replaced or deleted while it was being read");
});

test("abandoned uploads (unfinished, or never attached to a source) are swept once old", async () => {
  const unfinished = await db.csvFile.create({
    data: { filename: "half.csv", sizeBytes: 0, sha256: "", chunkCount: 0 },
  });
  await db.csvFileChunk.create({ data: { fileId: unfinished.id, index: 0, data: Buffer.from("a,b\n") } });
  const fresh = await writeCsvFile(db, { filename: "fresh.csv", body: pieces(Buffer.from("a\n1\n"), 10) });

  const inTwoDays = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
  expect(await deleteAbandonedCsvFiles(db)).toBe(0);
  const attached = await writeCsvFile(db, { filename: "kept.csv", body: pieces(Buffer.from("a\n1\n"), 10) });
  await db.source.create({ data: { name: `Kept ${attached.id}`, kind: "CSV", csvFileId: attached.id } });
  expect(await deleteAbandonedCsvFiles(db, inTwoDays)).toBeGreaterThanOrEqual(2);
  expect(await db.csvFile.findUnique({ where: { id: unfinished.id } })).toBeNull();
  expect(await db.csvFileChunk.count({ where: { fileId: unfinished.id } })).toBe(0);
  expect(await db.csvFile.findUnique({ where: { id: fresh.id } })).toBeNull();
  expect(await db.csvFile.findUnique({ where: { id: attached.id } })).not.toBeNull();
});
