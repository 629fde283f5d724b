import type { AuditActor } from "@/lib/audit/record-audit-event";
import { missingColumns, parseMappingSpec } from "@/lib/conversions";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { parseSourceColumns } from "@/lib/sources/source-columns";
import { loadDestinationForStep, saveStep, type WizardDeps } from "./load-destination-for-step";

/** Step "source". A mapping made for another source is kept only if every column it reads is
 * known to exist in the new one; otherwise the mapping step starts from suggestions again. */
export async function saveSourceStep(
  deps: WizardDeps,
  actor: AuditActor,
  input: { destinationId: string; sourceId: string },
): Promise<void> {
  const row = await loadDestinationForStep(deps.db, input.destinationId, "source");
  const source = await deps.db.source.findUnique({
    where: { id: input.sourceId },
    select: { id: true, name: true, columns: true },
  });
  if (!source)
    throw new AppError("VALIDATION", "That source no longer exists.", { sourceId: ["That source no longer exists."] });
  let clearMapping = false;
  if (row.sourceId !== source.id && row.mapping !== null) {
    const parsed = parseMappingSpec(row.mapping);
    const columns = parseSourceColumns(source.columns).map((column) => column.name);
    clearMapping = !parsed.ok || columns.length === 0 || missingColumns(parsed.spec, columns).length > 0;
  }
  await saveStep(
    deps.db,
    actor,
    row,
    "source",
    { sourceId: source.id, ...(clearMapping ? { mapping: Prisma.DbNull } : {}) },
    { source: source.name },
  );
}
