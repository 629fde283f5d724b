import type { Db } from "@/lib/db/client";
import { listRunProblems } from "./list-run-problems";
import { problemCsvHeader, problemCsvLine } from "./problems-csv";

/** The run's problem rows as CSV bytes, read a page at a time as the download is consumed, so a
 * run with a million problem rows streams in flat memory. Starts with a UTF-8 byte order mark,
 * which Excel needs to read non-ASCII text correctly. */
export function streamProblemsCsv(db: Db, runId: string, pageSize = 2_000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${problemCsvHeader()}\r\n`));
        return;
      }
      const page = await listRunProblems(db, runId, { cursor, pageSize });
      if (page.problems.length > 0)
        controller.enqueue(encoder.encode(page.problems.map((problem) => `${problemCsvLine(problem)}\r\n`).join("")));
      cursor = page.nextCursor;
      if (!cursor) controller.close();
    },
  });
}
