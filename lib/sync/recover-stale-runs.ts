import type { Db } from "@/lib/db/client";
import { JOBS } from "@/lib/jobs/job-definitions";
import type { JobQueue } from "@/lib/jobs/job-queue";
import { syncJobId } from "@/lib/jobs/sync-job-id";
import { enqueueSyncRun } from "./request-sync-run";

/** A run resumed this many times is given up on: something about it kills workers. */
export const MAX_RUN_ATTEMPTS = 25;

/**
 * Finds runs whose worker died (SIGKILL, a lost machine) and gets them going again. A running
 * run whose heartbeat is older than `staleSeconds` is taken by exactly one caller (the UPDATE
 * refreshes the heartbeat, so a concurrent caller no longer sees it stale), which then has
 * pg-boss retry the dead job: the next worker claims the run and resumes it from the ledger.
 * Queued runs whose job never made it into the queue are enqueued again.
 */
export async function recoverStaleRuns(db: Db, queue: Pick<JobQueue, "send" | "boss">, staleSeconds: number): Promise<{ resumed: string[]; failed: string[] }> {
  const stale = await db.$queryRaw<Array<{ id: string; attempts: number }>>`
    UPDATE "SyncRun" SET "heartbeatAt" = now()
    WHERE status = 'RUNNING' AND "heartbeatAt" < now() - make_interval(secs => ${staleSeconds})
    RETURNING id, attempts`;
  const result = { resumed: [] as string[], failed: [] as string[] };
  const name = JOBS.syncRun.name;
  for (const run of stale) {
    const jobId = syncJobId(run.id);
    const job = await queue.boss.getJobById(name, jobId);
    if (run.attempts >= MAX_RUN_ATTEMPTS || !job || job.state === "completed" || job.state === "cancelled") {
      await db.syncRun.updateMany({
        where: { id: run.id, status: "RUNNING", attempts: run.attempts },
        data: { status: "FAILED", finishedAt: new Date(), error: `The run stopped ${run.attempts} times without finishing (its worker kept dying). Run it again.` },
      });
      result.failed.push(run.id);
      continue;
    }
    if (job.state === "active") await queue.boss.fail(name, jobId, { message: "the worker running it stopped sending heartbeats" });
    else if (job.state === "failed") await queue.boss.retry(name, jobId);
    // "created" or "retry": it is already waiting for a worker (or for its retry delay), so there
    // is nothing to do and nothing to report again at every sweep.
    else continue;
    result.resumed.push(run.id);
  }
  const orphans = await db.syncRun.findMany({
    where: { status: "QUEUED", cancelRequestedAt: null, createdAt: { lt: new Date(Date.now() - 60_000) } },
    select: { id: true },
    take: 100,
  });
  for (const run of orphans) await enqueueSyncRun(db, queue, run.id);
  return result;
}
