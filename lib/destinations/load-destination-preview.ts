import type { MappingSpec } from "@/lib/conversions";
import type { Db } from "@/lib/db/client";
import { buildPreview, type Preview } from "./build-preview";
import { readSourceSample } from "./read-source-sample";

export interface DestinationPreview extends Preview {
  sourceProblems: Array<{ rowNumber?: number; message: string }>;
}

/** The preview for a saved destination: its source's first rows through its saved mapping. */
export async function loadDestinationPreview(
  db: Db,
  destination: { sourceId: string; mapping: MappingSpec; eventId: string | null; pixelId: string | null },
): Promise<DestinationPreview> {
  const sample = await readSourceSample(db, destination.sourceId);
  const preview = buildPreview(
    destination.mapping,
    { eventId: destination.eventId, pixelId: destination.pixelId },
    sample.rows,
    sample.columns.map((column) => column.name),
  );
  return {
    ...preview,
    sourceProblems: sample.problems.map((problem) => ({ rowNumber: problem.rowNumber, message: problem.message })),
  };
}
