import type { AuditActor } from "@/lib/audit/record-audit-event";
import type { MappingSpec } from "@/lib/conversions";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { checkMappingAgainstSource } from "./check-mapping-against-source";
import { loadDestinationForStep, saveStep, type WizardDeps } from "./load-destination-for-step";
import { readSourceSample } from "./read-source-sample";

/** Step "mapping": the versioned mapping JSON, checked against the source's actual columns. */
export async function saveMappingStep(
  deps: WizardDeps,
  actor: AuditActor,
  input: { destinationId: string; mapping: MappingSpec },
): Promise<void> {
  const row = await loadDestinationForStep(deps.db, input.destinationId, "mapping");
  const sample = await readSourceSample(deps.db, row.sourceId!, 1);
  const errors = checkMappingAgainstSource(
    input.mapping,
    sample.columns.map((column) => column.name),
  );
  if (Object.keys(errors).length > 0) throw new AppError("VALIDATION", "Some mapping rows need attention.", errors);
  await saveStep(
    deps.db,
    actor,
    row,
    "mapping",
    { mapping: input.mapping as unknown as Prisma.InputJsonObject },
    { mappedFields: Object.keys(input.mapping.fields) },
  );
}
