import type pg from "pg";
import type { Db } from "@/lib/db/client";
import type { RunLease } from "./run-lease";

/**
 * The sent-ledger of a destination (SentConversion): the key of every row X accepted. Insert-only
 * from a sync's point of view; rows leave it only when an owner resets it on purpose.
 *
 * A key found in the ledger means one of two things for the run reading it:
 *  - `carried`: this run sent it in an earlier attempt that crashed, so it still counts as sent;
 *  - `already_sent`: an earlier run sent it (or this attempt did, for a duplicated source row).
 */
export type LedgerState = "carried" | "already_sent";

export async function lookUpLedger(db: Db, lease: RunLease, keys: readonly string[]): Promise<Map<string, LedgerState>> {
  const found = new Map<string, LedgerState>();
  if (keys.length === 0) return found;
  // A join on the unnested keys, not `"rowKey" = ANY(...)`: with the destination's ledger growing
  // during the run (and its statistics behind), the planner read `= ANY` as "scan the whole
  // destination, then filter", 286 ms per chunk at 500k rows; this is one index probe per key.
  const rows = await db.$queryRaw<Array<{ rowKey: string; carried: boolean }>>`
    SELECT s."rowKey", (s."runId" = ${lease.runId} AND s."sentAt" < ${lease.claimedAt}::timestamp(3)) AS carried
    FROM unnest(${[...keys]}::text[]) AS k("rowKey")
    JOIN "SentConversion" s ON s."destinationId" = ${lease.destinationId} AND s."rowKey" = k."rowKey"`;
  for (const row of rows) found.set(row.rowKey, row.carried ? "carried" : "already_sent");
  return found;
}

/** Whether the destination's ledger holds any key at all. */
export async function ledgerHasKeys(db: Db, destinationId: string): Promise<boolean> {
  const rows = await db.$queryRaw<Array<{ found: boolean }>>`SELECT EXISTS (SELECT 1 FROM "SentConversion" WHERE "destinationId" = ${destinationId}) AS found`;
  return rows[0]?.found ?? true;
}

// The statements that record keys: $1 destination, $2 run, $3 the keys. RECORD_SENT for Prisma and
// as the pool's fallback; INSERT_SENT, without ON CONFLICT, only on the pool (pooledLedgerWriter).
const INSERT_SENT = `
  WITH destination AS (SELECT id FROM "Destination" WHERE id = $1 FOR KEY SHARE)
  INSERT INTO "SentConversion" ("destinationId", "rowKey", "runId")
  SELECT destination.id, k, $2
  FROM destination, unnest($3::text[]) AS k`;
const RECORD_SENT = `${INSERT_SENT}
  ON CONFLICT ("destinationId", "rowKey") DO NOTHING`;

/**
 * Records what X accepted. A key already there (a resend after a crash) is left as it was. The
 * destination row is locked (FOR KEY SHARE, as a foreign key would, but once per statement
 * rather than once per row): a destination deleted meanwhile takes its ledger with it, and one
 * deleted before gets no rows.
 *
 * Always with ON CONFLICT: it may run inside a caller's transaction, which a failed statement
 * would abort (pooledLedgerWriter, which never does, tries a plain INSERT first).
 */
export async function recordSent(db: Db, lease: RunLease, rowKeys: readonly string[]): Promise<void> {
  if (rowKeys.length === 0) return;
  // A fixed statement with bound parameters ("Unsafe" only because it is not a tagged template).
  await db.$executeRawUnsafe(RECORD_SENT, lease.destinationId, lease.runId, [...rowKeys]);
}

/** Writes accepted keys to the ledger (recordSent, or pooledLedgerWriter on a pool of its own). */
export type LedgerWriter = (lease: RunLease, rowKeys: readonly string[]) => Promise<void>;

/**
 * recordSent's statement, prepared once on a node-postgres pool of the worker's own. A sync makes
 * one of these per batch of 500 (2,000 for a million rows), and Prisma's raw-query path costs
 * about twice the CPU of the statement itself (600 batches: 0.7–1.1 CPU-s through Prisma, 0.35
 * on the pool), on the thread that also reads the source and talks to X.
 *
 * It first tries a plain INSERT, and only when that meets a key already there (a batch resent
 * after a crash: the statement fails whole and inserts nothing) the ON CONFLICT one. ON CONFLICT
 * probes the index once more per key before inserting: 400,000 keys in batches of 500 cost the
 * server 1.6–1.8 CPU-s that way and 0.8–0.95 plainly (2026-12-02), and the server shares the
 * machine with the sync. Each statement runs alone on a pooled connection, outside any
 * transaction, so a failed one leaves nothing behind.
 */
export function pooledLedgerWriter(pool: pg.Pool): LedgerWriter {
  return async (lease, rowKeys) => {
    if (rowKeys.length === 0) return;
    const values = [lease.destinationId, lease.runId, rowKeys];
    try {
      await pool.query({ name: "sluice-insert-sent", text: INSERT_SENT, values });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await pool.query({ name: "sluice-record-sent", text: RECORD_SENT, values });
    }
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}
