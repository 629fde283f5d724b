import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { truncateText } from "@/lib/validation/storable-text";
import { computeNextRunAt, scheduleOf } from "./schedule";

const target = (id: string) => ({ type: "destination", id });

/** Step zero of the wizard: a named draft that the steps fill in. */
export async function createDestinationDraft(
  db: Db,
  actor: AuditActor,
  input: { name: string; sourceId?: string },
): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const source = input.sourceId
      ? await tx.source.findUnique({ where: { id: input.sourceId }, select: { id: true, name: true } })
      : null;
    if (input.sourceId && !source)
      throw new AppError("VALIDATION", "That source no longer exists; create the destination without it.");
    const destination = await tx.destination.create({
      data: { name: input.name, status: "DRAFT", createdById: actor.id, sourceId: source?.id ?? null },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      actor,
      "destination.created",
      target(destination.id),
      source ? { name: input.name, source: source.name } : { name: input.name },
    );
    return destination;
  });
}

/**
 * A copy of the configuration (connection, account, pixel, event, source, mapping, schedule) as a
 * new draft, so it is checked and saved before it ever runs. Runs and the sent-ledger are not
 * copied: the copy is a new destination that has sent nothing.
 */
export async function duplicateDestination(
  db: Db,
  actor: AuditActor,
  id: string,
): Promise<{ id: string; name: string }> {
  const original = await db.destination.findUnique({ where: { id } });
  if (!original) throw new AppError("NOT_FOUND", "That destination no longer exists.");
  const name = truncateText(`Copy of ${original.name}`, 100);
  return db.$transaction(async (tx) => {
    const copy = await tx.destination.create({
      data: {
        name,
        status: "DRAFT",
        // Everything is filled in; the person confirms the preview and the schedule again.
        wizardStep: original.mapping === null ? original.wizardStep : "mapping",
        connectionId: original.connectionId,
        adAccountId: original.adAccountId,
        adAccountName: original.adAccountName,
        pixelId: original.pixelId,
        eventId: original.eventId,
        sourceId: original.sourceId,
        mapping: original.mapping ?? Prisma.DbNull,
        scheduleKind: original.scheduleKind,
        scheduleIntervalMinutes: original.scheduleIntervalMinutes,
        scheduleDailyAt: original.scheduleDailyAt,
        scheduleCron: original.scheduleCron,
        scheduleTimeZone: original.scheduleTimeZone,
        alertWebhookSealed: original.alertWebhookSealed,
        alertWebhookHint: original.alertWebhookHint,
        alertEmails: original.alertEmails,
        alertRejectedShare: original.alertRejectedShare,
        createdById: actor.id,
      },
      select: { id: true, name: true },
    });
    await recordAuditEvent(tx, actor, "destination.duplicated", target(copy.id), { from: id, name });
    return copy;
  });
}

/** Pausing stops the schedule (nothing is due while paused); resuming schedules from now. */
export async function setDestinationPaused(
  db: Db,
  actor: AuditActor,
  id: string,
  paused: boolean,
  now = new Date(),
): Promise<{ name: string; status: "ACTIVE" | "PAUSED" }> {
  return db.$transaction(async (tx) => {
    const destination = await tx.destination.findUnique({ where: { id } });
    if (!destination) throw new AppError("NOT_FOUND", "That destination no longer exists.");
    if (destination.status === "DRAFT")
      throw new AppError("CONFLICT", "Finish setting up this destination before pausing or resuming it.");
    const status = paused ? "PAUSED" : "ACTIVE";
    if (destination.status === status) return { name: destination.name, status };
    await tx.destination.update({
      where: { id },
      data: { status, nextRunAt: paused ? null : computeNextRunAt(scheduleOf(destination), now) },
    });
    await recordAuditEvent(tx, actor, paused ? "destination.paused" : "destination.resumed", target(id), {
      name: destination.name,
    });
    return { name: destination.name, status };
  });
}

/** Deleting removes the destination with its run history and sent-ledger; a run in progress must finish or be cancelled first. */
export async function deleteDestination(db: Db, actor: AuditActor, id: string): Promise<{ name: string }> {
  return db.$transaction(async (tx) => {
    const destination = await tx.destination.findUnique({ where: { id }, select: { name: true } });
    if (!destination) throw new AppError("NOT_FOUND", "That destination no longer exists.");
    const active = await tx.syncRun.count({ where: { destinationId: id, status: { in: ["QUEUED", "RUNNING"] } } });
    if (active > 0)
      throw new AppError(
        "CONFLICT",
        "A sync of this destination is queued or running. Cancel it or let it finish, then delete.",
      );
    await tx.destination.delete({ where: { id } });
    await recordAuditEvent(tx, actor, "destination.deleted", target(id), { name: destination.name });
    return destination;
  });
}
