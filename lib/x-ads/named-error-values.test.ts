import { describe, expect, it } from "vitest";
import { namedErrorValue, namedErrorValues } from "./named-error-values";

describe("namedErrorValue: the value X's message quotes", () => {
  it.each([
    ["hashed_email (abc) is not a valid SHA-256 hash", { parameter: "hashed_email", value: "abc" }],
    ["event_id (p3aa1) does not belong to provided account", { parameter: "event_id", value: "p3aa1" }],
    // "(SET)" at the end is not part of the value.
    ["event_id (o6dkt) is not a single event tag (SET)", { parameter: "event_id", value: "o6dkt" }],
    // A user agent's own parentheses are.
    [
      "user_agent (Mozilla/5.0 (X11; Linux x86_64) Gecko) is not valid",
      { parameter: "user_agent", value: "Mozilla/5.0 (X11; Linux x86_64) Gecko" },
    ],
    ["ip_address (1.2.3) is not a valid IP address", { parameter: "ip_address", value: "1.2.3" }],
    [
      'Expected Time in yyyy-MM-ddTHH:mm:ss.SSSZ, got "2022-06-16T01:14:00.603" for conversion_time',
      { parameter: "conversion_time", value: "2022-06-16T01:14:00.603" },
    ],
  ])("%s", (message, expected) => {
    expect(namedErrorValue(message)).toEqual(expected);
  });

  it.each([
    "Event ID was not found",
    "At least one user identifier must be provided",
    "Conversion count limit is 500",
    "Pixel o8z6j was not found",
    "This request is not properly authenticated",
    "",
  ])("names nothing in %j", (message) => {
    expect(namedErrorValue(message)).toBeNull();
  });

  it("is liberal where X's wording is unconfirmed: the value right after the named parameter", () => {
    expect(namedErrorValue("Invalid value: hashed_phone_number (12ab) rejected", "hashed_phone_number")).toEqual({
      parameter: "hashed_phone_number",
      value: "12ab",
    });
    expect(namedErrorValue("Invalid value: hashed_phone_number (12ab) rejected")).toBeNull();
  });
});

describe("namedErrorValues: every value named in an error body", () => {
  it("reads X's raw messages, one entry per value, skipping errors that name none", () => {
    const body = {
      errors: [
        { code: "NOT_FOUND", message: "event_id (p3aa1) does not belong to provided account", parameter: "event_id" },
        {
          code: "INVALID_PARAMETER",
          message: "event_id (p3aa1) is not a single event tag (SET)",
          parameter: "event_id",
        },
        {
          code: "INVALID_PARAMETER",
          message: "hashed_email (jane@example.com) is not a valid SHA-256 hash",
          parameter: "hashed_email",
        },
        { code: "INVALID_PARAMETER", message: "At least one user identifier must be provided", parameter: "" },
        { code: 32 },
        "not an object",
      ],
    };
    expect(namedErrorValues(body)).toEqual([
      { parameter: "event_id", value: "p3aa1" },
      { parameter: "hashed_email", value: "jane@example.com" },
    ]);
  });

  it("finds nothing in HTML or bodies without errors", () => {
    expect(namedErrorValues("<html>Not found</html>")).toEqual([]);
    expect(namedErrorValues({ errors: [] })).toEqual([]);
    expect(namedErrorValues(null)).toEqual([]);
  });
});
