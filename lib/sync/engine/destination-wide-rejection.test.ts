import { describe, expect, it } from "vitest";
import { destinationWideRejection } from "./destination-wide-rejection";

const destination = { pixelId: "o8z6j", eventId: "o87ne" };
const column = { pixelId: "o8z6j", eventId: null };

describe("destinationWideRejection", () => {
  it("the destination's own event refused, named or not, stops the run", () => {
    const notFound = {
      status: 400,
      errors: [{ code: "INVALID_PARAMETER", message: "Event ID was not found", parameter: "event_id" }],
    };
    expect(destinationWideRejection(notFound, destination)).toBe(
      "X refuses the destination's event o87ne (it may have been deleted at X, or belong to another ad account). Choose the event again in the destination's settings. X said: Event ID was not found",
    );
    const named = {
      status: 404,
      errors: [
        { code: "NOT_FOUND", message: "event_id (o87ne) does not belong to provided account", parameter: "event_id" },
      ],
      namedValues: [{ parameter: "event_id", value: "o87ne" }],
    };
    expect(destinationWideRejection(named, destination)).toMatch(/^X refuses the destination's event o87ne/);
  });

  it("an event error about another value, or with events from a column, concerns only some rows", () => {
    const other = {
      status: 404,
      errors: [
        { code: "NOT_FOUND", message: "event_id (p3aa1) does not belong to provided account", parameter: "event_id" },
      ],
      namedValues: [{ parameter: "event_id", value: "p3aa1" }],
    };
    expect(destinationWideRejection(other, destination)).toBeNull();
    expect(
      destinationWideRejection(
        {
          status: 400,
          errors: [{ code: "INVALID_PARAMETER", message: "Event ID was not found", parameter: "event_id" }],
        },
        column,
      ),
    ).toBeNull();
  });

  it("the pixel gone stops the run, whatever the event mapping", () => {
    const gone = { status: 404, errors: [{ code: "NOT_FOUND", message: "Pixel o8z6j was not found" }] };
    expect(destinationWideRejection(gone, column)).toMatch(
      /^X does not know the destination's pixel o8z6j .* X said: Pixel o8z6j was not found$/,
    );
    expect(
      destinationWideRejection(
        { status: 404, errors: [{ code: "ROUTE_NOT_FOUND", message: "The requested resource could not be found" }] },
        destination,
      ),
    ).toMatch(/pixel o8z6j/);
  });

  it("a bad identifier is about one conversion", () => {
    const hash = {
      status: 400,
      errors: [
        {
          code: "INVALID_PARAMETER",
          message: "hashed_email ([redacted]) is not a valid SHA-256 hash",
          parameter: "hashed_email",
        },
      ],
    };
    expect(destinationWideRejection(hash, destination)).toBeNull();
    expect(
      destinationWideRejection(
        {
          status: 400,
          errors: [
            { code: "INVALID_PARAMETER", message: "At least one user identifier must be provided", parameter: "" },
          ],
        },
        destination,
      ),
    ).toBeNull();
  });
});
