import { describe, expect, it } from "vitest";
import type { SyncItem } from "./batch-delivery";
import { conversionsCarrying, errorsAbout } from "./conversions-carrying";

const item = (rowNumber: number, conversion: object): SyncItem => ({
  json: new TextEncoder().encode(JSON.stringify(conversion)),
  rowNumber,
  rowKey: `k${rowNumber}`,
});
const hash = (n: number) => String(n).repeat(64).slice(0, 64);
const conversion = (eventId: string, email: string, extra: object = {}) => ({
  conversion_time: "2026-11-20T10:00:00.000Z",
  event_id: eventId,
  identifiers: [
    { twclid: "abc" },
    { hashed_email: email },
    { ip_address: "1.2.3.4", user_agent: "Mozilla/5.0 (X11; Linux)" },
  ],
  conversion_id: "c",
  ...extra,
});

describe("conversionsCarrying", () => {
  const items = [
    item(1, conversion("o87ne", hash(1))),
    item(2, conversion("tw-o8z6j-p3aa1", hash(2))),
    item(3, conversion("p3aa1", hash(3))),
    item(4, conversion("o87ne", hash(2), { contents: [{ content_id: "sku-9" }] })),
  ];
  const rows = (found: Map<SyncItem, unknown>) => [...found.keys()].map((i) => i.rowNumber);

  it("finds every conversion carrying a named event, in either id form", () => {
    expect(rows(conversionsCarrying(items, [{ parameter: "event_id", value: "p3aa1" }]))).toEqual([2, 3]);
  });

  it("finds identifier values in any identifier object, and contents' fields", () => {
    expect(rows(conversionsCarrying(items, [{ parameter: "hashed_email", value: hash(2) }]))).toEqual([2, 4]);
    expect(rows(conversionsCarrying(items, [{ parameter: "user_agent", value: "Mozilla/5.0 (X11; Linux)" }]))).toEqual([
      1, 2, 3, 4,
    ]);
    expect(rows(conversionsCarrying(items, [{ parameter: "content_id", value: "sku-9" }]))).toEqual([4]);
  });

  it("keeps what each carries, and finds none for a value nobody sent (then the batch is bisected)", () => {
    const found = conversionsCarrying(items, [
      { parameter: "event_id", value: "p3aa1" },
      { parameter: "hashed_email", value: hash(3) },
    ]);
    expect(found.get(items[2]!)).toEqual([
      { parameter: "event_id", value: "p3aa1" },
      { parameter: "hashed_email", value: hash(3) },
    ]);
    expect(conversionsCarrying(items, [{ parameter: "hashed_email", value: "abc" }]).size).toBe(0);
    expect(conversionsCarrying(items, []).size).toBe(0);
  });
});

describe("errorsAbout", () => {
  const errors = [
    { code: "NOT_FOUND", message: "event_id (p3aa1) does not belong to provided account", parameter: "event_id" },
    { code: "INVALID_PARAMETER", message: "event_id (p3aa1) is not a single event tag (SET)", parameter: "event_id" },
    {
      code: "INVALID_PARAMETER",
      message: "hashed_email ([redacted]) is not a valid SHA-256 hash",
      parameter: "hashed_email",
    },
    { code: "NOT_FOUND", message: "event_id (p3aa1) does not belong to provided account", parameter: "event_id" },
  ];

  it("gives a conversion the errors about what it carries, each once", () => {
    expect(errorsAbout(errors, [{ parameter: "event_id", value: "p3aa1" }])).toEqual(errors.slice(0, 2));
    // Redacted values can only be matched by their field.
    expect(errorsAbout(errors, [{ parameter: "hashed_email", value: hash(1) }])).toEqual([errors[2]]);
  });

  it("gives all of them (once) when none can be told apart", () => {
    expect(errorsAbout(errors, [{ parameter: "twclid", value: "x" }])).toEqual(errors.slice(0, 3));
  });
});
