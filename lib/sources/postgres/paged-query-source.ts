import {
  createPostgresQuerySource,
  shiftRowProblem,
  type PostgresQuerySource,
  type PostgresQuerySourceOptions,
} from "./postgres-query-source";
import { subqueryBody } from "./check-source-query";
import { abortedError } from "../source-error";
import type { SourceChunk } from "../types";

const DEFAULT_CHUNK_SIZE = 1_000;

/**
 * A query source for a single-backend database (lib/db/database-profile.ts), such as the demo
 * database `npm start` runs: while one connection holds a transaction, every other connection
 * waits. The ordinary reader keeps its cursor's read-only transaction open for the whole stream,
 * so every other reader of the database would wait for the whole read. This reader instead reads
 * each chunk as its own short query (LIMIT/OFFSET around the user's query, each in its own
 * read-only transaction) and holds nothing between chunks. OFFSET rereads the skipped rows, which
 * is fine for the demo-sized data such a database holds, and the order is stable because the
 * query orders its rows.
 */
export function createPagedQuerySource(options: PostgresQuerySourceOptions): PostgresQuerySource {
  const whole = createPostgresQuerySource(options);
  const inner = subqueryBody(options.query);
  return {
    ...whole,
    async *stream(streamOptions = {}): AsyncGenerator<SourceChunk> {
      const chunkSize = Math.max(1, Math.floor(streamOptions.chunkSize ?? DEFAULT_CHUNK_SIZE));
      for (let offset = 0; ; offset += chunkSize) {
        if (streamOptions.signal?.aborted) throw abortedError();
        // The first page is the user's query as written, so its errors point at what they wrote.
        const reader =
          offset === 0
            ? whole
            : createPostgresQuerySource({
                ...options,
                query: `SELECT * FROM (${inner}\n) AS sluice_page LIMIT ${chunkSize} OFFSET ${offset}`,
              });
        const sample = await reader.sample(chunkSize);
        // Row numbers (and a too-large row's problem) count from the page's start; the column
        // problems (duplicate names) are the same on every page, so they are reported once.
        const rows = sample.rows.map((row) => ({ ...row, rowNumber: offset + row.rowNumber }));
        const rowProblems = sample.problems.filter((problem) => problem.rowNumber !== undefined);
        const problems = [
          ...(offset === 0 ? sample.problems.filter((problem) => problem.rowNumber === undefined) : []),
          ...rowProblems.map((problem) => shiftRowProblem(problem, offset)),
        ];
        if (rows.length > 0 || problems.length > 0) yield { rows, problems };
        if (sample.rows.length + rowProblems.length < chunkSize) return;
      }
    },
  };
}
