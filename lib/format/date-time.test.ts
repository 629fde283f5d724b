import { describe, expect, it } from "vitest";
import { formatDateTime, formatRelative, formatUtcExact, isTimeZone, startOfDayIn } from "./date-time";

describe("formatDateTime", () => {
  it("writes one format, in the zone asked for, UTC by default", () => {
    expect(formatDateTime("2026-12-06T03:28:41.500Z")).toBe("6 Dec 2026, 03:28 UTC");
    expect(formatDateTime("2026-12-06T03:28:41.500Z", { seconds: true })).toBe("6 Dec 2026, 03:28:41 UTC");
    expect(formatDateTime(new Date("2026-12-06T03:28:00Z"), { timeZone: "Europe/Paris" })).toBe(
      "6 Dec 2026, 04:28 CET",
    );
    expect(formatDateTime("2026-07-06T03:28:00Z", { timeZone: "Europe/Paris" })).toBe("6 Jul 2026, 05:28 CEST");
    // 24-hour clock even at midnight (never "24:05").
    expect(formatDateTime("2026-12-06T00:05:00Z")).toBe("6 Dec 2026, 00:05 UTC");
  });

  it("gives the exact UTC moment for tooltips", () => {
    expect(formatUtcExact("2026-12-06T03:28:41.500Z")).toBe("2026-12-06 03:28:41 UTC");
  });
});

describe("formatRelative", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  it("counts minutes, hours and days either way", () => {
    expect(formatRelative("2026-12-06T11:59:30Z", now)).toBe("just now");
    expect(formatRelative("2026-12-06T12:00:30Z", now)).toBe("in under a minute");
    expect(formatRelative("2026-12-06T11:57:00Z", now)).toBe("3 min ago");
    expect(formatRelative("2026-12-06T14:10:00Z", now)).toBe("in 2 h");
    expect(formatRelative("2026-12-01T12:00:00Z", now)).toBe("5 d ago");
  });

  it("gives up beyond a week, where a date says more", () => {
    expect(formatRelative("2026-11-20T12:00:00Z", now)).toBeNull();
    expect(formatRelative("2026-12-06T13:00:00Z", now, 30 * 60_000)).toBeNull();
  });
});

describe("isTimeZone", () => {
  it("knows IANA zones and nothing else", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});

describe("startOfDayIn", () => {
  it("finds midnight of a day in a zone, on ordinary and DST-change days", () => {
    expect(startOfDayIn("2026-12-06", "UTC").toISOString()).toBe("2026-12-06T00:00:00.000Z");
    expect(startOfDayIn("2026-12-06", "Europe/Paris").toISOString()).toBe("2026-12-05T23:00:00.000Z");
    expect(startOfDayIn("2026-07-06", "America/New_York").toISOString()).toBe("2026-07-06T04:00:00.000Z");
    // The day New York springs forward (at 02:00, after midnight) and the day after.
    expect(startOfDayIn("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayIn("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfDayIn("2026-12-06", "Asia/Kolkata").toISOString()).toBe("2026-12-05T18:30:00.000Z");
  });
});
