import { describe, expect, test } from "vitest";
import { AccountPacer } from "./account-pacer";

const window = (remaining: number, resetAtMs: number, limit = 6_000) => ({
  source: "x-rate-limit" as const,
  limit,
  remaining,
  resetAt: new Date(resetAtMs),
});

describe("pacing one ad account under X's rate limit", () => {
  test("sends freely until X's headers say the window is spent, counting batches still in flight, then waits for the reset", () => {
    let now = 1_000_000;
    const pacer = new AccountPacer({ eventsPerWindow: null, windowMs: 60_000, now: () => now });
    expect(pacer.waitMs(500)).toBe(0);
    pacer.release(0, window(1_200, now + 60_000));
    expect(pacer.waitMs(500)).toBe(0);
    void pacer.acquire(500);
    void pacer.acquire(500);
    // 1,200 left, 1,000 in flight: a third batch would overshoot.
    expect(pacer.waitMs(500)).toBe(60_050);
    now += 60_001;
    expect(pacer.waitMs(500)).toBe(0);
  });

  test("a 429 pauses every batch of the account until X's retry time, and no longer", () => {
    let now = 0;
    const pacer = new AccountPacer({ eventsPerWindow: null, windowMs: 900_000, now: () => now });
    pacer.release(0, window(50_000, 900_000, 60_000));
    pacer.pauseUntil(new Date(2_000));
    expect(pacer.waitMs(500)).toBe(2_000);
    now = 2_000;
    expect(pacer.waitMs(500)).toBe(0);
  });

  test("a configured ceiling paces before X has answered at all", () => {
    const pacer = new AccountPacer({ eventsPerWindow: 600, windowMs: 60_000, now: () => 0 });
    void pacer.acquire(500);
    expect(pacer.waitMs(500)).toBeGreaterThan(0);
  });

  test("answers arriving out of order keep the smallest remaining of a window", () => {
    const pacer = new AccountPacer({ eventsPerWindow: null, windowMs: 60_000, now: () => 0 });
    pacer.release(0, window(1_000, 60_000));
    pacer.release(0, window(4_000, 60_000));
    void pacer.acquire(500);
    void pacer.acquire(500);
    expect(pacer.waitMs(500)).toBeGreaterThan(0);
  });

  test("X's own window length wins over the one assumed: after a reset, X's next answer sets the budget", () => {
    let now = 0;
    // Configured for X's usual 15 minutes, but this account's windows last 60 s.
    const pacer = new AccountPacer({ eventsPerWindow: null, windowMs: 900_000, now: () => now });
    pacer.release(0, window(0, 60_000));
    expect(pacer.waitMs(500)).toBe(60_050);
    now = 60_050;
    // A new window as far as the pacer can tell: it sends, and X says what is left of it.
    expect(pacer.waitMs(500)).toBe(0);
    pacer.release(0, window(500, 120_000));
    void pacer.acquire(500);
    // Spent: wait for X's reset (120 s), not for the assumed 15 minutes, and not send into a 429.
    expect(pacer.waitMs(500)).toBe(120_000 - now + 50);
    // A late answer about the window that is over changes nothing.
    pacer.release(0, window(5_000, 60_000));
    expect(pacer.waitMs(500)).toBe(120_000 - now + 50);
  });
});
