import type { RateLimitInfo } from "@/lib/x-ads/index";
import type { AccountBudget } from "./account-hold";
import { sleep } from "./backoff";

/** What a run's batches need of their account's pacing (BatchDelivery). */
export interface Pacer {
  /** Waits for room for `events`, then reserves it. False when the signal aborted first. */
  acquire(events: number, signal?: AbortSignal): Promise<boolean>;
  release(events: number, rateLimit: RateLimitInfo | null): void;
  pauseUntil(retryAt: Date): void;
}

/**
 * Paces the conversions sent to one ad account under X's rate limit, which counts events per
 * account per window (x-ads-api.md §1.8). The budget comes from the last response's
 * `x-rate-limit-remaining/reset`; events already in flight are reserved against it, so concurrent
 * batches never overshoot. When the budget is spent, senders wait for the reset instead of
 * collecting 429s; a 429 that still happens (another machine, another app) pauses the account
 * until the time X gave. Before X has answered once, an optional configured ceiling stands in.
 */
export class AccountPacer implements Pacer {
  private remaining: number | null;
  /** X's whole-window allowance, from `x-rate-limit-limit`. */
  private limit: number | null;
  private resetAtMs: number;
  private inFlight = 0;
  private pausedUntilMs = 0;

  constructor(
    private readonly options: { eventsPerWindow: number | null; windowMs: number; now?: () => number } = {
      eventsPerWindow: null,
      windowMs: 900_000,
    },
  ) {
    this.remaining = options.eventsPerWindow;
    this.limit = options.eventsPerWindow;
    this.resetAtMs = this.now() + options.windowMs;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** How long a batch of `events` must wait before it may be sent (0 = now). */
  waitMs(events: number): number {
    const now = this.now();
    if (this.pausedUntilMs > now) return this.pausedUntilMs - now;
    if (this.remaining === null) return 0;
    if (now >= this.resetAtMs) {
      // A new window: the whole allowance again (as far as we know until X answers).
      this.remaining = this.limit;
      this.resetAtMs = now + this.options.windowMs;
      return 0;
    }
    if (this.remaining - this.inFlight >= events) return 0;
    // A batch larger than a whole window's allowance would otherwise wait forever: it goes alone
    // at the start of a window, and X decides.
    if (this.inFlight === 0 && this.limit !== null && events > this.limit && this.remaining === this.limit) return 0;
    return this.resetAtMs - now + 50;
  }

  /** Waits for room for `events`, then reserves it. Returns false when the signal aborted first. */
  async acquire(events: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const wait = this.waitMs(events);
      if (wait === 0) {
        this.inFlight += events;
        return true;
      }
      // Re-check at least every few seconds: another batch's answer may bring a new window.
      if (!(await sleep(Math.min(wait, 5_000), signal))) return false;
    }
  }

  /** The batch's answer arrived: release its reservation and learn X's current budget. */
  release(events: number, rateLimit: RateLimitInfo | null): void {
    this.inFlight = Math.max(0, this.inFlight - events);
    if (!rateLimit) return;
    const resetAtMs = rateLimit.resetAt.getTime();
    this.limit = rateLimit.limit;
    if (this.remaining === null || resetAtMs > this.resetAtMs + 1_000) {
      this.remaining = rateLimit.remaining;
      this.resetAtMs = resetAtMs;
    } else if (Math.abs(resetAtMs - this.resetAtMs) <= 1_000) {
      // Answers can arrive out of order: the smallest remaining in a window is the truest.
      this.remaining = Math.min(this.remaining, rateLimit.remaining);
      this.resetAtMs = Math.max(this.resetAtMs, resetAtMs);
    } else if (resetAtMs > this.now()) {
      // X's window ends sooner than the one we assumed when ours ran out (its length is X's to
      // say, not ours): X's word wins. An answer about a window already over is simply late.
      this.remaining = rateLimit.remaining;
      this.resetAtMs = resetAtMs;
    }
  }

  /** What X last said of the budget (for the next worker to pace this account), or null. */
  budget(): AccountBudget | null {
    if (this.remaining === null || this.limit === null) return null;
    return {
      remaining: Math.max(0, this.remaining - this.inFlight),
      limit: this.limit,
      resetAt: new Date(this.resetAtMs),
    };
  }

  /** Starts from what another worker knew of the budget, if its window is not over. */
  learn(budget: AccountBudget | null): void {
    if (!budget || budget.resetAt.getTime() <= this.now()) return;
    this.limit = budget.limit;
    this.remaining = this.remaining === null ? budget.remaining : Math.min(this.remaining, budget.remaining);
    this.resetAtMs = budget.resetAt.getTime();
  }

  /** X said 429: nobody sends to this account before `retryAt`. */
  pauseUntil(retryAt: Date): void {
    // Only a pause: what is left after it comes with X's next answer.
    this.pausedUntilMs = Math.max(this.pausedUntilMs, retryAt.getTime());
  }
}
