import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { RUN_LOCK_NAMESPACE } from "./create-queued-run";
import { ledgerKeyCount } from "../engine/sent-ledger";
import { confirmNameMatches } from "./confirm-name-matches";

/**
 * Forgets which rows were sent to a destination, so the next run sends every row again (X
 * deduplicates resends of the same conversion_id within 48 hours; older ones count again). Only
 * on purpose: the caller must type the destination's name, no run may be queued or running, and
 * the audit log records who did it and how many rows were forgotten.
 */
export async function resetSentLedger(
  db: Db,
  actor: AuditActor,
  input: { destinationId: string; confirmName: string },
): Promise<{ forgotten: number }> {
  return db.$transaction(async (tx) => {
    // The same lock run creation takes, so a run cannot start half-way through the reset.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RUN_LOCK_NAMESPACE}::int, hashtext(${input.destinationId}))`;
    const destination = await tx.destination.findUnique({ where: { id: input.destinationId }, select: { name: true } });
    if (!destination) throw new AppError("NOT_FOUND", "This destination no longer exists.");
    if (!confirmNameMatches(input.confirmName, destination.name)) {
      throw new AppError("VALIDATION", "Type the destination's name to confirm.", {
        confirmName: [`Type “${destination.name}” to confirm.`],
      });
    }
    const active = await tx.syncRun.count({
      where: { destinationId: input.destinationId, status: { in: ["QUEUED", "RUNNING"] } },
    });
    if (active > 0)
      throw new AppError(
        "CONFLICT",
        "A run of this destination is queued or running. Wait for it to finish, or cancel it, first.",
      );
    const count = await ledgerKeyCount(tx, input.destinationId);
    await tx.sentConversion.deleteMany({ where: { destinationId: input.destinationId } });
    await tx.sentKeyBucket.deleteMany({ where: { destinationId: input.destinationId } });
    await recordAuditEvent(
      tx,
      actor,
      "destination.ledger_reset",
      { type: "Destination", id: input.destinationId },
      { forgotten: count },
    );
    return { forgotten: count };
  });
}
