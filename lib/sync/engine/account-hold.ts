import type { Db } from "@/lib/db/client";
import { sleep } from "./backoff";

/** What a worker last knew of an ad account's budget under X's rate limit. */
export interface AccountBudget {
  remaining: number;
  limit: number;
  resetAt: Date;
}

/**
 * Which worker paces an ad account now. X's rate limit is per account, and a worker's pacer
 * knows only what its own requests taught it, so two workers sending to one account would
 * both spend the whole budget and collect 429s. One worker holds an account at a time (a row
 * in PacingHold, renewed while it sends, taken over once it lapses); the others' runs on that
 * account wait without a work slot. A worker letting go leaves the budget it last saw, so the
 * next holder paces from it instead of learning it again from 429s.
 */
export class AccountHolds {
  constructor(
    private readonly db: Db,
    private readonly workerId: string,
    /** A hold not renewed for this long is free for another worker (a dead holder's). */
    private readonly ttlMs: number,
    private readonly pollMs = 1_000,
  ) {}

  /** Takes the account, waiting while another worker holds it. Null when `signal` aborted first. */
  async take(pacingKey: string, signal?: AbortSignal): Promise<{ budget: AccountBudget | null } | null> {
    for (;;) {
      if (signal?.aborted) return null;
      const taken = await this.tryTake(pacingKey);
      if (taken) return taken;
      if (!(await sleep(this.pollMs, signal))) return null;
    }
  }

  /** One attempt: the hold is free, lapsed, or already this worker's. */
  async tryTake(pacingKey: string): Promise<{ budget: AccountBudget | null } | null> {
    // The reset time travels as epoch milliseconds, so no session time zone can shift it.
    const rows = await this.db.$queryRaw<
      Array<{ remaining: number | null; limit: number | null; resetAtMs: number | null }>
    >`
      INSERT INTO "PacingHold" ("pacingKey", "workerId", "heldUntil")
      VALUES (${pacingKey}, ${this.workerId}, now() + make_interval(secs => ${this.ttlMs / 1000}))
      ON CONFLICT ("pacingKey") DO UPDATE SET "workerId" = EXCLUDED."workerId", "heldUntil" = EXCLUDED."heldUntil"
      WHERE "PacingHold"."heldUntil" < now() OR "PacingHold"."workerId" = EXCLUDED."workerId"
      RETURNING "remaining", "limit", (extract(epoch FROM "resetAt" AT TIME ZONE 'UTC') * 1000)::float8 AS "resetAtMs"`;
    const row = rows[0];
    if (!row) return null;
    const budget =
      row.remaining !== null && row.limit !== null && row.resetAtMs !== null
        ? { remaining: row.remaining, limit: row.limit, resetAt: new Date(row.resetAtMs) }
        : null;
    return { budget };
  }

  /** Renews this worker's holds; returns the accounts it still holds (a stalled worker may
   * have lost one to another worker). */
  async renew(pacingKeys: readonly string[]): Promise<Set<string>> {
    if (pacingKeys.length === 0) return new Set();
    const rows = await this.db.$queryRaw<Array<{ pacingKey: string }>>`
      UPDATE "PacingHold" SET "heldUntil" = now() + make_interval(secs => ${this.ttlMs / 1000})
      WHERE "workerId" = ${this.workerId} AND "pacingKey" = ANY(${[...pacingKeys]}::text[])
      RETURNING "pacingKey"`;
    return new Set(rows.map((row) => row.pacingKey));
  }

  /** Lets go of the account, leaving what this worker knew of its budget. */
  async release(pacingKey: string, budget: AccountBudget | null): Promise<void> {
    await this.db.$executeRaw`
      UPDATE "PacingHold" SET "heldUntil" = now() - interval '1 millisecond',
        "remaining" = ${budget?.remaining ?? null}::int, "limit" = ${budget?.limit ?? null}::int, "resetAt" = to_timestamp(${budget ? budget.resetAt.getTime() / 1000 : null}::float8) AT TIME ZONE 'UTC'
      WHERE "pacingKey" = ${pacingKey} AND "workerId" = ${this.workerId}`;
  }
}
