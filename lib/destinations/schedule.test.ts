import { describe, expect, it } from "vitest";
import {
  checkCronExpression,
  computeNextRunAt,
  describeSchedule,
  nextRunTimes,
  scheduleColumns,
  scheduleOf,
  type Schedule,
} from "./schedule";

const at = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const daily = (dailyAt: string, timeZone = "UTC"): Schedule => ({ kind: "DAILY", dailyAt, timeZone });
const cron = (expression: string, timeZone = "UTC"): Schedule => ({ kind: "CRON", cron: expression, timeZone });

describe("computeNextRunAt", () => {
  it("never schedules a manual destination", () => {
    expect(computeNextRunAt({ kind: "MANUAL" }, at("2026-03-01T10:00:00Z"))).toBeNull();
  });

  it("adds the interval, rounded up to a whole minute", () => {
    expect(computeNextRunAt({ kind: "INTERVAL", intervalMinutes: 15 }, at("2026-03-01T10:00:00Z"))?.toISOString()).toBe(
      "2026-03-01T10:15:00.000Z",
    );
    expect(
      computeNextRunAt({ kind: "INTERVAL", intervalMinutes: 120 }, at("2026-03-01T10:00:20.500Z"))?.toISOString(),
    ).toBe("2026-03-01T12:01:00.000Z");
  });

  it("runs daily at the UTC time: later today, or tomorrow once it has passed", () => {
    expect(computeNextRunAt(daily("06:30"), at("2026-03-01T05:00:00Z"))?.toISOString()).toBe(
      "2026-03-01T06:30:00.000Z",
    );
    expect(computeNextRunAt(daily("06:30"), at("2026-03-01T06:30:00Z"))?.toISOString()).toBe(
      "2026-03-02T06:30:00.000Z",
    );
    expect(computeNextRunAt(daily("00:00"), at("2026-12-31T23:59:00Z"))?.toISOString()).toBe(
      "2027-01-01T00:00:00.000Z",
    );
  });

  it("runs daily at a local time in the schedule's zone, whatever the date's offset", () => {
    // Tokyo has no daylight saving: 06:00 JST is 21:00 UTC the day before.
    expect(computeNextRunAt(daily("06:00", "Asia/Tokyo"), at("2026-03-01T12:00:00Z"))?.toISOString()).toBe(
      "2026-03-01T21:00:00.000Z",
    );
    // India is UTC+05:30.
    expect(computeNextRunAt(daily("09:15", "Asia/Kolkata"), at("2026-03-01T00:00:00Z"))?.toISOString()).toBe(
      "2026-03-01T03:45:00.000Z",
    );
  });

  it("keeps a daily time at the same wall-clock time across the spring-forward change (New York, 8 Mar 2026)", () => {
    // 06:00 EST is 11:00 UTC; from 8 March 06:00 EDT is 10:00 UTC.
    expect(iso(nextRunTimes(daily("06:00", "America/New_York"), at("2026-03-06T12:00:00Z"), 3))).toEqual([
      "2026-03-07T11:00:00.000Z",
      "2026-03-08T10:00:00.000Z",
      "2026-03-09T10:00:00.000Z",
    ]);
  });

  it("keeps a daily time at the same wall-clock time across the fall-back change (Paris, 25 Oct 2026)", () => {
    // 07:30 CEST is 05:30 UTC; from 25 October 07:30 CET is 06:30 UTC.
    expect(iso(nextRunTimes(daily("07:30", "Europe/Paris"), at("2026-10-23T12:00:00Z"), 3))).toEqual([
      "2026-10-24T05:30:00.000Z",
      "2026-10-25T06:30:00.000Z",
      "2026-10-26T06:30:00.000Z",
    ]);
  });

  it("runs a time skipped by spring-forward once, just after the gap, and a repeated time once", () => {
    // Paris, 29 Mar 2026: 02:00 jumps to 03:00, so 02:30 never happens that day.
    const skipped = nextRunTimes(daily("02:30", "Europe/Paris"), at("2026-03-27T12:00:00Z"), 3);
    expect(iso(skipped)).toEqual(["2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
    // Paris, 25 Oct 2026: 03:00 goes back to 02:00, so 02:30 happens twice; it runs once.
    const repeated = nextRunTimes(daily("02:30", "Europe/Paris"), at("2026-10-24T12:00:00Z"), 3);
    expect(iso(repeated)).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z", "2026-10-27T01:30:00.000Z"]);
  });

  it("follows a cron expression in its zone, across a daylight-saving change", () => {
    // Weekdays at 09:00 in London; BST starts on 29 March 2026.
    expect(iso(nextRunTimes(cron("0 9 * * 1-5", "Europe/London"), at("2026-03-26T12:00:00Z"), 4))).toEqual([
      "2026-03-27T09:00:00.000Z",
      "2026-03-30T08:00:00.000Z",
      "2026-03-31T08:00:00.000Z",
      "2026-04-01T08:00:00.000Z",
    ]);
    expect(iso(nextRunTimes(cron("*/30 9-10 * * *"), at("2026-03-26T10:10:00Z"), 3))).toEqual([
      "2026-03-26T10:30:00.000Z",
      "2026-03-27T09:00:00.000Z",
      "2026-03-27T09:30:00.000Z",
    ]);
  });
});

describe("checkCronExpression", () => {
  it("takes five-field expressions whose runs are at least five minutes apart", () => {
    expect(checkCronExpression("0 6 * * 1-5", "Europe/Paris")).toBeNull();
    expect(checkCronExpression("*/5 * * * *", "UTC")).toBeNull();
  });

  it("says why it refuses an expression", () => {
    expect(checkCronExpression("", "UTC")).toMatch(/five fields/);
    expect(checkCronExpression("0 6 * *", "UTC")).toMatch(/five fields/);
    expect(checkCronExpression("0 0 6 * * *", "UTC")).toMatch(/five fields/);
    expect(checkCronExpression("61 6 * * *", "UTC")).toMatch(/not a cron expression.*minute/);
    expect(checkCronExpression("* * * * *", "UTC")).toBe("Runs must be at least 5 minutes apart.");
    expect(checkCronExpression("0 0 30 2 *", "UTC")).toMatch(/never matches/);
  });
});

describe("describeSchedule / scheduleOf / scheduleColumns", () => {
  it("reads stored columns back and describes them", () => {
    expect(
      describeSchedule(scheduleOf({ scheduleKind: "INTERVAL", scheduleIntervalMinutes: 180, scheduleDailyAt: null })),
    ).toBe("Every 3 hours");
    expect(
      describeSchedule(scheduleOf({ scheduleKind: "INTERVAL", scheduleIntervalMinutes: 30, scheduleDailyAt: null })),
    ).toBe("Every 30 minutes");
    // Rows saved before time zones existed have none: UTC.
    expect(
      describeSchedule(scheduleOf({ scheduleKind: "DAILY", scheduleIntervalMinutes: null, scheduleDailyAt: "07:05" })),
    ).toBe("Daily at 07:05 UTC");
    expect(
      describeSchedule(
        scheduleOf({
          scheduleKind: "DAILY",
          scheduleIntervalMinutes: null,
          scheduleDailyAt: "07:05",
          scheduleTimeZone: "Europe/Paris",
        }),
      ),
    ).toBe("Daily at 07:05 (Europe/Paris)");
    expect(
      describeSchedule(
        scheduleOf({
          scheduleKind: "CRON",
          scheduleIntervalMinutes: null,
          scheduleDailyAt: null,
          scheduleCron: "0 6 * * 1-5",
          scheduleTimeZone: "UTC",
        }),
      ),
    ).toBe("Cron “0 6 * * 1-5” UTC");
  });

  it("treats a stored value that makes no sense as manual rather than guessing", () => {
    expect(scheduleOf({ scheduleKind: "DAILY", scheduleIntervalMinutes: null, scheduleDailyAt: "25:00" })).toEqual({
      kind: "MANUAL",
    });
    expect(
      scheduleOf({
        scheduleKind: "DAILY",
        scheduleIntervalMinutes: null,
        scheduleDailyAt: "06:00",
        scheduleTimeZone: "Mars/Olympus",
      }),
    ).toEqual({ kind: "MANUAL" });
    expect(
      scheduleOf({
        scheduleKind: "CRON",
        scheduleIntervalMinutes: null,
        scheduleDailyAt: null,
        scheduleCron: "nonsense",
        scheduleTimeZone: "UTC",
      }),
    ).toEqual({ kind: "MANUAL" });
  });

  it("round-trips through the row's columns", () => {
    for (const schedule of [
      { kind: "MANUAL" },
      { kind: "INTERVAL", intervalMinutes: 45 },
      daily("06:00", "America/New_York"),
      cron("15 */2 * * *", "Asia/Tokyo"),
    ] as Schedule[]) {
      expect(scheduleOf(scheduleColumns(schedule))).toEqual(schedule);
    }
  });
});
