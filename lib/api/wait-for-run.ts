import type { Db } from "@/lib/db/client";
import { getRun } from "@/lib/runs/get-run";
import { isActiveStatus, type RunView } from "@/lib/runs/run-view";
import { AppError } from "@/lib/errors";

/**
 * Reads a run until it has finished or `waitMs` has passed (or the caller hung up), then returns
 * it as it stands. It only reads: the worker runs the sync, never the request (conventions.md §8).
 */
export async function waitForRun(
  db: Db,
  runId: string,
  waitMs: number,
  signal?: AbortSignal,
  pollMs = 500,
): Promise<RunView> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const run = await getRun(db, runId);
    if (!run) throw new AppError("NOT_FOUND", "This run no longer exists (was its destination deleted?).");
    const left = deadline - Date.now();
    if (!isActiveStatus(run.status) || left <= 0 || signal?.aborted) return run;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(pollMs, left));
      signal?.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
    });
  }
}
