import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { SourceChunk, SourceProblem, SourceReader, SourceRow, SourceValue } from "@/lib/sources/types";

type Streamable = Pick<SourceReader, "stream">;

// A Date cell survives the round trip through JSON under this key.
const DATE_TAG = "\u0000sluice-date";

/**
 * Reads the whole source into a temporary file first, then streams it from there.
 *
 * Why: the embedded database has one backend (DatabaseProfile.singleBackend), and while one connection holds a
 * transaction open, every other connection waits. A Postgres source in that same database reads
 * through a cursor inside a transaction, so a sync writing its ledger on another connection in
 * between reads would wait for itself forever. Spooling finishes the read (and its transaction)
 * before the first write. Memory stays flat; the file is removed afterwards. Only used with the
 * embedded database, where sources are demo-sized.
 */
export async function spoolSource(
  reader: Streamable,
  options: { chunkSize: number; maxChunkChars?: number; signal?: AbortSignal },
): Promise<Streamable & { close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "sluice-spool-"));
  const file = path.join(dir, "rows.jsonl");
  try {
    const out = createWriteStream(file, { encoding: "utf8" });
    for await (const chunk of reader.stream({
      chunkSize: options.chunkSize,
      maxChunkChars: options.maxChunkChars,
      signal: options.signal,
    })) {
      for (const problem of chunk.problems)
        if (!out.write(`${JSON.stringify({ p: problem })}\n`)) await once(out, "drain");
      for (const row of chunk.rows)
        if (!out.write(`${JSON.stringify({ r: encodeRow(row) })}\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    async *stream(streamOptions = {}): AsyncGenerator<SourceChunk> {
      const size = streamOptions.chunkSize ?? options.chunkSize;
      const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
      let chunk: SourceChunk = { rows: [], problems: [] };
      try {
        for await (const line of lines) {
          if (!line) continue;
          const entry = JSON.parse(line) as { p?: SourceProblem; r?: EncodedRow };
          if (entry.p) chunk.problems.push(entry.p);
          if (entry.r) chunk.rows.push(decodeRow(entry.r));
          if (chunk.rows.length >= size) {
            yield chunk;
            chunk = { rows: [], problems: [] };
          }
        }
        if (chunk.rows.length > 0 || chunk.problems.length > 0) yield chunk;
      } finally {
        lines.close();
      }
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

interface EncodedRow {
  n: number;
  l?: number;
  v: Array<[string, unknown]>;
}

function encodeRow(row: SourceRow): EncodedRow {
  const values = Object.keys(row.values).map((key): [string, unknown] => {
    const value = row.values[key];
    return [key, value instanceof Date ? { [DATE_TAG]: value.getTime() } : value];
  });
  return { n: row.rowNumber, ...(row.line !== undefined ? { l: row.line } : {}), v: values };
}

function decodeRow(encoded: EncodedRow): SourceRow {
  // Null-prototype, as every source's rows are: a column named "__proto__" stays a column.
  const values: Record<string, SourceValue> = Object.create(null);
  for (const [key, value] of encoded.v) {
    const tagged = typeof value === "object" && value !== null && !Array.isArray(value) && DATE_TAG in value;
    values[key] = tagged ? new Date((value as Record<string, number>)[DATE_TAG]!) : (value as SourceValue);
  }
  return { rowNumber: encoded.n, ...(encoded.l !== undefined ? { line: encoded.l } : {}), values };
}
