import { ConversionBatcher, convertRow, mappingSpecSchema } from "../../lib/conversions";
import { createPostgresQuerySource } from "../../lib/sources/postgres/postgres-query-source";
import type { SourceGuard } from "../../lib/sources/postgres/source-guard";
import { tableOf, valuesMaker } from "../../lib/sources/source-table";
import { serializedConversionsBody } from "../../lib/x-ads";
import { BENCH_MAPPING } from "./prepare-bench-table";

export interface FloorResult {
  rows: number;
  valid: number;
  requests: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
}

/**
 * The floor: the least work any correct sync must do, in one thread, with no network and no
 * writes — read the rows from PostgreSQL, normalise (E.164 phones), SHA-256 hash, batch by 500 and
 * serialise X's JSON. A sync that matches it has hidden all its I/O behind this work.
 *
 * It serialises as the sync engine does, and no more: each conversion's JSON once (convertRow
 * makes it), as UTF-8, and each request body assembled from those bytes. It reads through the
 * same checked connection as a sync (`guard`), so the floor includes what every read costs.
 */
export async function measureFloor(connectionString: string, table: string, guard: SourceGuard): Promise<FloorResult> {
  const mapping = mappingSpecSchema.parse(BENCH_MAPPING);
  const source = createPostgresQuerySource({
    connectionString,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
    statementTimeoutMs: 600_000,
    guard,
  });
  const batcher = new ConversionBatcher<{ json: Uint8Array }>();
  let rows = 0;
  let valid = 0;
  let requests = 0;
  let bytes = 0;
  const serialise = (batch: { json: Uint8Array }[]) => {
    requests += 1;
    bytes += serializedConversionsBody(batch.map((item) => item.json)).byteLength;
  };
  const started = process.hrtime.bigint();
  for await (const chunk of source.stream({ chunkSize: 5_000 })) {
    // The rows as the sync reads them: the source's table, each row's values built once from it.
    const table = tableOf(chunk);
    const values = valuesMaker(table.columns);
    for (const cells of table.cells) {
      rows += 1;
      const result = convertRow(mapping, { eventId: "o87ne", pixelId: "o8z6j" }, values(cells));
      if (result.status !== "valid") continue;
      valid += 1;
      const full = batcher.add({ json: Buffer.from(result.json) });
      if (full) serialise(full);
    }
  }
  const rest = batcher.flush();
  if (rest) serialise(rest);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows, valid, requests, bytes, seconds, rowsPerSecond: rows / seconds };
}
