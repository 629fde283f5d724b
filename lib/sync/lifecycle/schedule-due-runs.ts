import type { Db } from "@/lib/db/client";
import { computeNextRunAt, scheduleOf } from "@/lib/destinations/schedule";
import type { JobQueue } from "@/lib/jobs/job-queue";
import { AppError } from "@/lib/errors";
import { insertQueuedRun } from "./create-queued-run";
import { enqueueSyncRun } from "./request-sync-run";

interface DueDestination {
  id: string;
  scheduleKind: "MANUAL" | "INTERVAL" | "DAILY" | "CRON";
  scheduleIntervalMinutes: number | null;
  scheduleDailyAt: string | null;
  scheduleCron: string | null;
  scheduleTimeZone: string | null;
  nextRunAt: Date;
}

/**
 * The scheduler's tick: queue a run for each active destination whose next run time has come,
 * and move its next run time on. Due rows are locked with SKIP LOCKED and advanced in the same
 * transaction that queues their run, so several workers ticking at once never queue one twice.
 * A destination that is still running when its time comes skips that slot.
 */
export async function scheduleDueRuns(
  db: Db,
  queue: Pick<JobQueue, "send">,
  now: Date = new Date(),
): Promise<{ queued: string[]; skipped: string[] }> {
  const { queued, skipped } = await db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<DueDestination[]>`
      SELECT id, "scheduleKind", "scheduleIntervalMinutes", "scheduleDailyAt", "scheduleCron", "scheduleTimeZone", "nextRunAt"
      FROM "Destination"
      WHERE status = 'ACTIVE' AND "scheduleKind" <> 'MANUAL' AND "nextRunAt" <= ${now}
      ORDER BY "nextRunAt" LIMIT 100
      FOR UPDATE SKIP LOCKED`;
    const result = { queued: [] as string[], skipped: [] as string[] };
    for (const destination of due) {
      const schedule = scheduleOf(destination);
      // Time a run was due, not when it ran, so intervals do not drift; slots missed while no
      // worker was up are skipped rather than run back to back.
      let next = computeNextRunAt(schedule, destination.nextRunAt);
      if (next && next <= now) next = computeNextRunAt(schedule, now);
      await tx.destination.update({ where: { id: destination.id }, data: { nextRunAt: next } });
      try {
        const { runId } = await insertQueuedRun(tx, { destinationId: destination.id, trigger: "SCHEDULE" });
        result.queued.push(runId);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        result.skipped.push(destination.id);
      }
    }
    return result;
  });
  for (const runId of queued) await enqueueSyncRun(db, queue, runId);
  return { queued, skipped };
}
