import { createHash } from "node:crypto";
import type { Db } from "../../db/client";
import { toStorableText, truncateText, withoutControlCharacters } from "../../validation/storable-text";
import { formatBytes } from "./csv-bytes";
import { CSV_UPLOAD_MAX_BYTES } from "./csv-upload-protocol";
import { SourceError } from "../source-error";

/** Chunk rows of 1 MiB: small enough that a reader holds little, large enough that a 500 MB file
 * is a few hundred rows rather than millions. */
export const CSV_CHUNK_BYTES = 1024 * 1024;
export { CSV_UPLOAD_MAX_BYTES };
// An upload that neither finished nor became a source's file for this long was abandoned.
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export interface WriteCsvFileInput {
  filename: string;
  body: AsyncIterable<Uint8Array>;
  uploadedById?: string | null;
  maxBytes?: number;
  chunkBytes?: number;
}

export interface StoredCsvFile {
  id: string;
  filename: string;
  sizeBytes: number;
  sha256: string;
  chunkCount: number;
}

/**
 * Stores an upload in the database as it streams in (CsvFile + one CsvFileChunk per MiB), so any
 * worker on any machine can read it and memory stays at one chunk. The file is marked complete
 * (completedAt) only after its last byte; an upload that fails, is cancelled or goes over the
 * size limit is deleted, and one cut short by a crash is swept later (deleteAbandonedCsvFiles).
 * Each chunk is its own statement, never one long transaction: on the single-backend embedded database an open
 * transaction would stall every other connection for the whole upload.
 */
export async function writeCsvFile(db: Db, input: WriteCsvFileInput): Promise<StoredCsvFile> {
  const maxBytes = input.maxBytes ?? CSV_UPLOAD_MAX_BYTES;
  const chunkBytes = input.chunkBytes ?? CSV_CHUNK_BYTES;
  const filename = cleanFilename(input.filename);
  const file = await db.csvFile.create({
    data: { filename, sizeBytes: 0, sha256: "", uploadedById: input.uploadedById ?? null },
    select: { id: true },
  });
  const hash = createHash("sha256");
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;
  let size = 0;
  let chunkCount = 0;
  const flush = async () => {
    if (filled === 0) return;
    // A full chunk is sent as is; the last one is copied, so the driver never sees (or sends)
    // the unused tail of the buffer. Either way a fresh buffer follows: the driver may still
    // hold the one just sent.
    const data = filled === chunkBytes ? buffer : Buffer.from(buffer.subarray(0, filled));
    await db.csvFileChunk.create({ data: { fileId: file.id, index: chunkCount, data } });
    chunkCount += 1;
    buffer = Buffer.allocUnsafe(chunkBytes);
    filled = 0;
  };
  try {
    for await (const piece of input.body) {
      size += piece.byteLength;
      if (size > maxBytes)
        throw new SourceError("file_too_large", `The file is larger than the ${formatBytes(maxBytes)} limit.`);
      hash.update(piece);
      let offset = 0;
      while (offset < piece.byteLength) {
        const take = Math.min(chunkBytes - filled, piece.byteLength - offset);
        buffer.set(piece.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === chunkBytes) await flush();
      }
    }
    await flush();
    if (size === 0) throw new SourceError("empty_file", "The file is empty: it needs a header line and rows.");
    const sha256 = hash.digest("hex");
    await db.csvFile.update({
      where: { id: file.id },
      data: { sizeBytes: BigInt(size), sha256, chunkCount, completedAt: new Date() },
    });
    return { id: file.id, filename, sizeBytes: size, sha256, chunkCount };
  } catch (error) {
    await deleteCsvFile(db, file.id);
    throw error;
  }
}

/** Deletes a stored file and (by cascade) its chunks; a file already gone is fine. */
export async function deleteCsvFile(db: Pick<Db, "csvFile">, fileId: string): Promise<void> {
  await db.csvFile.deleteMany({ where: { id: fileId } });
}

/** Sweeps uploads that never finished, or finished but never became a source's file (the server
 * stopped in between), once they are old enough that no upload can still be writing them. */
export async function deleteAbandonedCsvFiles(db: Db, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - ABANDONED_AFTER_MS);
  const { count } = await db.csvFile.deleteMany({ where: { createdAt: { lt: before }, source: { is: null } } });
  return count;
}

// The name is only ever displayed; keep it short and free of path parts and of the control
// characters names may not have. The cut never splits a surrogate pair: half of one cannot be
// stored, and the audit event's jsonb would refuse the whole upload.
function cleanFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const clean = toStorableText(truncateText(withoutControlCharacters(base).trim(), 200)).trim();
  return clean || "upload.csv";
}
