import type { Db } from "@/lib/db/client";
import { decodeCursor, encodeCursor } from "@/lib/db/keyset-cursor";
import { destinationViewSelect, toDestinationView, type DestinationView } from "./destination-view";

export async function getDestinationView(db: Db, id: string): Promise<DestinationView | null> {
  const row = await db.destination.findUnique({ where: { id }, select: destinationViewSelect });
  return row ? toDestinationView(row) : null;
}

/** Newest first, keyset-paged on (createdAt, id) (conventions.md §9). */
export async function listDestinations(
  db: Db,
  options: { cursor?: string | null; pageSize?: number } = {},
): Promise<{ destinations: DestinationView[]; nextCursor: string | null }> {
  const pageSize = options.pageSize ?? 25;
  const after = decodeCursor(options.cursor);
  const rows = await db.destination.findMany({
    where: after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: destinationViewSelect,
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    destinations: page.map(toDestinationView),
    nextCursor: rows.length > pageSize && last ? encodeCursor(last) : null,
  };
}
