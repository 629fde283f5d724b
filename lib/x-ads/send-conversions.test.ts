import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SEED_PIXELS, SEED_USERS, STORE_EVENTS } from "@/standin/seed";
import { createPixelTokenClient } from "./ads-api-client";
import { startXAdsTestFixture, type SeedUserName } from "./x-ads-test-fixture";
import type { XConversion } from "./conversion-types";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const pixel = SEED_PIXELS.store;

const x = startXAdsTestFixture({ rateLimit: { conversionsPerWindow: 1_000 } });

const client = (who: SeedUserName = "manager") => x.client(who);

function conversion(n: number, overrides: Partial<XConversion> = {}): XConversion {
  return {
    conversion_time: new Date(Date.UTC(2026, 10, 20, 10, 0, n % 60)).toISOString(),
    event_id: STORE_EVENTS.purchase,
    identifiers: [{ twclid: `click-${n}` }, { hashed_email: sha256(`buyer${n}@example.com`) }],
    value: 20,
    price_currency: "USD",
    conversion_id: `order-${n}`,
    ...overrides,
  };
}
const batch = (size: number, from = 0) => Array.from({ length: size }, (_, i) => conversion(from + i));

describe("sendConversions: accepted", () => {
  it("sends conversions already serialised as UTF-8 JSON (the sync engine's form) exactly as their objects", async () => {
    const conversions = batch(3).map((c, i) => (i === 1 ? { ...c, conversion_id: "order-ü-€-😀" } : c));
    const serialized = conversions.map((c) => Buffer.from(JSON.stringify(c)));
    const outcome = await client().sendConversions(pixel, { serialized });
    expect(outcome).toMatchObject({ kind: "accepted", processed: 3 });
    const listing = await x.control.conversions({ pixel_id: pixel });
    expect(listing.conversions.map((c) => c.payload)).toEqual(conversions);
  });

  it("accepts a valid batch of 500 and X records all of them", async () => {
    const outcome = await client().sendConversions(pixel, batch(500));
    expect(outcome).toMatchObject({ kind: "accepted", processed: 500 });
    if (outcome.kind !== "accepted") return;
    expect(outcome.debugId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcome.rateLimit).toMatchObject({ source: "x-rate-limit", limit: 1_000, remaining: 500 });
    expect(await x.control.conversions({ pixel_id: pixel, limit: 1 })).toMatchObject({
      total: 500,
      unique: 500,
      duplicates: 0,
    });
  });

  it("accepts the prefixed event id form", async () => {
    const outcome = await client().sendConversions(pixel, [
      conversion(1, { event_id: `tw-${pixel}-${STORE_EVENTS.signUp}` }),
    ]);
    expect(outcome).toMatchObject({ kind: "accepted", processed: 1 });
  });
});

describe("sendConversions: X's validation errors, decoded", () => {
  it("refuses 501 conversions", async () => {
    expect(await client().sendConversions(pixel, batch(501))).toEqual({
      kind: "rejected",
      status: 400,
      errors: [{ code: "INVALID_PARAMETER", message: "Conversion count limit is 500", parameter: "conversions" }],
      rateLimit: { source: "x-rate-limit", limit: 1_000, remaining: 1_000, resetAt: expect.any(Date) },
    });
    expect((await x.control.conversions()).total).toBe(0);
  });

  const cases: Array<[string, Partial<XConversion>, Array<{ code: string; message: string; parameter: string }>]> = [
    [
      "no identifier",
      { identifiers: [{ twclid: "" }] },
      [{ code: "INVALID_PARAMETER", message: "At least one user identifier must be provided", parameter: "" }],
    ],
    [
      "a hashed field that is not SHA-256 (the echoed value is redacted)",
      { identifiers: [{ hashed_email: "someone@example.com" }] },
      [
        {
          code: "INVALID_PARAMETER",
          message: "hashed_email ([redacted]) is not a valid SHA-256 hash",
          parameter: "hashed_email",
        },
      ],
    ],
    [
      "a time without its zone",
      { conversion_time: "2022-06-16T01:14:00.603" },
      [
        {
          code: "INVALID_PARAMETER",
          message: 'Expected Time in yyyy-MM-ddTHH:mm:ss.SSSZ, got "2022-06-16T01:14:00.603" for conversion_time',
          parameter: "conversion_time",
        },
      ],
    ],
    [
      "the pixel id used as event id",
      { event_id: pixel },
      [
        {
          code: "INVALID_PARAMETER",
          message: `event_id (${pixel}) is not a single event tag (SET)`,
          parameter: "event_id",
        },
      ],
    ],
    [
      "an event of another account",
      { event_id: "p3aa1" },
      [
        { code: "NOT_FOUND", message: "event_id (p3aa1) does not belong to provided account", parameter: "event_id" },
        {
          code: "INVALID_PARAMETER",
          message: "event_id (p3aa1) is not a single event tag (SET)",
          parameter: "event_id",
        },
      ],
    ],
    [
      "a deleted event",
      { event_id: STORE_EVENTS.trial },
      [{ code: "INVALID_PARAMETER", message: "Event ID was not found", parameter: "event_id" }],
    ],
    [
      "an IP address alone",
      { identifiers: [{ ip_address: "8.25.197.25" }] },
      [
        {
          code: "INVALID_PARAMETER",
          message: "ip_address must be sent together with another user identifier",
          parameter: "ip_address",
        },
      ],
    ],
  ];

  it.each(cases)("rejects the whole batch for %s", async (_name, change, errors) => {
    const outcome = await client().sendConversions(pixel, [conversion(1), conversion(2, change), conversion(3)]);
    // X's example answers an event of another account with 404 (NOT_FOUND + SET), the rest with 400.
    const status = errors.some((e) => e.code === "NOT_FOUND") ? 404 : 400;
    expect(outcome).toMatchObject({ kind: "rejected", status });
    if (outcome.kind !== "rejected") return;
    expect(outcome.errors).toEqual(errors);
    expect((await x.control.conversions()).total).toBe(0);
  });

  it("lists every error of a batch with several bad conversions", async () => {
    const outcome = await client().sendConversions(pixel, [
      conversion(1, { identifiers: [] }),
      conversion(2, { conversion_time: "yesterday" }),
      conversion(3, { identifiers: [{ hashed_phone_number: "12345" }] }),
    ]);
    expect(outcome.kind === "rejected" && outcome.errors.map((e) => e.parameter)).toEqual([
      "",
      "conversion_time",
      "hashed_phone_number",
    ]);
  });
});

describe("sendConversions: who may send", () => {
  it("refuses a user with only ANALYST access on the pixel's account", async () => {
    expect(await client("analyst").sendConversions(pixel, batch(2))).toMatchObject({
      kind: "auth_failure",
      reason: "insufficient_access",
      status: 403,
      errors: [{ code: "INSUFFICIENT_USER_AUTHORIZED_PERMISSION" }],
    });
  });

  it("refuses a user with no access to the pixel's account", async () => {
    expect(await client("newcomer").sendConversions(pixel, batch(2))).toMatchObject({
      kind: "auth_failure",
      reason: "insufficient_access",
      status: 404,
      errors: [{ message: `User ${SEED_USERS.newcomer.id} does not have access to account 18ce54d4x5t` }],
    });
  });

  it("accepts ACCOUNT_ADMIN as well as AD_MANAGER", async () => {
    expect(await client("admin").sendConversions(pixel, batch(3))).toMatchObject({ kind: "accepted", processed: 3 });
  });

  it("classifies a token the user revoked as an auth failure", async () => {
    await x.control.revokeUserTokens(SEED_USERS.manager.id);
    expect(await client().sendConversions(pixel, batch(2))).toMatchObject({
      kind: "auth_failure",
      reason: "unauthenticated",
      status: 401,
    });
  });
});

describe("sendConversions: pixel token mode", () => {
  it("sends with X-Pixel-Token and records it as such", async () => {
    const { token } = await x.control.issuePixelToken(pixel);
    const outcome = await createPixelTokenClient({ config: x.config, pixelToken: token }).sendConversions(
      pixel,
      batch(4),
    );
    expect(outcome).toMatchObject({ kind: "accepted", processed: 4 });
    const listing = await x.control.conversions({ limit: 1 });
    expect(listing.conversions[0]).toMatchObject({ auth: "pixel_token", userId: null });
  });

  it("refuses a pixel token on another pixel, or one X never issued", async () => {
    const { token } = await x.control.issuePixelToken(SEED_PIXELS.outlet);
    expect(
      await createPixelTokenClient({ config: x.config, pixelToken: token }).sendConversions(pixel, batch(1)),
    ).toMatchObject({ kind: "auth_failure", status: 401 });
    expect(
      await createPixelTokenClient({ config: x.config, pixelToken: "xpt_forged" }).sendConversions(pixel, batch(1)),
    ).toMatchObject({ kind: "auth_failure" });
  });
});

describe("sendConversions: rate limits", () => {
  it("answers 429 once the account's window is spent, with the reset decoded from the headers", async () => {
    const first = await client().sendConversions(pixel, batch(500));
    const second = await client("admin").sendConversions(pixel, batch(500, 500));
    expect(second).toMatchObject({ kind: "accepted", rateLimit: { remaining: 0 } });
    const third = await client().sendConversions(pixel, batch(1, 1000));
    expect(third).toMatchObject({ kind: "rate_limited", status: 429, errors: [{ code: "TOO_MANY_REQUESTS" }] });
    if (first.kind !== "accepted" || third.kind !== "rate_limited") return;
    // The window is per ad account: both users' sends count, and it resets when X said it would.
    expect(third.retryAt).toEqual(first.rateLimit?.resetAt);
    expect(third.retryAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it("opens a new window after the reset", async () => {
    await client().sendConversions(pixel, batch(500));
    await client().sendConversions(pixel, batch(500, 500));
    expect((await client().sendConversions(pixel, batch(1, 1000))).kind).toBe("rate_limited");
    await x.control.advanceClock(15 * 60);
    expect(await client().sendConversions(pixel, batch(1, 1000))).toMatchObject({
      kind: "accepted",
      rateLimit: { remaining: 999 },
    });
  });

  it("leaves other accounts' windows alone", async () => {
    await client().sendConversions(pixel, batch(500));
    await client().sendConversions(pixel, batch(500, 500));
    const outlet = await client().sendConversions(SEED_PIXELS.outlet, [conversion(1, { event_id: "p3aa1" })]);
    expect(outlet).toMatchObject({ kind: "accepted", rateLimit: { remaining: 999 } });
  });
});
