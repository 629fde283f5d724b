import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * Asks a run to stop. A queued run is cancelled at once; a running one sees the request at its
 * next heartbeat, lets the batches on their way to X finish, sends nothing more and ends as
 * cancelled. Rows it did not get to are sent by the next run.
 */
export async function cancelSyncRun(
  db: Db,
  actor: AuditActor,
  runId: string,
): Promise<{ status: "CANCELLED" | "CANCELLING" }> {
  const now = new Date();
  const queued = await db.syncRun.updateMany({
    where: { id: runId, status: "QUEUED" },
    data: { status: "CANCELLED", cancelRequestedAt: now, finishedAt: now },
  });
  let status: "CANCELLED" | "CANCELLING" = "CANCELLED";
  if (queued.count === 0) {
    const running = await db.syncRun.updateMany({
      where: { id: runId, status: "RUNNING" },
      data: { cancelRequestedAt: now },
    });
    if (running.count === 0) {
      const run = await db.syncRun.findUnique({ where: { id: runId }, select: { status: true } });
      if (!run) throw new AppError("NOT_FOUND", "This run no longer exists.");
      throw new AppError("CONFLICT", "This run has already finished.");
    }
    status = "CANCELLING";
  }
  await recordAuditEvent(db, actor, "run.cancel", { type: "SyncRun", id: runId });
  return { status };
}
