import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { RunLease } from "../lifecycle/run-lease";

/**
 * The sent-ledger of a destination: the key of every row X accepted. Insert-only from a sync's
 * point of view; keys leave it only when an owner resets it on purpose. It has two parts:
 *  - SentConversion, a row per key with the run that sent it, written while a run sends;
 *  - SentKeyBucket, where compactLedger moves the keys of finished runs: 80 bits of each key's
 *    SHA-256 (sluice_ledger_key in the compact_ledger migration), grouped by the first 16 into
 *    arrays, about 16 bytes a key on disk at a million keys where the row per key took 160.
 *
 * A key found in the ledger means one of two things for the run reading it:
 *  - `carried`: this run sent it in an earlier attempt that crashed, so it still counts as sent
 *    (only SentConversion can say so, which is why an active run's keys stay there);
 *  - `sent_this_attempt`: this attempt sent it for an earlier row, so this row repeats its key;
 *  - `already_sent`: an earlier run sent it.
 */
export type LedgerState = "carried" | "sent_this_attempt" | "already_sent";

export async function lookUpLedger(
  db: Db,
  lease: Pick<RunLease, "destinationId" | "runId" | "claimedAt">,
  keys: readonly string[],
): Promise<Map<string, LedgerState>> {
  const found = new Map<string, LedgerState>();
  if (keys.length === 0) return found;
  // Joins on the unnested keys, not `"rowKey" = ANY(...)`: with the destination's ledger growing
  // during the run (and its statistics behind), the planner read `= ANY` as "scan the whole
  // destination, then filter", 286 ms per chunk at 500k rows; this is one index probe per key.
  // A bucket holds ~150 digests at ten million keys, so `= ANY` over one is a short scan.
  const { buckets, digests } = ledgerDigests(keys);
  // Each key probes its one bucket through the primary key (LATERAL … LIMIT 1 keeps the planner
  // from hashing every bucket of the destination instead: 80 MB at ten million keys).
  // `carried` is true for this run's earlier attempts, false for this attempt, null for other runs.
  const rows = await db.$queryRaw<Array<{ rowKey: string; carried: boolean | null }>>`
    SELECT k."rowKey", NULL::boolean AS carried
    FROM unnest(${[...keys]}::text[], ${buckets}::int[], ${digests}::text[]::int8[]) AS k("rowKey", bucket, digest)
    CROSS JOIN LATERAL (
      SELECT 1 FROM "SentKeyBucket" b
      WHERE b."destinationId" = ${lease.destinationId} AND b.bucket = k.bucket AND k.digest = ANY(b.digests)
      LIMIT 1
    ) AS found
    UNION ALL
    SELECT s."rowKey", CASE WHEN s."runId" = ${lease.runId} THEN s."sentAt" < ${lease.claimedAt}::timestamp(3) END AS carried
    FROM unnest(${[...keys]}::text[]) AS k("rowKey")
    JOIN "SentConversion" s ON s."destinationId" = ${lease.destinationId} AND s."rowKey" = k."rowKey"`;
  // A key in both parts (resent in the moment between a crash and its compaction) is whatever
  // SentConversion says, which comes last.
  for (const row of rows)
    found.set(row.rowKey, row.carried === null ? "already_sent" : row.carried ? "carried" : "sent_this_attempt");
  return found;
}

/**
 * Each key's place in SentKeyBucket, as the migration's sluice_ledger_key function computes it
 * in SQL (compactLedger uses that one): the SHA-256 of its UTF-8, whose first 16 bits are the
 * bucket and the next 64 (as a signed bigint, in decimal) the digest. Computed here for lookups,
 * where the function, which PostgreSQL does not inline, cost 8 µs a key.
 */
export function ledgerDigests(keys: readonly string[]): { buckets: number[]; digests: string[] } {
  const buckets = new Array<number>(keys.length);
  const digests = new Array<string>(keys.length);
  for (let i = 0; i < keys.length; i += 1) {
    const hash = createHash("sha256").update(keys[i]!, "utf8").digest();
    buckets[i] = hash.readUInt16BE(0);
    digests[i] = hash.readBigInt64BE(2).toString();
  }
  return { buckets, digests };
}

/** Which of these keys the destination's ledger holds (for checks and tests; a run uses lookUpLedger). */
export async function keysInLedger(db: Db, destinationId: string, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // In slices, so a check of a whole large source is many ordinary lookups, not one huge one.
  for (let start = 0; start < keys.length; start += 10_000) {
    const slice = keys.slice(start, start + 10_000);
    for (const key of (
      await lookUpLedger(db, { destinationId, runId: "", claimedAt: "1970-01-01 00:00:00" }, slice)
    ).keys())
      found.add(key);
  }
  return found;
}

/** Whether the destination's ledger holds any key at all. */
export async function ledgerHasKeys(db: Db, destinationId: string): Promise<boolean> {
  const rows = await db.$queryRaw<Array<{ found: boolean }>>`
    SELECT EXISTS (SELECT 1 FROM "SentConversion" WHERE "destinationId" = ${destinationId})
        OR EXISTS (SELECT 1 FROM "SentKeyBucket" WHERE "destinationId" = ${destinationId}) AS found`;
  return rows[0]?.found ?? true;
}

/** How many keys the destination's ledger holds (both parts). */
export async function ledgerKeyCount(db: Pick<Db, "$queryRaw">, destinationId: string): Promise<number> {
  const rows = await db.$queryRaw<Array<{ keys: bigint }>>`
    SELECT (SELECT count(*) FROM "SentConversion" WHERE "destinationId" = ${destinationId})
         + (SELECT coalesce(sum(cardinality(digests)), 0) FROM "SentKeyBucket" WHERE "destinationId" = ${destinationId}) AS keys`;
  return Number(rows[0]?.keys ?? 0);
}

/**
 * Moves the keys of the destination's runs that are no longer queued or running from
 * SentConversion into its buckets, in one statement (all or nothing). Called when a run finishes;
 * anything a failed call leaves behind is moved by the next one. A digest already in its bucket
 * is not added twice. Returns how many keys moved.
 */
export async function compactLedger(db: Db, destinationId: string): Promise<number> {
  const rows = await db.$queryRaw<Array<{ moved: bigint }>>`
    WITH moved AS (
      DELETE FROM "SentConversion" s
      WHERE s."destinationId" = ${destinationId}
        AND NOT EXISTS (SELECT 1 FROM "SyncRun" r WHERE r.id = s."runId" AND r.status IN ('QUEUED', 'RUNNING'))
      RETURNING s."rowKey"
    ), grouped AS (
      SELECT l.bucket, array_agg(DISTINCT l.digest) AS digests, count(*) AS keys
      FROM moved CROSS JOIN LATERAL sluice_ledger_key(moved."rowKey") AS l
      GROUP BY l.bucket
    ), written AS (
      INSERT INTO "SentKeyBucket" ("destinationId", bucket, digests)
      SELECT ${destinationId}, bucket, digests FROM grouped
      ON CONFLICT ("destinationId", bucket) DO UPDATE
      SET digests = "SentKeyBucket".digests || ARRAY(SELECT unnest(EXCLUDED.digests) EXCEPT SELECT unnest("SentKeyBucket".digests))
    )
    SELECT coalesce(sum(keys), 0) AS moved FROM grouped`;
  return Number(rows[0]?.moved ?? 0);
}

/**
 * Records what X accepted. A key already there (a resend after a crash) is left as it was. The
 * destination row is locked (FOR KEY SHARE, as a foreign key would, but once per statement
 * rather than once per row): a destination deleted meanwhile takes its ledger with it, and one
 * deleted before gets no rows.
 */
export async function recordSent(db: Db, lease: RunLease, rowKeys: readonly string[]): Promise<void> {
  if (rowKeys.length === 0) return;
  await db.$executeRaw`
    WITH destination AS (SELECT id FROM "Destination" WHERE id = ${lease.destinationId} FOR KEY SHARE)
    INSERT INTO "SentConversion" ("destinationId", "rowKey", "runId")
    SELECT destination.id, k, ${lease.runId}
    FROM destination, unnest(${[...rowKeys]}::text[]) AS k
    ON CONFLICT ("destinationId", "rowKey") DO NOTHING`;
}
