import { describe, expect, test } from "vitest";
import type { ConversionBatch, ConversionsOutcome } from "@/lib/x-ads/index";
import { AccountPacer } from "./account-pacer";
import { BatchDelivery, type DeliveryListener, type SyncItem } from "./batch-delivery";
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from "../sync-settings";

const accepted: ConversionsOutcome = { kind: "accepted", processed: 0, debugId: "d", rateLimit: null };
const serverError = (retryAfterMs: number): ConversionsOutcome => ({
  kind: "retryable",
  reason: "server_error",
  status: 503,
  retryAt: new Date(Date.now() + retryAfterMs),
  message: "X answered 503",
  debugId: null,
  rateLimit: null,
});

/** Batch `n`: its rows' keys say which batch they belong to. */
const batch = (n: number, size = 2): SyncItem[] =>
  Array.from({ length: size }, (_, i) => ({
    json: new TextEncoder().encode(`{"b":${n}}`),
    rowNumber: n * 100 + i,
    rowKey: `${n}-${i}`,
  }));
const batchOf = (conversions: ConversionBatch) => {
  if (!("serialized" in conversions)) throw new Error("BatchDelivery sends serialised conversions");
  return Number(/"b":(\d+)/.exec(new TextDecoder().decode(conversions.serialized[0]))![1]);
};

/**
 * A stand-in for X's conversions endpoint in memory: `answer` says what batch `n`'s `k`-th
 * request gets, a promise the test may hold back (a stalled request). Records what went on the
 * wire and the most requests on the wire at once.
 */
function fakeX(answer: (n: number, k: number) => ConversionsOutcome | Promise<ConversionsOutcome>) {
  const requests: number[] = [];
  let onWire = 0;
  let maxOnWire = 0;
  return {
    requests,
    get maxOnWire() {
      return maxOnWire;
    },
    send: async (conversions: ConversionBatch) => {
      const n = batchOf(conversions);
      const k = requests.filter((m) => m === n).length;
      requests.push(n);
      onWire += 1;
      maxOnWire = Math.max(maxOnWire, onWire);
      try {
        return await answer(n, k);
      } finally {
        onWire -= 1;
      }
    },
  };
}

function recorder() {
  const acceptedBatches: number[] = [];
  const listener: DeliveryListener = {
    accepted: async (items) => void acceptedBatches.push(Number(items[0]!.rowKey.split("-")[0])),
    rejected: () => undefined,
    failed: () => undefined,
    sending: async () => undefined,
    rateLimited: () => undefined,
  };
  return { acceptedBatches, listener };
}

function held() {
  let release: (outcome: ConversionsOutcome) => void = () => undefined;
  const promise = new Promise<ConversionsOutcome>((resolve) => (release = resolve));
  return { promise, release: () => release(accepted) };
}

/** Polls a condition every few ms (a condition, not a sleep for timing); fails after `ms`. */
async function until(condition: () => boolean, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function delivery(
  x: ReturnType<typeof fakeX>,
  listener: DeliveryListener,
  settings: Partial<SyncSettings>,
  pacer = new AccountPacer(),
) {
  return new BatchDelivery({
    send: x.send,
    pacer,
    settings: { ...DEFAULT_SYNC_SETTINGS, ...settings },
    listener,
    stop: new AbortController().signal,
    abort: new AbortController().signal,
    stallMs: 50,
  });
}

describe("batch delivery: a stalled request stalls only itself", () => {
  test("requests X keeps waiting stop holding their slots once stalled: the other batches go on, and the stalled ones still end", async () => {
    const stalled = [held(), held()];
    const x = fakeX((n) => (n === 2 ? stalled[0]!.promise : n === 3 ? stalled[1]!.promise : accepted));
    const { acceptedBatches, listener } = recorder();
    const sender = delivery(x, listener, { concurrency: 2 });
    for (let n = 1; n <= 7; n += 1) await sender.submit(batch(n));
    // Both slots were taken by the stalled batches 2 and 3; the rest went once they had stalled.
    await until(() => acceptedBatches.length === 5);
    expect(acceptedBatches).toEqual([1, 4, 5, 6, 7]);
    // Never more on the wire than the two slots and the two stalled requests.
    expect(x.maxOnWire).toBeLessThanOrEqual(4);
    for (const request of stalled) request.release();
    await sender.drain();
    expect(acceptedBatches.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(x.requests.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test("a batch sleeping in backoff holds no slot: the next batches are sent meanwhile", async () => {
    const x = fakeX((n, k) => (n === 2 && k === 0 ? serverError(300) : accepted));
    const { acceptedBatches, listener } = recorder();
    const sender = delivery(x, listener, { concurrency: 1, retryMaxMs: 1_000 });
    for (let n = 1; n <= 4; n += 1) await sender.submit(batch(n));
    await sender.drain();
    // Batch 2 waited out X's retry-after (300 ms) while 3 and 4 went through the only slot.
    expect(acceptedBatches).toEqual([1, 3, 4, 2]);
    expect(x.requests).toEqual([1, 2, 3, 4, 2]);
    expect(x.maxOnWire).toBe(1);
  });

  test("outstanding batches are capped (4 per slot): with every slot's requests stalled, the next batch waits", async () => {
    const stalled = new Map<number, ReturnType<typeof held>>();
    const x = fakeX((n) => {
      if (n === 1) return accepted;
      const request = held();
      stalled.set(n, request);
      return request.promise;
    });
    const { acceptedBatches, listener } = recorder();
    const sender = delivery(x, listener, { concurrency: 1 });
    for (let n = 1; n <= 5; n += 1) await sender.submit(batch(n));
    // Batch 1 answered; 2–5 stalled, one after the other: four outstanding, the cap.
    let sixthSubmitted = false;
    const sixth = sender.submit(batch(6)).then(() => (sixthSubmitted = true));
    await until(() => stalled.size === 4);
    // Well past another stall period: the sixth is still waiting for room.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sixthSubmitted).toBe(false);
    expect(x.requests).toEqual([1, 2, 3, 4, 5]);
    stalled.get(2)!.release();
    await sixth;
    await until(() => stalled.size === 5);
    for (const request of stalled.values()) request.release();
    await sender.drain();
    expect(acceptedBatches.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test("a stalled request's events stay reserved against the account's budget until it ends", async () => {
    const pacer = new AccountPacer({ eventsPerWindow: 1_000, windowMs: 60_000 });
    const stall = held();
    const x = fakeX((n) => (n === 2 ? stall.promise : accepted));
    const { listener } = recorder();
    const sender = delivery(x, listener, { concurrency: 1 }, pacer);
    await sender.submit(batch(1, 500));
    await sender.submit(batch(2, 500));
    await until(() => x.requests.length === 2);
    // Past its stall: the slot is free, but its 500 events are still counted as in flight.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pacer.waitMs(500)).toBe(0);
    expect(pacer.waitMs(501)).toBeGreaterThan(0);
    stall.release();
    await sender.drain();
    expect(pacer.waitMs(1_000)).toBe(0);
  });
});
