import { describe, expect, it } from "vitest";
import { SEED_PIXELS, STORE_EVENTS } from "@/standin/seed";
import { startStandin } from "@/standin/start-standin";
import type { XAdsConfig } from "./config";
import { startXAdsTestFixture } from "./x-ads-test-fixture";
import type { XConversion } from "./conversion-types";

// X having a bad day, injected through the stand-in's control API: no sleeps, no mocks.
const pixel = SEED_PIXELS.store;
const CONVERSIONS = "/measurement/conversions";

const x = startXAdsTestFixture();

const client = (overrides: Partial<XAdsConfig> = {}) => x.client("manager", overrides);
const batch = (size: number): XConversion[] =>
  Array.from({ length: size }, (_, i) => ({
    conversion_time: "2026-11-20T10:00:00.000Z",
    event_id: STORE_EVENTS.purchase,
    identifiers: [{ twclid: `click-${i}` }],
    conversion_id: `order-${i}`,
  }));

describe("failures worth a retry", () => {
  it("classifies a 500 as retryable, and the next attempt goes through", async () => {
    await x.control.addFault({ kind: "500", count: 1, pathIncludes: CONVERSIONS });
    expect(await client().sendConversions(pixel, batch(3))).toMatchObject({
      kind: "retryable",
      reason: "server_error",
      status: 500,
      retryAt: null,
    });
    expect(await client().sendConversions(pixel, batch(3))).toMatchObject({ kind: "accepted", processed: 3 });
  });

  it("classifies a 503 as retryable and decodes retry-after", async () => {
    await x.control.addFault({ kind: "503", count: 1, pathIncludes: CONVERSIONS, retryAfterSeconds: 30 });
    const before = Date.now();
    const outcome = await client().sendConversions(pixel, batch(1));
    expect(outcome).toMatchObject({ kind: "retryable", reason: "server_error", status: 503 });
    if (outcome.kind !== "retryable" || outcome.retryAt === null) throw new Error("expected a retry time");
    expect(outcome.retryAt.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    expect(outcome.retryAt.getTime()).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it("classifies a request X never answers as a timeout", async () => {
    await x.control.addFault({ kind: "timeout", count: 1, pathIncludes: CONVERSIONS });
    expect(await client({ timeoutMs: 150 }).sendConversions(pixel, batch(1))).toMatchObject({
      kind: "retryable",
      reason: "timeout",
      status: null,
      message: "X did not answer within 150 ms",
    });
    expect((await x.control.conversions()).total).toBe(0);
  });

  it("classifies a dropped connection as a network failure", async () => {
    await x.control.addFault({ kind: "drop", count: 1, pathIncludes: CONVERSIONS });
    const outcome = await client().sendConversions(pixel, batch(1));
    expect(outcome).toMatchObject({ kind: "retryable", reason: "network", status: null });
  });

  it("classifies a refused connection (X unreachable) as a network failure", async () => {
    const gone = await startStandin({ port: 0 });
    await gone.stop();
    const outcome = await client({ adsApiBaseUrl: gone.url }).sendConversions(pixel, batch(1));
    expect(outcome).toMatchObject({
      kind: "retryable",
      reason: "network",
      message: "the connection to X failed (ECONNREFUSED)",
    });
  });

  it("does not count a 200 with fewer conversions processed than sent as a success", async () => {
    await x.control.addFault({ kind: "undercount", count: 1, pathIncludes: CONVERSIONS });
    const outcome = await client().sendConversions(pixel, batch(3));
    expect(outcome).toMatchObject({
      kind: "retryable",
      reason: "count_mismatch",
      status: 200,
      message: "X processed 2 of 3 conversions",
    });
    expect(outcome.kind === "retryable" && outcome.debugId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports the caller's own cancellation as aborted", async () => {
    await x.control.addFault({ kind: "timeout", count: 1, pathIncludes: CONVERSIONS });
    const controller = new AbortController();
    const pending = client().sendConversions(pixel, batch(1), { signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ kind: "retryable", reason: "aborted" });
  });

  it("fails a paged listing at the page X could not serve", async () => {
    await x.control.addFault({ kind: "503", count: 1, pathIncludes: "/accounts" });
    expect(await client().listAccounts()).toMatchObject({ kind: "retryable", reason: "server_error", status: 503 });
  });
});

describe("injected slowness and rate limits", () => {
  it("still succeeds when X is slow but within the timeout", async () => {
    await x.control.addFault({ kind: "slow", count: 1, pathIncludes: CONVERSIONS, delayMs: 50 });
    expect(await client({ timeoutMs: 2_000 }).sendConversions(pixel, batch(2))).toMatchObject({
      kind: "accepted",
      processed: 2,
    });
  });

  it("decodes an injected 429's reset as the retry time", async () => {
    await x.control.addFault({ kind: "429", count: 1, pathIncludes: CONVERSIONS, retryAfterSeconds: 120 });
    const outcome = await client().sendConversions(pixel, batch(1));
    expect(outcome).toMatchObject({ kind: "rate_limited", rateLimit: { remaining: 0 } });
    if (outcome.kind !== "rate_limited") return;
    expect(outcome.retryAt).toEqual(outcome.rateLimit?.resetAt);
    expect(outcome.retryAt.getTime()).toBeGreaterThan(Date.now() + 110_000);
  });
});
