import type { Db } from "@/lib/db/client";
import type { JobQueue } from "@/lib/jobs/job-queue";
import { syncJobId } from "@/lib/jobs/sync-job-id";
import { createQueuedRun, type QueuedRunInput } from "./create-queued-run";

/**
 * "Run sync now" for the app, the CLI and the scheduler alike: write a queued run (refused while
 * one is queued or running) and enqueue its job. It never runs the sync itself; a worker does.
 */
export async function requestSyncRun(
  db: Db,
  queue: Pick<JobQueue, "send">,
  input: QueuedRunInput,
): Promise<{ runId: string }> {
  const { runId } = await createQueuedRun(db, input);
  await enqueueSyncRun(db, queue, runId);
  return { runId };
}

export async function enqueueSyncRun(db: Db, queue: Pick<JobQueue, "send">, runId: string): Promise<void> {
  try {
    await queue.send("syncRun", { runId }, { id: syncJobId(runId) });
  } catch (error) {
    // Without its job the run would wait forever; say so on the run instead.
    await db.syncRun.updateMany({
      where: { id: runId, status: "QUEUED" },
      data: {
        status: "FAILED",
        finishedAt: new Date(),
        error: "The run could not be queued (the job queue was unreachable). Try again.",
      },
    });
    throw error;
  }
}
