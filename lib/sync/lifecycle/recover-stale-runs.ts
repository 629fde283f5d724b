import type { Db } from "@/lib/db/client";
import { JOBS } from "@/lib/jobs/job-definitions";
import type { JobQueue } from "@/lib/jobs/job-queue";
import { syncJobId } from "@/lib/jobs/sync-job-id";
import { enqueueSyncRun } from "./request-sync-run";

/**
 * A run whose worker died this many times is given up on: something in it kills workers (a row
 * too big for the worker's memory, say), and resuming it would only kill the next one.
 */
export const MAX_WORKER_DEATHS = 3;

/** A run started this many times without finishing (hand-overs, errors, deaths) is given up on. */
export const MAX_RUN_ATTEMPTS = 25;

export interface RecoveredRuns {
  /** Runs whose dead worker's job was handed back to the queue, to be resumed. */
  resumed: string[];
  /** Runs given up on, with the reason they now show. */
  failed: Array<{ id: string; error: string }>;
}

/**
 * Finds runs whose worker died (SIGKILL, out of memory, a lost machine) and gets them going
 * again. A running run whose heartbeat is older than `staleSeconds` is taken by exactly one
 * caller (the UPDATE refreshes the heartbeat, so a concurrent caller no longer sees it stale).
 *
 * If its job is still active, the worker holding it died mid-attempt: that is a death of the
 * run's current attempt, counted once. Below MAX_WORKER_DEATHS pg-boss is told the job failed,
 * so it is retried and the next worker resumes the run from the ledger; at the limit the run
 * fails and its job is cancelled, so no worker takes it again. A worker that stops gracefully
 * hands its run back by failing the job itself (it is then waiting to be retried, not active),
 * and a job retried after an error is not active either: neither counts as a death.
 *
 * Queued runs whose job never made it into the queue are enqueued again.
 */
export async function recoverStaleRuns(
  db: Db,
  queue: Pick<JobQueue, "send" | "boss">,
  staleSeconds: number,
): Promise<RecoveredRuns> {
  // SKIP LOCKED: a run another sweeper is taking right now is that sweeper's; once it commits,
  // the refreshed heartbeat is no longer stale.
  const stale = await db.$queryRaw<
    Array<{ id: string; attempts: number; workerDeaths: number; lastDeathAttempt: number; lastHeartbeatAt: Date }>
  >`
    WITH stale AS (
      SELECT id, "heartbeatAt" FROM "SyncRun"
      WHERE status = 'RUNNING' AND "heartbeatAt" < now() - make_interval(secs => ${staleSeconds})
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "SyncRun" run SET "heartbeatAt" = now()
    FROM stale WHERE run.id = stale.id
    RETURNING run.id, run.attempts, run."workerDeaths", run."lastDeathAttempt", stale."heartbeatAt" AS "lastHeartbeatAt"`;
  const result: RecoveredRuns = { resumed: [], failed: [] };
  const name = JOBS.syncRun.name;
  for (const run of stale) {
    const jobId = syncJobId(run.id);
    const job = await queue.boss.getJobById(name, jobId);
    const jobIsOver = !job || job.state === "completed" || job.state === "cancelled";
    // Only a job a worker still holds: a job waiting for its retry was handed back (a graceful
    // stop, an error), or its worker's death was counted already.
    const died = job?.state === "active" && run.lastDeathAttempt < run.attempts;
    const deaths = run.workerDeaths + (died ? 1 : 0);
    let error: string | null = null;
    if (died && deaths >= MAX_WORKER_DEATHS) error = crashLoopError(deaths, run.lastHeartbeatAt);
    else if (run.attempts >= MAX_RUN_ATTEMPTS)
      error = `The run was started ${run.attempts} times without finishing; Sluice stopped retrying it. Run it again.`;
    else if (jobIsOver) error = "The run stopped without finishing and could not be resumed. Run it again.";
    if (error !== null) {
      // The guard (same attempt, still running) makes this a no-op if a worker took the run meanwhile.
      const updated = await db.syncRun.updateMany({
        where: { id: run.id, status: "RUNNING", attempts: run.attempts },
        data: {
          status: "FAILED",
          finishedAt: new Date(),
          error,
          ...(died ? { workerDeaths: deaths, lastDeathAttempt: run.attempts } : {}),
        },
      });
      if (updated.count === 0) continue;
      // Never picked up again: a pending or held job would otherwise be retried (by pg-boss after
      // its expiry) only for the worker to find the run finished.
      if (!jobIsOver) await queue.boss.cancel(name, jobId);
      result.failed.push({ id: run.id, error });
      continue;
    }
    if (job?.state === "active") {
      if (died) {
        const counted = await db.syncRun.updateMany({
          where: { id: run.id, status: "RUNNING", attempts: run.attempts, lastDeathAttempt: { lt: run.attempts } },
          data: { workerDeaths: deaths, lastDeathAttempt: run.attempts },
        });
        if (counted.count === 0) continue;
      }
      // Not died: its death was counted, then a worker took the retried job and has not claimed
      // the run yet, or died before it could. Either way the job goes back to the queue.
      await queue.boss.fail(name, jobId, { message: "the worker running it stopped sending heartbeats" });
    } else if (job?.state === "failed") await queue.boss.retry(name, jobId);
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

/** What a run that kept killing its workers says on its page. */
export function crashLoopError(deaths: number, lastAt: Date): string {
  const when = `${lastAt.toISOString().slice(0, 19).replace("T", " ")} UTC`;
  return (
    `The worker running this sync stopped unexpectedly ${deaths} times (last at ${when}), for example from running out of memory on very large rows. ` +
    "Sluice stopped retrying it. Check the source for very large rows, then run it again."
  );
}
