import type { Prisma, SyncRunStatus, SyncTrigger } from "@/lib/generated/prisma/client";

/** A run as pages, the progress API and the CLI show it: plain JSON, nothing secret. */
export interface RunView {
  id: string;
  destinationId: string;
  destinationName: string;
  status: SyncRunStatus;
  trigger: SyncTrigger;
  triggeredByEmail: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Running time so far (still running) or in all (finished); null before it starts. */
  durationMs: number | null;
  cancelRequested: boolean;
  attempts: number;
  rowsTotalEstimate: number | null;
  counts: RunCountsView;
  requests: number;
  retries: number;
  rateLimited: number;
  debugIds: string[];
  error: string | null;
  /** What the run read: every row, or an incremental window of a cursor column. */
  reads:
    | { kind: "all" }
    | { kind: "first" | "resync"; column: string; watermarkAfter: string | null }
    | { kind: "window"; column: string; from: string; watermarkAfter: string | null };
}

export interface RunCountsView {
  read: number;
  alreadySent: number;
  /** Newly invalid: listed as problem rows. */
  invalid: number;
  /** Invalid for the same reasons as in an earlier run: summarised, not listed again. */
  stillInvalid: number;
  rejected: number;
  /** Repeating the conversion_id of an earlier row of the run: not sent (X keeps the first). */
  duplicate: number;
  sent: number;
  failed: number;
}

export const runViewSelect = {
  id: true,
  destinationId: true,
  destination: { select: { name: true } },
  status: true,
  trigger: true,
  triggeredByEmail: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  cancelRequestedAt: true,
  attempts: true,
  rowsTotalEstimate: true,
  rowsRead: true,
  rowsAlreadySent: true,
  rowsInvalid: true,
  rowsStillInvalid: true,
  rowsRejected: true,
  rowsDuplicate: true,
  rowsSent: true,
  rowsFailed: true,
  requests: true,
  retries: true,
  rateLimited: true,
  debugIds: true,
  error: true,
  fullResync: true,
  readColumn: true,
  readFrom: true,
  watermarkAfter: true,
} satisfies Prisma.SyncRunSelect;

export type RunViewRow = Prisma.SyncRunGetPayload<{ select: typeof runViewSelect }>;

export function toRunView(row: RunViewRow, now: Date = new Date()): RunView {
  const end = row.finishedAt ?? (row.status === "RUNNING" ? now : null);
  return {
    id: row.id,
    destinationId: row.destinationId,
    destinationName: row.destination.name,
    status: row.status,
    trigger: row.trigger,
    triggeredByEmail: row.triggeredByEmail,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationMs: row.startedAt && end ? Math.max(0, end.getTime() - row.startedAt.getTime()) : null,
    cancelRequested: row.cancelRequestedAt !== null,
    attempts: row.attempts,
    rowsTotalEstimate: row.rowsTotalEstimate,
    counts: {
      read: row.rowsRead,
      alreadySent: row.rowsAlreadySent,
      invalid: row.rowsInvalid,
      stillInvalid: row.rowsStillInvalid,
      rejected: row.rowsRejected,
      duplicate: row.rowsDuplicate,
      sent: row.rowsSent,
      failed: row.rowsFailed,
    },
    requests: row.requests,
    retries: row.retries,
    rateLimited: row.rateLimited,
    debugIds: row.debugIds,
    error: row.error,
    reads: readsOf(row),
  };
}

function readsOf(row: Pick<RunViewRow, "fullResync" | "readColumn" | "readFrom" | "watermarkAfter">): RunView["reads"] {
  if (!row.readColumn) return { kind: "all" };
  if (row.readFrom !== null)
    return { kind: "window", column: row.readColumn, from: row.readFrom, watermarkAfter: row.watermarkAfter };
  return { kind: row.fullResync ? "resync" : "first", column: row.readColumn, watermarkAfter: row.watermarkAfter };
}

export function isActiveStatus(status: SyncRunStatus): boolean {
  return status === "QUEUED" || status === "RUNNING";
}
