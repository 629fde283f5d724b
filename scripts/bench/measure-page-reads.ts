import type { Db } from "../../lib/db/client";
import { getDestinationHeading } from "../../lib/runs/get-destination-heading";
import { getRun } from "../../lib/runs/get-run";
import { groupRunProblems, listRunProblems } from "../../lib/runs/list-run-problems";
import { listRuns } from "../../lib/runs/list-runs";

export interface TimingSummary {
  name: string;
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function summarise(name: string, samples: number[]): TimingSummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { name, samples: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1)! };
}

export async function timeIt(repeat: number, work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm: connections, Prisma's query plan cache
  const samples: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const started = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

/**
 * The database reads each history and run page makes, exactly as the pages make them (same
 * functions, same page sizes), timed in this process: the server's data time per page.
 */
export async function measurePageReads(
  db: Db,
  input: { destinationId: string; problemRunId: string; repeat: number },
): Promise<TimingSummary[]> {
  const { destinationId, problemRunId, repeat } = input;
  const middleRuns = await listRuns(db, { destinationId, pageSize: 100 });
  let deepCursor: string | null = middleRuns.nextCursor;
  for (let i = 0; i < 40 && deepCursor; i += 1)
    deepCursor = (await listRuns(db, { destinationId, cursor: deepCursor, pageSize: 100 })).nextCursor;
  const firstProblems = await listRunProblems(db, problemRunId, { pageSize: 5_000 });
  let deepProblemCursor = firstProblems.nextCursor;
  for (let i = 0; i < 100 && deepProblemCursor; i += 1)
    deepProblemCursor = (await listRunProblems(db, problemRunId, { cursor: deepProblemCursor, pageSize: 5_000 }))
      .nextCursor;

  const results: TimingSummary[] = [];
  results.push(summarise("/runs (all destinations)", await timeIt(repeat, () => listRuns(db, {}))));
  results.push(
    summarise(
      "/runs?destination=… (first page)",
      await timeIt(repeat, async () => {
        await getDestinationHeading(db, destinationId);
        await listRuns(db, { destinationId });
      }),
    ),
  );
  results.push(
    summarise(
      "/runs?destination=… (page 41)",
      await timeIt(repeat, async () => {
        await getDestinationHeading(db, destinationId);
        await listRuns(db, { destinationId, cursor: deepCursor });
      }),
    ),
  );
  const runPage = (cursor: string | null) => async () => {
    await getRun(db, problemRunId);
    await Promise.all([
      groupRunProblems(db, problemRunId),
      listRunProblems(db, problemRunId, { cursor, pageSize: 25 }),
    ]);
  };
  results.push(summarise("/runs/[id] (1M problem rows, first page)", await timeIt(repeat, runPage(null))));
  results.push(
    summarise("/runs/[id] (1M problem rows, row 500,000)", await timeIt(repeat, runPage(deepProblemCursor))),
  );
  return results;
}
