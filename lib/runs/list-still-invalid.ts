import type { Db } from "@/lib/db/client";
import type { SyncProblemKind } from "@/lib/generated/prisma/client";

export interface StillInvalidView {
  /** The earlier run whose problem rows list these rows. */
  sinceRunId: string;
  /** When that run started; null when it has been deleted since (no link then). */
  sinceRunAt: string | null;
  /** Reasons, most common first (a row can have more than one). */
  reasons: Array<{ kind: SyncProblemKind; code: string; count: number }>;
}

/** A run's rows still invalid as in earlier runs, by the run that listed them (newest first):
 * a few rows of SyncStillInvalidGroup, however many rows they stand for. */
export async function listStillInvalid(db: Db, runId: string): Promise<StillInvalidView[]> {
  const groups = await db.syncStillInvalidGroup.findMany({
    where: { runId },
    orderBy: [{ count: "desc" }, { code: "asc" }],
    select: { sinceRunId: true, kind: true, code: true, count: true },
  });
  if (groups.length === 0) return [];
  const runs = await db.syncRun.findMany({
    where: { id: { in: [...new Set(groups.map((group) => group.sinceRunId))] } },
    select: { id: true, startedAt: true, createdAt: true },
  });
  const startedAt = new Map(runs.map((run) => [run.id, (run.startedAt ?? run.createdAt).toISOString()]));
  const bySince = new Map<string, StillInvalidView>();
  for (const group of groups) {
    let view = bySince.get(group.sinceRunId);
    if (!view) {
      view = { sinceRunId: group.sinceRunId, sinceRunAt: startedAt.get(group.sinceRunId) ?? null, reasons: [] };
      bySince.set(group.sinceRunId, view);
    }
    view.reasons.push({ kind: group.kind, code: group.code, count: group.count });
  }
  return [...bySince.values()].sort((a, b) => (b.sinceRunAt ?? "").localeCompare(a.sinceRunAt ?? ""));
}
