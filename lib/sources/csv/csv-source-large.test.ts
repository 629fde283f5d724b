import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import v8 from "node:v8";
import vm from "node:vm";
import { expect, test } from "vitest";
import { createCsvSource } from "./csv-source";

const MB = 1024 * 1024;
const FILE_BYTES = 200 * MB;
// The file is 200 MB; reading it must not hold more than a sliver of it. Rows are dropped as soon
// as they are counted, so anything near the file's size would mean the reader buffers it. What
// the reader holds is measured after a forced collection: the heap in use between collections
// is mostly garbage, and how much of it V8 lets pile up differs between versions (Node 24's
// grew 84-104 MB here against 100 allowed, with nothing more retained).
const RETAINED_HEAP_LIMIT = 40 * MB;
const RSS_GROWTH_LIMIT = 150 * MB;
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** Writes a CRLF file of realistic order rows (a quoted value with an embedded line break every
 * 1,000 rows) until it reaches `bytes`; returns how many data rows it holds. */
async function writeOrdersCsv(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let rows = 0;
  const write = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  await write("order_id,email,phone,country,value,currency,ordered_at,note\r\n");
  while (written < bytes) {
    let batch = "";
    for (let index = 0; index < 10_000; index += 1) {
      rows += 1;
      const note = rows % 1000 === 0 ? `"gift wrap,\r\nleave at door ${rows}"` : `"note, ${rows}"`;
      batch += `ORD-${rows},  User.${rows}@Example.com ,(415) 555-01${String(rows % 100).padStart(2, "0")},US,${(rows % 40_000) / 100},USD,2024-05-01T10:${String(rows % 60).padStart(2, "0")}:00Z,${note}\r\n`;
    }
    await write(batch);
  }
  out.end();
  await once(out, "finish");
  return rows;
}

test("a 200 MB CSV file streams with memory that stays flat", async () => {
  const path = join(tmpdir(), `sluice-large-${randomUUID()}.csv`);
  try {
    const rowsWritten = await writeOrdersCsv(path, FILE_BYTES);
    const source = createCsvSource({
      open: () => createReadStream(path, { highWaterMark: MB }),
      limits: { maxBytes: 256 * MB },
    });

    collectGarbage();
    const before = process.memoryUsage();
    let peakRetained = before.heapUsed;
    let peakRss = before.rss;
    let chunks = 0;
    let rows = 0;
    let problems = 0;
    let lastRowNumber = 0;
    let multilineNotes = 0;
    for await (const chunk of source.stream({ chunkSize: 5_000 })) {
      rows += chunk.rows.length;
      problems += chunk.problems.length;
      lastRowNumber = chunk.rows.at(-1)?.rowNumber ?? lastRowNumber;
      multilineNotes += chunk.rows.filter((row) => String(row.values["note"]).includes("\n")).length;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      // Every tenth chunk (with this one still held, as a consumer holds it): what is retained.
      chunks += 1;
      if (chunks % 10 === 0) {
        collectGarbage();
        peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
      }
    }
    const retainedGrowth = peakRetained - before.heapUsed;
    const rssGrowth = peakRss - before.rss;
    console.info(
      `200 MB CSV: ${rows} rows, retained heap growth ${(retainedGrowth / MB).toFixed(1)} MB, RSS growth ${(rssGrowth / MB).toFixed(1)} MB`,
    );

    expect(rows).toBe(rowsWritten);
    expect(lastRowNumber).toBe(rowsWritten);
    expect(problems).toBe(0);
    expect(multilineNotes).toBe(Math.floor(rowsWritten / 1000));
    expect(retainedGrowth).toBeLessThan(RETAINED_HEAP_LIMIT);
    expect(rssGrowth).toBeLessThan(RSS_GROWTH_LIMIT);
  } finally {
    await rm(path, { force: true });
  }
}, 120_000);
