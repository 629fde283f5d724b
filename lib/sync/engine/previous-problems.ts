import type { Db } from "@/lib/db/client";
import type { PreparedChunk } from "./classify-chunk";
import type { RunLease } from "../lifecycle/run-lease";

/**
 * The invalid rows earlier runs of a destination listed, looked up a chunk at a time by row key,
 * so a row that is invalid again for the same reasons is counted as "still invalid" instead of
 * being reported as new every time a schedule re-reads it.
 *
 * The runs compared with: the destination's last run that read its whole source, and the runs
 * whose listed rows that run found still invalid (its SyncStillInvalidGroup). Rows still invalid
 * are never written again, so without the second part a third run would find nothing to compare
 * its long-standing invalid rows with. Those earlier runs drop out once none of their rows is
 * still invalid, so the list stays short.
 */
export class PreviousProblems {
  private constructor(
    private readonly db: Db,
    /** Most recent first: a key listed by several of them takes its reasons from the latest. */
    private readonly runIds: readonly string[],
  ) {}

  /** Null when the destination has no earlier run to compare with (its first run). */
  static async load(db: Db, lease: RunLease): Promise<PreviousProblems | null> {
    const previous = await db.syncRun.findFirst({
      where: { destinationId: lease.destinationId, id: { not: lease.runId }, readWholeSource: true },
      orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    if (!previous) return null;
    const since = await db.syncStillInvalidGroup.findMany({
      where: { runId: previous.id },
      distinct: ["sinceRunId"],
      select: { sinceRunId: true },
    });
    // Runs deleted since are simply gone: their rows are reported as new once more.
    const earlier =
      since.length === 0
        ? []
        : await db.syncRun.findMany({
            where: {
              id: { in: since.map((group) => group.sinceRunId), not: previous.id },
              destinationId: lease.destinationId,
            },
            orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
            select: { id: true },
          });
    return new PreviousProblems(db, [previous.id, ...earlier.map((run) => run.id)]);
  }

  /**
   * Marks the chunk's invalid rows that one of the compared runs listed under the same key with
   * every one of the same reason codes (`stillInvalidSince`: that run). Rows without a key cannot
   * be recognised and stay new; a row with a reason it did not have before is new as a whole.
   * `storedKey` turns a row key into the form problem rows store it in (ProblemBuffer.keyAsStored).
   */
  async mark(prepared: PreparedChunk, storedKey: (rowKey: string) => string | null): Promise<PreparedChunk> {
    const candidates: Array<{ outcome: Extract<PreparedChunk["outcomes"][number], { kind: "invalid" }>; key: string }> =
      [];
    for (const outcome of prepared.outcomes) {
      if (outcome.kind !== "invalid" || outcome.rowKey === null || outcome.reasons.length === 0) continue;
      const key = storedKey(outcome.rowKey);
      if (key !== null) candidates.push({ outcome, key });
    }
    if (candidates.length === 0) return prepared;

    const keys = [...new Set(candidates.map((candidate) => candidate.key))];
    // Index SyncProblem(runId, rowKey): a few index probes per key, never a whole run's problems.
    const rows = await this.db.$queryRaw<Array<{ runId: string; rowKey: string; code: string }>>`
      SELECT "runId", "rowKey", code FROM "SyncProblem"
      WHERE "runId" = ANY(${this.runIds}::text[]) AND "rowKey" = ANY(${keys}::text[]) AND kind = 'INVALID'`;
    const rank = new Map(this.runIds.map((id, index) => [id, index]));
    const listed = new Map<string, { runId: string; rank: number; codes: Set<string> }>();
    for (const row of rows) {
      const rowRank = rank.get(row.runId) ?? Number.MAX_SAFE_INTEGER;
      const known = listed.get(row.rowKey);
      if (!known || rowRank < known.rank)
        listed.set(row.rowKey, { runId: row.runId, rank: rowRank, codes: new Set([row.code]) });
      else if (rowRank === known.rank) known.codes.add(row.code);
    }
    for (const { outcome, key } of candidates) {
      const known = listed.get(key);
      if (known && outcome.reasons.every((reason) => known.codes.has(reason.code)))
        outcome.stillInvalidSince = known.runId;
    }
    return prepared;
  }
}
