import type { Db } from "@/lib/db/client";
import {
  earlierCursor,
  laterCursor,
  latestSettledNow,
  windowStart,
  type IncrementalRead,
} from "@/lib/sources/incremental-read";
import type { ChunkCursor } from "./classify-chunk";
import type { SyncTarget } from "./load-sync-target";
import type { RunLease } from "../lifecycle/run-lease";
import { SyncConfigError } from "../sync-errors";

/** What one run reads of an incremental destination, and where it may move the watermark. */
export interface ReadWindow {
  /** The window to read, or null to read every row (not incremental, the first run, a full resync). */
  read: IncrementalRead | null;
  /** Takes in a chunk's cursor values as they are settled. */
  observe(cursor: ChunkCursor | null): void;
  /** After a run that settled every row it read: the watermark moves up to the highest cursor
   * value read (never down, never past the present, and not if the cursor column changed
   * meanwhile). Returns where it moved to, or null. */
  advance(tx: Pick<Db, "destination">): Promise<string | null>;
}

/**
 * The window a run reads: from the destination's watermark (less the lookback) unless the run is
 * a full resync or no complete run has set one yet. Recorded on the run, so its page says what
 * it read. The ledger still guards the overlap the lookback reads again.
 */
export async function startWindow(db: Db, lease: RunLease, target: SyncTarget): Promise<ReadWindow> {
  const incremental = target.incremental;
  if (!incremental) return { read: null, observe: () => undefined, advance: async () => null };
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: lease.runId }, select: { fullResync: true } });
  const read: IncrementalRead | null =
    incremental.watermark !== null && !run.fullResync
      ? {
          column: incremental.column,
          type: incremental.type,
          from: incremental.watermark,
          lookback: incremental.lookback,
        }
      : null;
  await db.syncRun.update({
    where: { id: lease.runId },
    data: {
      readColumn: incremental.column,
      readFrom: read ? (windowStart(read) ?? `${read.from} less ${read.lookback}`) : null,
    },
  });

  let highest: string | null = null;
  let unreadable = false;
  return {
    read,
    observe(cursor) {
      if (!cursor) return;
      if (cursor.columnMissing) {
        throw new SyncConfigError(
          `The source's query no longer returns the cursor column “${incremental.column}”. Choose another column for incremental reads in the destination's schedule step, or read every row.`,
        );
      }
      unreadable ||= cursor.unreadable;
      highest = laterCursor(incremental.type, highest, cursor.highest);
    },
    async advance(tx) {
      if (unreadable || highest === null) return null;
      // Never past the present: one row stamped in the future (a bad import, a skewed clock)
      // would otherwise hide every row written until then. Rows past the cap are read again,
      // which the ledger makes harmless.
      const next = laterCursor(
        incremental.type,
        incremental.watermark,
        earlierCursor(incremental.type, highest, latestSettledNow(incremental.type, new Date())),
      );
      if (next === null || next === incremental.watermark) return null;
      // Guarded by what was read at the start: a column changed (and its watermark reset) during
      // the run keeps the change.
      const moved = await tx.destination.updateMany({
        where: { id: target.destinationId, incrementalColumn: incremental.column, watermark: incremental.watermark },
        data: { watermark: next, watermarkAt: new Date() },
      });
      return moved.count > 0 ? next : null;
    },
  };
}
