/**
 * Fixed windows per key (an ad account for conversions, user+route for reads). A window opens
 * with its key's first use and resets `windowMs` later, like X's 15-minute windows whose reset
 * time comes back as epoch seconds in `x-rate-limit-reset`.
 */

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds, as X sends it. */
  resetEpochSeconds: number;
}

interface Window {
  startMs: number;
  used: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    public limit: number,
    private readonly windowMs: number,
  ) {}

  /** Whether `cost` more units fit in the current window, without using them. */
  check(key: string, cost: number, nowMs: number): { allowed: boolean; state: RateLimitState } {
    const window = this.current(key, nowMs);
    return { allowed: window.used + cost <= this.limit, state: this.describe(window) };
  }

  consume(key: string, cost: number, nowMs: number): RateLimitState {
    const window = this.current(key, nowMs);
    window.used += cost;
    return this.describe(window);
  }

  clear(): void {
    this.windows.clear();
  }

  private current(key: string, nowMs: number): Window {
    let window = this.windows.get(key);
    if (!window || nowMs >= window.startMs + this.windowMs) {
      window = { startMs: nowMs, used: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  private describe(window: Window): RateLimitState {
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.used),
      resetEpochSeconds: Math.ceil((window.startMs + this.windowMs) / 1000),
    };
  }
}

export function rateLimitHeaders(prefix: "x-rate-limit" | "x-account-rate-limit", state: RateLimitState) {
  return {
    [`${prefix}-limit`]: String(state.limit),
    [`${prefix}-remaining`]: String(state.remaining),
    [`${prefix}-reset`]: String(state.resetEpochSeconds),
  };
}
