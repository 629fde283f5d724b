import v8 from "node:v8";
import vm from "node:vm";
import { expect, test } from "vitest";
import { sourceDatabase, testSourceGuardWithoutPrisma } from "@/lib/testing/source-database";
import { createPostgresQuerySource } from "./postgres-query-source";

const MB = 1024 * 1024;
const ROWS = 1_000_000;
// A million rows of these four columns take roughly 250 MB as JavaScript objects; a reader that
// buffered the result would blow through these limits, one that streams stays far below them.
// The heap is measured after a full collection every 20 chunks: what the reader keeps, not the
// garbage it has not yet had collected (that peak moved between 88 and 109 MB from run to run).
const RETAINED_HEAP_LIMIT = 40 * MB;
const RSS_GROWTH_LIMIT = 150 * MB;
v8.setFlagsFromString("--expose-gc");
// The integration project pins the young generation at Node 20's size (vitest.config.ts): Node
// 24's larger one alone added ~87 MB of RSS here (168 MB against 82, the same 3.5 MB retained).
const collectGarbage = vm.runInNewContext("gc") as () => void;

test("a 1,000,000-row query streams with memory that stays flat", async () => {
  // Not testSourceGuard(): a Prisma client made here would add its own tens of MB to the growth.
  const guard = await testSourceGuardWithoutPrisma();
  const source = createPostgresQuerySource({
    connectionString: sourceDatabase().readerUrl,
    guard,
    query: `SELECT g AS order_id, md5(g::text) AS email_sha256, (g % 40000) / 100.0 AS value,
              timestamptz '2024-05-01 00:00:00+00' + g * interval '1 second' AS ordered_at
            FROM generate_series(1, ${ROWS}) AS g`,
  });
  collectGarbage();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let chunks = 0;
  let peakRss = before.rss;
  let rows = 0;
  let largestChunk = 0;
  let last: unknown;
  for await (const chunk of source.stream({ chunkSize: 5_000 })) {
    rows += chunk.rows.length;
    largestChunk = Math.max(largestChunk, chunk.rows.length);
    last = chunk.rows.at(-1);
    chunks += 1;
    if (chunks % 20 === 0) {
      collectGarbage();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const heapGrowth = peakHeap - before.heapUsed;
  const rssGrowth = peakRss - before.rss;
  console.info(
    `1M-row query: ${rows} rows, retained heap growth ${(heapGrowth / MB).toFixed(1)} MB, RSS growth ${(rssGrowth / MB).toFixed(1)} MB`,
  );

  expect(rows).toBe(ROWS);
  expect(largestChunk).toBe(5_000);
  expect(last).toMatchObject({
    rowNumber: ROWS,
    values: { order_id: ROWS, value: 0, ordered_at: new Date(Date.UTC(2024, 4, 1) + ROWS * 1000) },
  });
  expect(heapGrowth).toBeLessThan(RETAINED_HEAP_LIMIT);
  expect(rssGrowth).toBeLessThan(RSS_GROWTH_LIMIT);
});
