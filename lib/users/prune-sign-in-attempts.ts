import type { Db } from "../db/client";

/** Sign-in attempts (e-mail typed, client address) are kept this long. Throttling counts failures
 * over the last 15 minutes (SIGN_IN_WINDOW_MS in authenticate.ts) and tells a user's own addresses
 * by their successful sign-ins over the last 30 days (KNOWN_ADDRESS_MS there, which must not
 * exceed this); older rows are only a record for looking into a guessing attack, and personal data
 * not to keep for ever. Not imported from there: the worker runs this, and need not load the
 * sign-in code. */
export const SIGN_IN_ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_BATCH_SIZE = 5_000;

/**
 * Deletes sign-in attempts older than the retention, a batch of ids at a time: a backlog (the
 * first prune of an old installation, or after an attack) is many short deletes rather than one
 * long statement holding row locks and a big transaction. Returns how many rows went.
 */
export async function pruneSignInAttempts(
  db: Pick<Db, "signInAttempt">,
  options: { now?: Date; batchSize?: number } = {},
): Promise<number> {
  const before = new Date((options.now ?? new Date()).getTime() - SIGN_IN_ATTEMPT_RETENTION_MS);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let deleted = 0;
  for (;;) {
    const batch = await db.signInAttempt.findMany({
      where: { createdAt: { lt: before } },
      select: { id: true },
      take: batchSize,
    });
    if (batch.length === 0) return deleted;
    const { count } = await db.signInAttempt.deleteMany({ where: { id: { in: batch.map((row) => row.id) } } });
    deleted += count;
    if (batch.length < batchSize) return deleted;
  }
}
