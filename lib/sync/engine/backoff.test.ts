import { describe, expect, test } from "vitest";
import { backoffDelayMs } from "./backoff";

describe("retry backoff", () => {
  test("doubles per attempt with full jitter, capped", () => {
    const top = (attempt: number) => backoffDelayMs(attempt, { baseMs: 100, maxMs: 1_000, random: () => 0.999_999 });
    expect([1, 2, 3, 4, 5].map(top)).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelayMs(3, { baseMs: 100, maxMs: 1_000, random: () => 0 })).toBe(0);
  });

  test("never earlier than X's retry-after", () => {
    expect(
      backoffDelayMs(1, { baseMs: 100, maxMs: 60_000, random: () => 0, retryAt: new Date(5_000), now: 1_000 }),
    ).toBe(4_000);
  });
});
