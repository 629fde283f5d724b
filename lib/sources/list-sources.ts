import type { Db } from "../db/client";
import { decodeCursor, encodeCursor } from "../db/keyset-cursor";
import { parseSourceColumns } from "./source-columns";

export interface SourceListItem {
  id: string;
  name: string;
  kind: "POSTGRES" | "CSV";
  /** Where it reads from, safe to show: the redacted connection string's host and database, or
   * the file name. */
  origin: string | null;
  columnCount: number;
  columnsCheckedAt: string | null;
  destinationCount: number;
  createdAt: string;
}

/** Sources for the list page, newest first, keyset-paged on (createdAt, id). */
export async function listSources(db: Db, options: { cursor?: string | null; pageSize?: number } = {}) {
  const pageSize = options.pageSize ?? 50;
  const after = decodeCursor(options.cursor);
  const rows = await db.source.findMany({
    where: after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    // Never the sealed connection string: only what the page shows.
    select: {
      id: true,
      name: true,
      kind: true,
      connectionStringRedacted: true,
      columns: true,
      columnsCheckedAt: true,
      createdAt: true,
      csvFile: { select: { filename: true } },
      _count: { select: { destinations: true } },
    },
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    sources: page.map<SourceListItem>((row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      origin: row.kind === "CSV" ? (row.csvFile?.filename ?? null) : describeConnection(row.connectionStringRedacted),
      columnCount: parseSourceColumns(row.columns).length,
      columnsCheckedAt: row.columnsCheckedAt?.toISOString() ?? null,
      destinationCount: row._count.destinations,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: rows.length > pageSize && last ? encodeCursor(last) : null,
    /** When the list was read, so the page can say "checked 3 minutes ago" from one fixed time. */
    readAt: Date.now(),
  };
}

/** "host:port/database" from a redacted connection string, for a compact list. */
export function describeConnection(redacted: string | null): string | null {
  if (!redacted) return null;
  try {
    const url = new URL(redacted);
    return `${url.host}${url.pathname}`;
  } catch {
    return redacted;
  }
}
