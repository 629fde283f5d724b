import { expect, it } from "vitest";
import { sourceDatabase, testSourceGuard } from "../../testing/source-database";
import { createPagedQuerySource } from "./paged-query-source";

// The demo database is read in pages (one short query each); a row over the size limit on a later
// page must keep its number in the whole query, and must not end the read early.
it("pages count rows too large as read, and number them in the whole query", async () => {
  const query =
    "SELECT g, CASE WHEN g IN (2, 5) THEN repeat('x', 1500000) ELSE 'ok' END AS v FROM generate_series(1, 7) g ORDER BY g";
  const reader = createPagedQuerySource({
    connectionString: sourceDatabase().readerUrl,
    query,
    guard: await testSourceGuard(),
  });
  const rows: number[] = [];
  const problems: string[] = [];
  for await (const chunk of reader.stream({ chunkSize: 2 })) {
    rows.push(...chunk.rows.map((row) => row.rowNumber));
    problems.push(...chunk.problems.map((problem) => `${problem.rowNumber} ${problem.message.slice(0, 6)}`));
  }
  expect(rows).toEqual([1, 3, 4, 6, 7]);
  expect(problems).toEqual(["2 Row 2 ", "5 Row 5 "]);
});
