import type { AuditActor } from "@/lib/audit/record-audit-event";
import { loadDestinationForStep, saveStep, type WizardDeps } from "./load-destination-for-step";

/** Step "preview": nothing to save but the fact that someone looked. */
export async function confirmPreviewStep(
  deps: WizardDeps,
  actor: AuditActor,
  input: { destinationId: string },
): Promise<void> {
  const row = await loadDestinationForStep(deps.db, input.destinationId, "preview");
  await saveStep(deps.db, actor, row, "preview", {}, {});
}
