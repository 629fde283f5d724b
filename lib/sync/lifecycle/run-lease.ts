import type { Db } from "@/lib/db/client";
import { SyncRunStatus } from "@/lib/generated/prisma/client";

/**
 * A worker's hold on a run. `attempts` is the fencing token: claiming a run increments it, and
 * every later write of that worker says `WHERE attempts = <mine>`, so a worker that was presumed
 * dead (and replaced) can no longer change the run it lost.
 */
export interface RunLease {
  runId: string;
  destinationId: string;
  attempt: number;
  /** The database's clock at the claim, as `timestamp(3)` text: ledger rows of this run older
   * than this were sent by an earlier attempt (a crash), and still count as sent by this run. */
  claimedAt: string;
  /** Cumulative over attempts: these count what really happened on the wire. */
  requests: number;
  retries: number;
  rateLimited: number;
  debugIds: string[];
  /** The row counts an earlier attempt of this run had written (zero for a first attempt). */
  carried: RowCounts;
}

export type ClaimResult =
  { kind: "claimed"; lease: RunLease } | { kind: "not_claimable"; status: SyncRunStatus | null };

const FINAL_STATUSES: readonly SyncRunStatus[] = [
  SyncRunStatus.SUCCEEDED,
  SyncRunStatus.UP_TO_DATE,
  SyncRunStatus.PARTIAL,
  SyncRunStatus.FAILED,
  SyncRunStatus.CANCELLED,
];

export function isFinalStatus(status: SyncRunStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/**
 * Takes a queued run, or a running one whose worker died, for this worker. The attempt counts its
 * rows afresh (the source is read again from the top and the ledger says what was already sent),
 * while the counts an earlier attempt wrote stay as they are, as `carried`: what the page shows
 * never goes back (shownCounts). The request counters and X's debug ids carry on, since those
 * requests really were made. A run whose cancel was asked while no worker held it ends as
 * cancelled here.
 */
export async function claimRun(db: Db, runId: string): Promise<ClaimResult> {
  const rows = await db.$queryRaw<Array<Omit<RunLease, "runId" | "carried"> & RowCounts>>`
    UPDATE "SyncRun"
    SET status = 'RUNNING', attempts = attempts + 1, "heartbeatAt" = now(), "startedAt" = COALESCE("startedAt", now()), error = NULL
    WHERE id = ${runId} AND status IN ('QUEUED', 'RUNNING') AND "cancelRequestedAt" IS NULL
    RETURNING "destinationId", attempts AS attempt, CURRENT_TIMESTAMP::timestamp(3)::text AS "claimedAt",
              requests, retries, "rateLimited", COALESCE("debugIds", '{}') AS "debugIds",
              "rowsRead", "rowsAlreadySent", "rowsInvalid", "rowsStillInvalid", "rowsRejected", "rowsDuplicate", "rowsSent", "rowsFailed"`;
  const row = rows[0];
  if (row) {
    // Problems of an interrupted attempt are found again as the rows are read again.
    if (row.attempt > 1) {
      await db.$transaction([
        db.syncProblem.deleteMany({ where: { runId } }),
        db.syncProblemGroup.deleteMany({ where: { runId } }),
        db.syncStillInvalidGroup.deleteMany({ where: { runId } }),
      ]);
    }
    const { destinationId, attempt, claimedAt, requests, retries, rateLimited, debugIds } = row;
    const carried = Object.fromEntries(ROW_COUNTS.map((key) => [key, row[key]])) as RowCounts;
    return {
      kind: "claimed",
      lease: { runId, destinationId, attempt, claimedAt, requests, retries, rateLimited, debugIds, carried },
    };
  }
  const cancelled = await db.syncRun.updateMany({
    where: {
      id: runId,
      status: { in: [SyncRunStatus.QUEUED, SyncRunStatus.RUNNING] },
      cancelRequestedAt: { not: null },
    },
    data: { status: SyncRunStatus.CANCELLED, finishedAt: new Date() },
  });
  if (cancelled.count > 0) return { kind: "not_claimable", status: SyncRunStatus.CANCELLED };
  const run = await db.syncRun.findUnique({ where: { id: runId }, select: { status: true } });
  return { kind: "not_claimable", status: run?.status ?? null };
}

export interface RunCounts {
  rowsRead: number;
  rowsAlreadySent: number;
  /** Invalid, and not for the same reasons in the previous run: listed as problem rows. */
  rowsInvalid: number;
  /** Invalid for the same reasons as in an earlier run: summarised, not listed again. */
  rowsStillInvalid: number;
  rowsRejected: number;
  /** Repeating the conversion_id of an earlier row of this run: not sent (X keeps the first). */
  rowsDuplicate: number;
  rowsSent: number;
  rowsFailed: number;
  requests: number;
  retries: number;
  rateLimited: number;
}

export const ROW_COUNTS = [
  "rowsRead",
  "rowsAlreadySent",
  "rowsInvalid",
  "rowsStillInvalid",
  "rowsRejected",
  "rowsDuplicate",
  "rowsSent",
  "rowsFailed",
] as const;
export type RowCounts = Pick<RunCounts, (typeof ROW_COUNTS)[number]>;

export const MAX_DEBUG_IDS = 100;

/**
 * The counts to write while an attempt that resumed a run reads the source again from the top:
 * each no lower than an earlier attempt had written, so the run page's numbers and progress bar
 * never go back. The larger of the two, never their sum: rows an earlier attempt sent are counted
 * again (as sent) when re-read, so nothing is counted twice. Once the attempt has read every row,
 * its own counts are complete and exact (finishRun).
 */
export function shownCounts(lease: Pick<RunLease, "carried">, counts: RunCounts): RunCounts {
  const shown = { ...counts };
  for (const key of ROW_COUNTS) shown[key] = Math.max(counts[key], lease.carried[key]);
  return shown;
}

/**
 * Writes progress and (unless `heartbeat: false`) the heartbeat. Returns null when the lease is
 * lost (another worker took the run over), else whether a cancel was asked. The heartbeat is the
 * timer's alone: writes for other reasons (a request counted before it is sent) leave it, so a
 * dead worker's run goes stale as soon after its death as it would without them.
 */
export async function writeProgress(
  db: Db,
  lease: RunLease,
  counts: RunCounts,
  extra: { rowsTotalEstimate?: number | null; heartbeat?: boolean } = {},
): Promise<{ cancelRequested: boolean } | null> {
  counts = shownCounts(lease, counts);
  const rows = await db.$queryRaw<Array<{ cancelRequested: boolean }>>`
    UPDATE "SyncRun"
    SET "rowsRead" = ${counts.rowsRead}, "rowsAlreadySent" = ${counts.rowsAlreadySent}, "rowsInvalid" = ${counts.rowsInvalid},
        "rowsStillInvalid" = ${counts.rowsStillInvalid}, "rowsDuplicate" = ${counts.rowsDuplicate},
        "rowsRejected" = ${counts.rowsRejected}, "rowsSent" = ${counts.rowsSent}, "rowsFailed" = ${counts.rowsFailed},
        requests = ${counts.requests}, retries = ${counts.retries}, "rateLimited" = ${counts.rateLimited},
        "debugIds" = ${lease.debugIds.slice(-MAX_DEBUG_IDS)}::text[],
        "rowsTotalEstimate" = COALESCE(${extra.rowsTotalEstimate ?? null}::int, "rowsTotalEstimate"),
        "heartbeatAt" = CASE WHEN ${extra.heartbeat ?? true}::boolean THEN now() ELSE "heartbeatAt" END
    WHERE id = ${lease.runId} AND attempts = ${lease.attempt} AND status = 'RUNNING'
    RETURNING "cancelRequestedAt" IS NOT NULL AS "cancelRequested"`;
  return rows[0] ?? null;
}

/** The last write of an attempt; false when the lease was lost meanwhile. A run that did not read
 * every row again (cancelled, failed) keeps what earlier attempts counted, as while it ran. */
export async function finishRun(
  db: Pick<Db, "syncRun">,
  lease: RunLease,
  counts: RunCounts,
  outcome: { status: SyncRunStatus; error: string | null; readWholeSource?: boolean; watermarkAfter?: string | null },
): Promise<boolean> {
  const result = await db.syncRun.updateMany({
    where: { id: lease.runId, attempts: lease.attempt, status: SyncRunStatus.RUNNING },
    data: {
      ...(outcome.readWholeSource ? counts : shownCounts(lease, counts)),
      debugIds: lease.debugIds.slice(-MAX_DEBUG_IDS),
      status: outcome.status,
      error: outcome.error,
      readWholeSource: outcome.readWholeSource ?? false,
      ...(outcome.watermarkAfter ? { watermarkAfter: outcome.watermarkAfter } : {}),
      finishedAt: new Date(),
      heartbeatAt: new Date(),
    },
  });
  return result.count > 0;
}
