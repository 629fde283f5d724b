import type { Db } from "@/lib/db/client";
import type { Prisma, SyncTrigger } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";

export interface RunActor {
  id: string;
  email: string;
}

// Namespaces the advisory lock keys of run creation (and ledger resets) from anything else that locks.
export const RUN_LOCK_NAMESPACE = 7_301;

/**
 * Writes a queued run for a destination, unless one is already queued or running: the check and
 * the insert happen under a transaction-scoped advisory lock on the destination, so two clicks
 * (or a click and the scheduler, on any machine) cannot both create one. The caller enqueues the
 * job afterwards.
 */
export async function createQueuedRun(db: Db, input: QueuedRunInput): Promise<{ runId: string }> {
  return db.$transaction((tx) => insertQueuedRun(tx, input));
}

export interface QueuedRunInput {
  destinationId: string;
  trigger: SyncTrigger;
  actor?: RunActor | null;
  /** Read every row, even though the destination reads incrementally ("Full resync"). */
  fullResync?: boolean;
}

/** createQueuedRun inside the caller's transaction (the scheduler advances the schedule in the same one). */
export async function insertQueuedRun(tx: Prisma.TransactionClient, input: QueuedRunInput): Promise<{ runId: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RUN_LOCK_NAMESPACE}::int, hashtext(${input.destinationId}))`;
  const destination = await tx.destination.findUnique({
    where: { id: input.destinationId },
    select: { id: true, name: true, status: true },
  });
  if (!destination) throw new AppError("NOT_FOUND", "This destination no longer exists.");
  if (destination.status === "DRAFT")
    throw new AppError("CONFLICT", `${destination.name} is not set up yet. Finish its setup first.`);
  const active = await tx.syncRun.findFirst({
    where: { destinationId: input.destinationId, status: { in: ["QUEUED", "RUNNING"] } },
    select: { id: true, status: true },
  });
  if (active) {
    throw new AppError(
      "CONFLICT",
      `${destination.name} is already ${active.status === "QUEUED" ? "queued to run" : "running"}. Wait for that run to finish.`,
    );
  }
  const run = await tx.syncRun.create({
    data: {
      destinationId: input.destinationId,
      trigger: input.trigger,
      triggeredById: input.actor?.id ?? null,
      triggeredByEmail: input.actor?.email ?? null,
      fullResync: input.fullResync ?? false,
    },
    select: { id: true },
  });
  return { runId: run.id };
}
