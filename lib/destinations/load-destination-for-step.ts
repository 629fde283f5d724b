import type { AuditActor } from "@/lib/audit/record-audit-event";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { XApp } from "@/lib/connections/x-app";
import type { HostResolver } from "@/lib/alerts/webhook-target";
import { AppError } from "@/lib/errors";
import { progressOf } from "./destination-view";
import { furthestStep, wizardStepStates, WIZARD_STEPS, type WizardStepKey } from "./wizard-steps";

export interface WizardDeps {
  db: Db;
  box: SecretBox;
  app: XApp;
  now?: () => Date;
  /** Alert webhooks may point at private addresses (SLUICE_ALERT_WEBHOOKS_PRIVATE). */
  allowPrivateWebhooks?: boolean;
  /** Looks up a webhook's host name when it is saved; the system's DNS unless given. */
  resolveHost?: HostResolver;
}

/**
 * The destination a step is saved on, refused unless every earlier step is complete: the server
 * enforces the order, whatever a browser sends.
 */
export async function loadDestinationForStep(db: Db, id: string, step: WizardStepKey) {
  const row = await db.destination.findUnique({
    where: { id },
    include: { connection: { select: { id: true, kind: true, revokedAt: true, pixelId: true, label: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", "That destination no longer exists.");
  const states = wizardStepStates(progressOf(row));
  if (!states.find((state) => state.key === step)?.reachable) {
    const first = states.find((state) => !state.complete);
    const title = WIZARD_STEPS.find((s) => s.key === first?.key)?.title ?? "the earlier steps";
    throw new AppError("CONFLICT", `Finish “${title}” first.`);
  }
  return row;
}

export type StepDestination = Awaited<ReturnType<typeof loadDestinationForStep>>;

/** Saves a step's data, moves the furthest step forward and records who changed what. */
export async function saveStep(
  db: Db,
  actor: AuditActor,
  row: StepDestination,
  step: WizardStepKey,
  data: Prisma.DestinationUncheckedUpdateInput,
  details: Prisma.InputJsonObject,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.destination.update({
      where: { id: row.id },
      data: { ...data, wizardStep: furthestStep(row.wizardStep, step) },
    });
    await recordAuditEvent(
      tx,
      actor,
      "destination.step_saved",
      { type: "destination", id: row.id },
      { step, ...details },
    );
  });
}
