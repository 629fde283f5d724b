import type { Db } from "@/lib/db/client";
import { suggestCursorColumns } from "@/lib/sources/incremental-read";
import { parseSourceColumns } from "@/lib/sources/source-columns";
import type { SourceColumn } from "@/lib/sources/types";

/** The columns of a destination's source that can be an incremental cursor, from the columns
 * saved with the source (no connection), best guesses first. */
export async function loadCursorChoices(db: Db, sourceId: string | null): Promise<SourceColumn[]> {
  if (!sourceId) return [];
  const source = await db.source.findUnique({ where: { id: sourceId }, select: { columns: true } });
  return source ? suggestCursorColumns(parseSourceColumns(source.columns)) : [];
}
