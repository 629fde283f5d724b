import { describe, expect, it } from "vitest";
import { parseRunFilters, runsHref } from "./run-filters";

describe("parseRunFilters", () => {
  it("reads destination, status and an inclusive range of days in the viewer's zone", () => {
    const parsed = parseRunFilters({
      destination: "d1",
      status: "FAILED",
      from: "2026-03-08",
      to: "2026-03-09",
      tz: "America/New_York",
    });
    expect(parsed.filters).toEqual({
      destinationId: "d1",
      status: "FAILED",
      from: "2026-03-08",
      to: "2026-03-09",
      timeZone: "America/New_York",
    });
    expect(parsed.createdFrom?.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(parsed.createdBefore?.toISOString()).toBe("2026-03-10T04:00:00.000Z");
    expect(parsed.rangeError).toBeNull();
  });

  it("drops values that do not parse instead of failing the page", () => {
    const parsed = parseRunFilters({
      status: "EXPLODED",
      from: "2026-13-01",
      to: ["2026-03-01", "x"],
      tz: "Mars/Olympus",
    });
    expect(parsed.filters).toEqual({
      destinationId: null,
      status: null,
      from: null,
      to: "2026-03-01",
      timeZone: "UTC",
    });
    expect(parsed.createdBefore?.toISOString()).toBe("2026-03-02T00:00:00.000Z");
  });

  it("says when the range ends before it starts", () => {
    expect(parseRunFilters({ from: "2026-03-09", to: "2026-03-08" }).rangeError).toBe(
      "The end date is before the start date.",
    );
  });

  it("writes the same filters back into a URL", () => {
    const { filters } = parseRunFilters({
      destination: "d 1",
      status: "PARTIAL",
      from: "2026-03-08",
      tz: "Europe/Paris",
    });
    expect(runsHref(filters, "abc")).toBe(
      "/runs?destination=d+1&status=PARTIAL&from=2026-03-08&tz=Europe%2FParis&cursor=abc",
    );
    expect(runsHref(parseRunFilters({}).filters)).toBe("/runs");
  });
});
