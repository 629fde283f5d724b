import { describe, expect, it } from "vitest";
import { decodeXErrors } from "./x-api-errors";

describe("decodeXErrors", () => {
  it("decodes Ads API errors with string codes and parameters", () => {
    const body = {
      errors: [
        { code: "INVALID_PARAMETER", message: "Expected Time in ...", parameter: "conversion_time", details: "x" },
      ],
      request: { params: {} },
    };
    expect(decodeXErrors(body, 400)).toEqual([
      { code: "INVALID_PARAMETER", message: "Expected Time in ...", parameter: "conversion_time" },
    ]);
  });

  it("decodes v1.1 errors with numeric codes", () => {
    expect(decodeXErrors({ errors: [{ code: 32, message: "Could not authenticate you." }] }, 401)).toEqual([
      { code: "32", message: "Could not authenticate you." },
    ]);
  });

  it("falls back to the HTTP status for HTML or empty bodies", () => {
    expect(decodeXErrors("<html>Bad gateway</html>", 502)).toEqual([
      { code: "HTTP_502", message: "X answered HTTP 502" },
    ]);
    expect(decodeXErrors({ errors: [] }, 404)).toEqual([{ code: "HTTP_404", message: "X answered HTTP 404" }]);
  });

  it("redacts identifier values X quotes back, user agents' own parentheses included", () => {
    const errors = decodeXErrors(
      {
        errors: [
          {
            code: "INVALID_PARAMETER",
            message: "hashed_email (jane@example.com) is not a valid SHA-256 hash",
            parameter: "hashed_email",
          },
          {
            code: "INVALID_PARAMETER",
            message: "user_agent (Mozilla/5.0 (X11; Linux) Gecko) is odd",
            parameter: "user_agent",
          },
          {
            code: "INVALID_PARAMETER",
            message: "event_id (o6dkt) is not a single event tag (SET)",
            parameter: "event_id",
          },
        ],
      },
      400,
    );
    expect(errors.map((e) => e.message)).toEqual([
      "hashed_email ([redacted]) is not a valid SHA-256 hash",
      "user_agent ([redacted]) is odd",
      "event_id (o6dkt) is not a single event tag (SET)",
    ]);
  });
});
