import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createXAdsClient } from "@/lib/x-ads/ads-api-client";
import { resolveXAdsConfig } from "@/lib/x-ads/config";
import type { XConversion } from "@/lib/x-ads/conversion-types";
import {
  DEMO_ACCESS_TOKENS,
  DEMO_CONSUMER_KEY,
  DEMO_CONSUMER_SECRET,
  defaultSeed,
  SEED_PIXELS,
  STORE_EVENTS,
} from "./seed";
import type { StandinControl } from "./standin-control";
import { createStandinControl } from "./standin-control";
import type { RunningStandin } from "./start-standin";
import { startStandin } from "./start-standin";

let standin: RunningStandin;
let control: StandinControl;

beforeAll(async () => {
  standin = await startStandin({ port: 0, randomSeed: 42 });
  control = createStandinControl(standin.url);
});
afterAll(() => standin.stop());
beforeEach(() => control.reset());

// X takes a conversion without a conversion_id (Sluice always sends one): these test X's side.
type WireConversion = Omit<XConversion, "conversion_id"> & { conversion_id?: string };
const client = () =>
  createXAdsClient({
    config: resolveXAdsConfig({ adsApiBaseUrl: standin.url, apiBaseUrl: standin.url }),
    consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
    token: { key: DEMO_ACCESS_TOKENS.admin.token, secret: DEMO_ACCESS_TOKENS.admin.secret },
  });
// Sent as JSON the client passes through unchanged, so a conversion may lack what Sluice's type requires.
const sender = () => ({
  sendConversions: (pixelId: string, conversions: WireConversion[]) =>
    client().sendConversions(pixelId, { serialized: conversions.map((c) => Buffer.from(JSON.stringify(c))) }),
});
const conversion = (conversionId: string | undefined, eventId: string = STORE_EVENTS.purchase): WireConversion => ({
  conversion_time: "2026-11-20T10:00:00.000Z",
  event_id: eventId,
  identifiers: [{ twclid: "abc" }],
  ...(conversionId === undefined ? {} : { conversion_id: conversionId }),
});

describe("received conversions and X's 48-hour dedupe", () => {
  it("counts a resend of the same (event_id, conversion_id) as a duplicate", async () => {
    await sender().sendConversions(SEED_PIXELS.store, [conversion("a"), conversion("b")]);
    await sender().sendConversions(SEED_PIXELS.store, [
      conversion("a"),
      conversion(`b`, STORE_EVENTS.signUp),
      conversion(undefined),
      conversion(undefined),
    ]);
    const listing = await control.conversions();
    expect(listing).toMatchObject({ total: 6, unique: 5, duplicates: 1 });
    expect(listing.conversions.map((c) => [c.eventId, c.conversionId, c.duplicate])).toEqual([
      [STORE_EVENTS.purchase, "a", false],
      [STORE_EVENTS.purchase, "b", false],
      [STORE_EVENTS.purchase, "a", true],
      [STORE_EVENTS.signUp, "b", false],
      [STORE_EVENTS.purchase, null, false],
      [STORE_EVENTS.purchase, null, false],
    ]);
    expect(listing.conversions[0]?.payload).toMatchObject({ identifiers: [{ twclid: "abc" }] });
  });

  it("treats the prefixed and bare event id forms as the same event", async () => {
    await sender().sendConversions(SEED_PIXELS.store, [
      conversion("a", `tw-${SEED_PIXELS.store}-${STORE_EVENTS.purchase}`),
      conversion("a"),
    ]);
    expect(await control.conversions()).toMatchObject({ unique: 1, duplicates: 1 });
  });

  it("stops deduplicating once 48 hours have passed", async () => {
    await sender().sendConversions(SEED_PIXELS.store, [conversion("a")]);
    await control.advanceClock(47 * 3600);
    await sender().sendConversions(SEED_PIXELS.store, [conversion("a")]);
    await control.advanceClock(48 * 3600 + 1);
    await sender().sendConversions(SEED_PIXELS.store, [conversion("a")]);
    expect((await control.conversions()).conversions.map((c) => c.duplicate)).toEqual([false, true, false]);
  });

  it("filters and pages the listing while counting every match", async () => {
    await sender().sendConversions(SEED_PIXELS.store, [
      conversion("a"),
      conversion("b"),
      conversion("c", STORE_EVENTS.signUp),
    ]);
    const page = await control.conversions({ event_id: STORE_EVENTS.purchase, offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 2, unique: 2, offset: 1 });
    expect(page.conversions.map((c) => c.conversionId)).toEqual(["b"]);
  });

  it("keeps with each conversion its request: sequence number, time received, debug id, pixel and caller", async () => {
    const first = await sender().sendConversions(SEED_PIXELS.store, [conversion("a"), conversion("b")]);
    await control.advanceClock(60);
    const second = await sender().sendConversions(SEED_PIXELS.store, [conversion("c")]);
    if (first.kind !== "accepted" || second.kind !== "accepted") throw new Error("expected both batches accepted");
    const listing = await control.conversions();
    expect(listing.conversions.map((c) => [c.seq, c.conversionId, c.debugId, c.pixelId, c.auth])).toEqual([
      [1, "a", first.debugId, SEED_PIXELS.store, "oauth"],
      [2, "b", first.debugId, SEED_PIXELS.store, "oauth"],
      [3, "c", second.debugId, SEED_PIXELS.store, "oauth"],
    ]);
    const [a, , c] = listing.conversions;
    // The clock moved on by 60 s, and by the few milliseconds the first request took.
    expect(Date.parse(c!.receivedAt) - Date.parse(a!.receivedAt)).toBeGreaterThanOrEqual(60_000);
    expect(Date.parse(c!.receivedAt) - Date.parse(a!.receivedAt)).toBeLessThan(65_000);
    expect(a!.userId).toBe(DEMO_ACCESS_TOKENS.admin.token.split("-")[0]);
    expect(await control.conversions({ pixel_id: SEED_PIXELS.outlet })).toMatchObject({ total: 0, conversions: [] });
  });

  it("forgets everything on reset", async () => {
    await sender().sendConversions(SEED_PIXELS.store, [conversion("a")]);
    await control.reset();
    expect((await control.conversions()).total).toBe(0);
  });
});

describe("fault injection", () => {
  it("fires a counted fault exactly N times, then retires it", async () => {
    await control.addFault({ kind: "500", count: 2, pathIncludes: "/measurement/" });
    const kinds = [];
    for (let i = 0; i < 3; i++)
      kinds.push((await sender().sendConversions(SEED_PIXELS.store, [conversion(`${i}`)])).kind);
    expect(kinds).toEqual(["retryable", "retryable", "accepted"]);
    expect((await control.faults()).faults).toEqual([]);
  });

  it("fires probabilistic faults reproducibly for a given random seed", async () => {
    const run = async () => {
      await control.reset();
      await control.addFault({ kind: "503", probability: 0.5, pathIncludes: "/measurement/" });
      const kinds = [];
      for (let i = 0; i < 12; i++)
        kinds.push((await sender().sendConversions(SEED_PIXELS.store, [conversion(`${i}`)])).kind);
      return kinds;
    };
    const first = await run();
    expect(first).toContain("retryable");
    expect(first).toContain("accepted");
    expect(await run()).toEqual(first);
  });

  it("only faults the paths a rule names, and never the control API", async () => {
    await control.addFault({ kind: "500", probability: 1, pathIncludes: "/accounts" });
    expect((await sender().sendConversions(SEED_PIXELS.store, [conversion("a")])).kind).toBe("accepted");
    expect((await client().listAccounts()).kind).toBe("retryable");
    await control.addFault({ kind: "drop", probability: 1 });
    expect((await control.conversions()).total).toBe(1);
  });

  it("refuses a rule with both or neither of count and probability", async () => {
    const response = await fetch(`${standin.url}/_standin/faults`, {
      method: "POST",
      body: JSON.stringify({ kind: "500" }),
    });
    expect(response.status).toBe(400);
  });
});

describe("seeding", () => {
  it("replaces the world with a custom seed and restores the default", async () => {
    const seed = defaultSeed();
    seed.accounts = seed.accounts.map((a) => (a.id === "18ce54d4x5t" ? { ...a, name: "Renamed Store" } : a));
    await control.seed(seed);
    expect((await control.currentSeed()).accounts[0]?.name).toBe("Renamed Store");
    await control.seed({ preset: "default" });
    expect((await control.currentSeed()).accounts[0]?.name).toBe("Acme Store");
  });

  it("validates a seed before using it", async () => {
    const response = await fetch(`${standin.url}/_standin/seed`, {
      method: "POST",
      body: JSON.stringify({ users: "nobody" }),
    });
    expect(response.status).toBe(400);
    expect((await control.currentSeed()).users).toHaveLength(4);
  });

  it("answers unknown control routes with 404", async () => {
    expect((await fetch(`${standin.url}/_standin/nothing`)).status).toBe(404);
  });
});

describe("values chosen to be rejected (POST /_standin/rejections)", () => {
  const hashed = (n: number) => n.toString(16).padStart(64, "0");
  const withEmail = (id: string, email: string, eventId?: string): WireConversion => ({
    ...conversion(id, eventId),
    identifiers: [{ hashed_email: email }],
  });

  it("refuses every conversion carrying a chosen value, naming it as X does, and nothing else", async () => {
    await control.rejectValues([
      { parameter: "hashed_email", value: hashed(2) },
      { parameter: "event_id", value: STORE_EVENTS.signUp },
    ]);
    expect((await control.rejections()).values).toHaveLength(2);
    const outcome = await sender().sendConversions(SEED_PIXELS.store, [
      withEmail("a", hashed(1)),
      withEmail("b", hashed(2)),
      withEmail("c", hashed(3), `tw-${SEED_PIXELS.store}-${STORE_EVENTS.signUp}`),
      withEmail("d", hashed(2)),
    ]);
    expect(outcome.kind).toBe("rejected");
    if (outcome.kind !== "rejected") return;
    expect(outcome.status).toBe(400);
    expect(outcome.errors.map((e) => e.message)).toEqual([
      "hashed_email ([redacted]) is not a valid SHA-256 hash",
      `event_id (${STORE_EVENTS.signUp}) does not belong to provided account`,
      `event_id (${STORE_EVENTS.signUp}) is not a single event tag (SET)`,
      "hashed_email ([redacted]) is not a valid SHA-256 hash",
    ]);
    expect(outcome.namedValues).toEqual([
      { parameter: "hashed_email", value: hashed(2) },
      { parameter: "event_id", value: STORE_EVENTS.signUp },
    ]);
    expect((await control.conversions()).total).toBe(0);

    // The rest goes through; clearing the list (or a reset) makes the chosen values good again.
    expect(await sender().sendConversions(SEED_PIXELS.store, [withEmail("a", hashed(1))])).toMatchObject({
      kind: "accepted",
      processed: 1,
    });
    await control.clearRejections();
    expect(await sender().sendConversions(SEED_PIXELS.store, [withEmail("b", hashed(2))])).toMatchObject({
      kind: "accepted",
      processed: 1,
    });
    expect((await control.rejections()).values).toEqual([]);
  });

  it("takes only the fields X names a value for", async () => {
    await expect(control.rejectValues([{ parameter: "conversion_id" as "event_id", value: "a" }])).rejects.toThrow(
      /HTTP 400/,
    );
  });
});
