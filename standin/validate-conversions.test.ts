import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventTagMatch } from "./validate-conversions";
import { isExactUtcTime, validateConversions } from "./validate-conversions";

const pad = (n: number) => String(n).padStart(2, "0");

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const TAGS: Record<string, EventTagMatch> = {
  o87ne: "single_event_tag",
  o87nj: "deleted",
  o8z6j: "base_tag",
  p3aa1: "other_account",
};
const ctx = { pixelId: "o8z6j", lookupEventTag: (id: string) => TAGS[id] ?? "unknown" };

function conversion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    conversion_time: "2026-11-20T10:15:00.000Z",
    event_id: "o87ne",
    identifiers: [{ hashed_email: sha256("test@x.com") }],
    conversion_id: "order-1",
    ...overrides,
  };
}

function errorsOf(...conversions: Array<Record<string, unknown>>) {
  const result = validateConversions({ conversions }, ctx);
  if (result.ok) throw new Error("expected a rejection");
  return result;
}

describe("validateConversions", () => {
  it("accepts a valid batch and strips the tw-<pixel>- prefix from event ids", () => {
    const result = validateConversions(
      {
        conversions: [
          conversion(),
          conversion({
            event_id: "tw-o8z6j-o87ne",
            conversion_id: undefined,
            value: "20.00",
            number_items: 3,
            price_currency: "EUR",
          }),
          conversion({ identifiers: [{ ip_address: "8.25.197.25", user_agent: "Mozilla/5.0" }] }),
          conversion({ identifiers: [{ ip_address: "2001:db8::1" }, { user_agent: "Mozilla/5.0" }] }),
        ],
      },
      ctx,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.conversions.map((c) => [c.eventId, c.conversionId])).toEqual([
      ["o87ne", "order-1"],
      ["o87ne", null],
      ["o87ne", "order-1"],
      ["o87ne", "order-1"],
    ]);
  });

  it("takes 1 to 500 conversions and refuses 0 and 501", () => {
    expect(validateConversions({ conversions: Array.from({ length: 500 }, () => conversion()) }, ctx).ok).toBe(true);
    expect(errorsOf().errors).toEqual([
      { code: "MISSING_PARAMETER", message: '"conversions" is a required parameter', parameter: "conversions" },
    ]);
    const tooMany = errorsOf(...Array.from({ length: 501 }, () => conversion()));
    expect(tooMany.status).toBe(400);
    expect(tooMany.errors).toEqual([
      { code: "INVALID_PARAMETER", message: "Conversion count limit is 500", parameter: "conversions" },
    ]);
  });

  it("needs at least one non-empty identifier", () => {
    const expected = {
      code: "INVALID_PARAMETER",
      message: "At least one user identifier must be provided",
      parameter: "",
    };
    expect(errorsOf(conversion({ identifiers: [] })).errors).toEqual([expected]);
    expect(errorsOf(conversion({ identifiers: [{ twclid: "" }] })).errors).toEqual([expected]);
    expect(errorsOf(conversion({ identifiers: undefined })).errors).toEqual([expected]);
  });

  it("wants lower-case SHA-256 hex in hashed fields and quotes the bad value back", () => {
    expect(errorsOf(conversion({ identifiers: [{ hashed_email: "abc" }] })).errors).toEqual([
      {
        code: "INVALID_PARAMETER",
        message: "hashed_email (abc) is not a valid SHA-256 hash",
        parameter: "hashed_email",
      },
    ]);
    const upper = sha256("+11234567890").toUpperCase();
    expect(errorsOf(conversion({ identifiers: [{ hashed_phone_number: upper }] })).errors).toEqual([
      {
        code: "INVALID_PARAMETER",
        message: `hashed_phone_number (${upper}) is not a valid SHA-256 hash`,
        parameter: "hashed_phone_number",
      },
    ]);
  });

  it("accepts conversion_time with or without milliseconds, as X's own example sends it", () => {
    for (const good of ["2017-10-05T00:00:00Z", "2017-10-05T00:00:00.000Z", "2024-02-29T23:59:59Z"]) {
      expect(validateConversions({ conversions: [conversion({ conversion_time: good })] }, ctx).ok).toBe(true);
    }
  });

  it("wants conversion_time as yyyy-MM-ddTHH:mm:ss.SSSZ", () => {
    // Month 13 and second 60 are not even Dates: they used to throw inside the stand-in (a 500).
    for (const bad of [
      "2022-06-16T01:14:00.603",
      "2022-06-16T01:14:00",
      "2022-06-16T01:14:00.6Z",
      "2023-02-29T00:00:00Z",
      "2022-06-16T03:14:00.603+02:00",
      "2022-02-30T01:14:00.603Z",
      "2022-13-01T00:00:00.000Z",
      "2022-06-16T01:14:60.000Z",
      "2022-06-16T24:00:00.000Z",
    ]) {
      expect(errorsOf(conversion({ conversion_time: bad })).errors).toEqual([
        {
          code: "INVALID_PARAMETER",
          message: `Expected Time in yyyy-MM-ddTHH:mm:ss.SSSZ, got "${bad}" for conversion_time`,
          parameter: "conversion_time",
        },
      ]);
    }
  });

  it("takes exactly the times that survive a round trip through Date", () => {
    const digits = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, "0"));
    const time = fc
      .tuple(
        digits(4),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        digits(3),
      )
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.${ms}Z`);
    const roundTrips = (value: string) => {
      const date = new Date(value);
      return !Number.isNaN(date.getTime()) && date.toISOString() === value;
    };
    fc.assert(
      fc.property(
        fc.oneof(
          time,
          fc.constantFrom(
            "2000-02-29T00:00:00.000Z",
            "1900-02-29T00:00:00.000Z",
            "2024-02-29T23:59:59.999Z",
            "0000-01-01T00:00:00.000Z",
          ),
        ),
        (value) => {
          expect(isExactUtcTime(value)).toBe(roundTrips(value));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("answers a missing event_id with X's 'Event ID was not found' and a missing time as a missing parameter", () => {
    const missing = errorsOf(conversion({ event_id: undefined, conversion_time: undefined }));
    expect(missing.status).toBe(400);
    expect(missing.errors).toEqual([
      { code: "INVALID_PARAMETER", message: "Event ID was not found", parameter: "event_id" },
      { code: "MISSING_PARAMETER", message: '"conversion_time" is a required parameter', parameter: "conversion_time" },
    ]);
    expect(errorsOf(conversion({ event_id: "" })).errors).toEqual([
      { code: "INVALID_PARAMETER", message: "Event ID was not found", parameter: "event_id" },
    ]);
  });

  it("accepts only a live single event tag of the pixel's own account", () => {
    const notSet = (id: string) => ({
      code: "INVALID_PARAMETER",
      message: `event_id (${id}) is not a single event tag (SET)`,
      parameter: "event_id",
    });
    const notOurs = (id: string) => ({
      code: "NOT_FOUND",
      message: `event_id (${id}) does not belong to provided account`,
      parameter: "event_id",
    });
    const notFound = { code: "INVALID_PARAMETER", message: "Event ID was not found", parameter: "event_id" };
    expect(errorsOf(conversion({ event_id: "o8z6j" })).errors).toEqual([notSet("o8z6j")]);
    // X's example: 404 carrying both the NOT_FOUND and the SET error.
    const foreign = errorsOf(conversion({ event_id: "p3aa1" }));
    expect(foreign.status).toBe(404);
    expect(foreign.errors).toEqual([notOurs("p3aa1"), notSet("p3aa1")]);
    const unknown = errorsOf(conversion({ event_id: "zzzzz" }));
    expect(unknown.status).toBe(404);
    expect(unknown.errors).toEqual([notOurs("zzzzz"), notSet("zzzzz")]);
    expect(errorsOf(conversion({ event_id: "o8z6j" })).status).toBe(400);
    // Another kind of problem in the same batch makes it a 400.
    expect(errorsOf(conversion({ event_id: "p3aa1" }), conversion({ identifiers: [] })).status).toBe(400);
    expect(errorsOf(conversion({ event_id: "o87nj" })).errors).toEqual([notFound]);
    expect(errorsOf(conversion({ event_id: "tw-p2k9d-o87ne" })).errors).toEqual([notFound]);
  });

  it("refuses an IP address or a user agent as the only identifier, and malformed IPs", () => {
    expect(errorsOf(conversion({ identifiers: [{ ip_address: "1.0.0.0" }] })).errors).toEqual([
      {
        code: "INVALID_PARAMETER",
        message: "ip_address must be sent together with another user identifier",
        parameter: "ip_address",
      },
    ]);
    expect(errorsOf(conversion({ identifiers: [{ user_agent: "Mozilla/5.0" }] })).errors[0]?.parameter).toBe(
      "user_agent",
    );
    expect(errorsOf(conversion({ identifiers: [{ twclid: "abc" }, { ip_address: "999.1.1.1" }] })).errors).toEqual([
      {
        code: "INVALID_PARAMETER",
        message: "ip_address (999.1.1.1) is not a valid IP address",
        parameter: "ip_address",
      },
    ]);
  });

  it("refuses unknown identifier keys, such as an unhashed email", () => {
    expect(errorsOf(conversion({ identifiers: [{ email: "a@b.c" }] })).errors[0]).toEqual({
      code: "INVALID_PARAMETER",
      message: "email is not a supported user identifier",
      parameter: "email",
    });
  });

  it("type-checks the optional fields", () => {
    const { errors } = errorsOf(
      conversion({
        number_items: 0,
        price_currency: "usd",
        value: "12,50",
        conversion_id: 7,
        contents: [{ content_price: "9,99", num_items: 1 }],
      }),
    );
    expect(errors.map((e) => e.message)).toEqual([
      "Expected Int greater than 0, got 0 for number_items",
      'Expected ISO-4217 currency code, got "usd" for price_currency',
      'Expected Double, got "12,50" for value',
      "Expected String, got 7 for conversion_id",
      'Expected Double, got "9,99" for contents.content_price',
    ]);
  });

  it("accepts content_price as a number or a numeric string, as real clients send it", () => {
    const contents = [{ content_price: "5.00", num_items: 1 }, { content_price: 100.99 }, { content_price: "-1" }];
    expect(validateConversions({ conversions: [conversion({ contents })] }, ctx).ok).toBe(true);
  });

  it("lists every error of every conversion and accepts nothing from a bad batch", () => {
    const result = errorsOf(
      conversion(),
      conversion({ identifiers: [] }),
      conversion({ conversion_time: "yesterday" }),
    );
    expect(result.errors.map((e) => e.parameter)).toEqual(["", "conversion_time"]);
  });

  it("rejects a whole batch as soon as any one conversion is invalid (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(), (size, pick) => {
        const batch = Array.from({ length: size }, (_, i) => conversion({ conversion_id: `c-${i}` }));
        expect(validateConversions({ conversions: batch }, ctx).ok).toBe(true);
        batch[pick % size] = conversion({ identifiers: [{ hashed_email: "not-a-hash" }] });
        const result = validateConversions({ conversions: batch }, ctx);
        expect(result.ok).toBe(false);
      }),
    );
  });
});
