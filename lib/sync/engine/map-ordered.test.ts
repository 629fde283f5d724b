import { describe, expect, test } from "vitest";
import { mapOrdered } from "./map-ordered";

async function* numbers(count: number, onRead?: (n: number) => void) {
  for (let n = 0; n < count; n += 1) {
    onRead?.(n);
    yield n;
  }
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("mapOrdered", () => {
  test("results come in source order however the work finishes", async () => {
    const out: number[] = [];
    for await (const value of mapOrdered(
      numbers(20),
      async (n) => {
        await later((20 - n) % 7);
        return n * 10;
      },
      4,
    ))
      out.push(value);
    expect(out).toEqual(Array.from({ length: 20 }, (_, n) => n * 10));
  });

  test("never more than `concurrency` items are being worked on", async () => {
    let active = 0;
    let most = 0;
    for await (const _ of mapOrdered(
      numbers(30),
      async (n) => {
        active += 1;
        most = Math.max(most, active);
        await later(n % 3);
        active -= 1;
        return n;
      },
      3,
    ))
      void _;
    expect(most).toBe(3);
  });

  test("an item read ahead is worked on as soon as it arrives, not when the caller comes back", async () => {
    const started: number[] = [];
    const startedWhileBusy: number[][] = [];
    for await (const value of mapOrdered(
      numbers(6),
      async (n) => {
        started.push(n);
        await later(1);
        return n;
      },
      2,
    )) {
      // The caller is slow with each result (X's backpressure, in a sync).
      await later(30);
      startedWhileBusy.push([value, ...started]);
    }
    // While the caller held result 0, items 1 and 2 were being worked on (2 read after 0 finished).
    expect(startedWhileBusy[0]).toEqual([0, 0, 1, 2]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test("a failed read is thrown at its turn, after the results before it", async () => {
    async function* source() {
      yield* numbers(3);
      throw new Error("the source broke");
    }
    const seen: number[] = [];
    await expect(async () => {
      for await (const value of mapOrdered(
        source(),
        async (n) => {
          await later(5);
          return n;
        },
        2,
      ))
        seen.push(value);
    }).rejects.toThrow("the source broke");
    expect(seen).toEqual([0, 1, 2]);
  });

  test("a failure is thrown at its turn, after the results before it, and the source is released", async () => {
    let released = false;
    async function* source() {
      try {
        yield* numbers(10);
      } finally {
        released = true;
      }
    }
    const seen: number[] = [];
    await expect(async () => {
      for await (const value of mapOrdered(
        source(),
        async (n) => {
          if (n === 4) throw new Error("row 4 broke");
          return n;
        },
        3,
      ))
        seen.push(value);
    }).rejects.toThrow("row 4 broke");
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(released).toBe(true);
  });

  test("stopping early reads at most a few items ahead and releases the source", async () => {
    const read: number[] = [];
    let released = false;
    async function* source() {
      try {
        yield* numbers(1_000, (n) => read.push(n));
      } finally {
        released = true;
      }
    }
    for await (const value of mapOrdered(source(), async (n) => n, 2)) if (value === 5) break;
    expect(read.length).toBeLessThanOrEqual(9);
    expect(released).toBe(true);
  });
});
