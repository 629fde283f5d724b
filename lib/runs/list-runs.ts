import type { Db } from "@/lib/db/client";
import { decodeCursor, encodeCursor } from "@/lib/db/keyset-cursor";
import type { Prisma, SyncRunStatus } from "@/lib/generated/prisma/client";
import { runViewSelect, toRunView, type RunView } from "./run-view";

/**
 * Runs newest first, across all destinations or one, keyset-paged on (createdAt, id) so a page
 * costs the same however many runs there are (indexes SyncRun(createdAt, id) and
 * SyncRun(destinationId, createdAt, id)).
 */
export async function listRuns(
  db: Db,
  options: {
    destinationId?: string | null;
    status?: SyncRunStatus | null;
    /** Runs queued at or after this instant, and before `createdBefore`. */
    createdFrom?: Date | null;
    createdBefore?: Date | null;
    cursor?: string | null;
    pageSize?: number;
  } = {},
): Promise<{ runs: RunView[]; nextCursor: string | null }> {
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 25));
  const after = decodeCursor(options.cursor);
  // For one destination, a range on destinationId (the same rows as the equality) and that column
  // first in the order: only SyncRun(destinationId, createdAt, id) then gives the order, so the
  // planner cannot pick a walk of (createdAt, id) that filters out every other destination's runs.
  // A status or a range of days narrows the same walk down the index; a range also bounds it.
  const where: Prisma.SyncRunWhereInput = {
    ...(options.destinationId ? { destinationId: { gte: options.destinationId, lte: options.destinationId } } : {}),
    ...(options.status ? { status: options.status } : {}),
    ...(options.createdFrom || options.createdBefore
      ? {
          AND: [
            {
              createdAt: {
                ...(options.createdFrom ? { gte: options.createdFrom } : {}),
                ...(options.createdBefore ? { lt: options.createdBefore } : {}),
              },
            },
          ],
        }
      : {}),
    ...(after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : {}),
  };
  const rows = await db.syncRun.findMany({
    where,
    orderBy: [
      ...(options.destinationId ? [{ destinationId: "desc" as const }] : []),
      { createdAt: "desc" },
      { id: "desc" },
    ],
    take: pageSize + 1,
    select: runViewSelect,
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const now = new Date();
  return {
    runs: page.map((row) => toRunView(row, now)),
    nextCursor: rows.length > pageSize && last ? encodeCursor(last) : null,
  };
}
