import type { Db } from "@/lib/db/client";
import type { SourceKind } from "@/lib/generated/prisma/client";
import { parseSourceColumns } from "@/lib/sources/source-columns";

export interface SourceChoice {
  id: string;
  name: string;
  kind: SourceKind;
  columnCount: number;
  /** "orders.csv" for a CSV source; nothing secret (no connection string, not even redacted). */
  detail: string | null;
}

/** The sources a destination can read, for the wizard's source step. */
export async function listSourceChoices(db: Db): Promise<SourceChoice[]> {
  const rows = await db.source.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: { id: true, name: true, kind: true, columns: true, csvFile: { select: { filename: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    columnCount: parseSourceColumns(row.columns).length,
    detail: row.csvFile?.filename ?? null,
  }));
}
