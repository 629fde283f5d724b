import type { RateLimitInfo } from "@/lib/x-ads/index";
import type { AccountHolds } from "./account-hold";
import { AccountPacer, type Pacer } from "./account-pacer";
import type { SyncSettings } from "../sync-settings";

/** A run's pacer for its account, until the run `leave`s. */
export interface PacerLease extends Pacer {
  leave(): Promise<void>;
}

interface Account {
  pacer: AccountPacer;
  runs: number;
  /** Whether this worker holds the account (always, without `holds`). */
  held: boolean;
  taking: Promise<boolean> | null;
}

/**
 * One pacer per ad account for the whole worker process, shared by every run sending to it:
 * X's limit is per account, whichever run spends it. With `holds`, the worker takes the account
 * from other workers before sending (account-hold.ts). An account no run uses is forgotten, so a
 * long-lived worker does not grow.
 */
export class PacerRegistry {
  private readonly accounts = new Map<string, Account>();

  constructor(
    private readonly settings: Pick<SyncSettings, "eventsPerWindow" | "rateWindowMs">,
    private readonly options: { holds?: AccountHolds | null } = {},
  ) {}

  /** The pacer a run uses for `pacingKey`. */
  join(pacingKey: string): PacerLease {
    let account = this.accounts.get(pacingKey);
    if (!account) {
      account = {
        pacer: new AccountPacer({
          eventsPerWindow: this.settings.eventsPerWindow,
          windowMs: this.settings.rateWindowMs,
        }),
        runs: 0,
        held: !this.options.holds,
        taking: null,
      };
      this.accounts.set(pacingKey, account);
    }
    account.runs += 1;
    const joined = account;
    let left = false;
    return {
      acquire: async (events: number, signal?: AbortSignal) => {
        // The take is shared with the account's other runs and may end with another run's
        // cancel: only this run's own signal ends this run's wait.
        while (!joined.held) {
          if (signal?.aborted) return false;
          await this.take(pacingKey, joined, signal);
        }
        return joined.pacer.acquire(events, signal);
      },
      release: (events: number, rateLimit: RateLimitInfo | null) => joined.pacer.release(events, rateLimit),
      pauseUntil: (retryAt: Date) => joined.pacer.pauseUntil(retryAt),
      leave: async () => {
        if (left) return;
        left = true;
        joined.runs -= 1;
        // With holds, what is known of the budget goes to the database with the hold, and the
        // account is forgotten here; without, the pacer stays for the process' next run.
        if (joined.runs > 0 || !this.options.holds) return;
        this.accounts.delete(pacingKey);
        // A failed release only means the hold lapses on its own, a few seconds later.
        if (joined.held) await this.options.holds.release(pacingKey, joined.pacer.budget()).catch(() => undefined);
      },
    };
  }

  /** Accounts paced here now. */
  get size(): number {
    return this.accounts.size;
  }

  /** Renews this worker's holds; an account lost to another worker is taken again before the
   * next send. */
  async renewHolds(): Promise<void> {
    const holds = this.options.holds;
    if (!holds) return;
    const held = [...this.accounts].filter(([, account]) => account.held).map(([key]) => key);
    const kept = await holds.renew(held);
    for (const key of held) {
      const account = this.accounts.get(key);
      if (account && !kept.has(key)) account.held = false;
    }
  }

  /** One take per account at a time, shared by the runs waiting for it. */
  private take(pacingKey: string, account: Account, signal?: AbortSignal): Promise<boolean> {
    const holds = this.options.holds;
    if (!holds) return Promise.resolve(true);
    account.taking ??= holds
      .take(pacingKey, signal)
      .then((taken) => {
        if (!taken) return false;
        account.pacer.learn(taken.budget);
        account.held = true;
        return true;
      })
      .finally(() => {
        account.taking = null;
      });
    return account.taking;
  }
}

/** Pacers for runs outside a worker (tests, the CLI): one per account, no holds, no slots. */
export function createPacerRegistry(
  settings: Pick<SyncSettings, "eventsPerWindow" | "rateWindowMs">,
): (pacingKey: string) => PacerLease {
  const registry = new PacerRegistry(settings);
  return (pacingKey) => registry.join(pacingKey);
}
