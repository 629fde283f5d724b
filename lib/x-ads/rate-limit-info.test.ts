import { describe, expect, it } from "vitest";
import { readRateLimit, readRetryAfter } from "./rate-limit-info";

describe("readRateLimit", () => {
  it("prefers the account-level family when both are present", () => {
    const headers = new Headers({
      "x-rate-limit-limit": "2000",
      "x-rate-limit-remaining": "1999",
      "x-rate-limit-reset": "1764000000",
      "x-account-rate-limit-limit": "100",
      "x-account-rate-limit-remaining": "3",
      "x-account-rate-limit-reset": "1764000900",
    });
    expect(readRateLimit(headers)).toEqual({
      source: "x-account-rate-limit",
      limit: 100,
      remaining: 3,
      resetAt: new Date(1764000900_000),
    });
  });

  it("falls back to the user-level family, and ignores an incomplete one", () => {
    const headers = new Headers({
      "x-account-rate-limit-limit": "100",
      "x-rate-limit-limit": "60000",
      "x-rate-limit-remaining": "59500",
      "x-rate-limit-reset": "1764000000",
    });
    expect(readRateLimit(headers)).toMatchObject({ source: "x-rate-limit", remaining: 59500 });
    expect(readRateLimit(new Headers({ "x-rate-limit-limit": "nope" }))).toBeNull();
  });
});

describe("readRetryAfter", () => {
  const now = new Date("2026-11-28T12:00:00Z");
  it("reads seconds and HTTP dates", () => {
    expect(readRetryAfter(new Headers({ "retry-after": "30" }), now)).toEqual(new Date("2026-11-28T12:00:30Z"));
    expect(readRetryAfter(new Headers({ "retry-after": "Sat, 28 Nov 2026 12:05:00 GMT" }), now)).toEqual(
      new Date("2026-11-28T12:05:00Z"),
    );
    expect(readRetryAfter(new Headers(), now)).toBeNull();
  });
});
