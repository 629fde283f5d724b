import { describe, expect, it } from "vitest";
import { computeNextRunAt, describeSchedule, scheduleOf } from "./schedule";

const at = (iso: string) => new Date(iso);

describe("computeNextRunAt", () => {
  it("never schedules a manual destination", () => {
    expect(computeNextRunAt({ kind: "MANUAL" }, at("2026-03-01T10:00:00Z"))).toBeNull();
  });

  it("adds the interval, rounded up to a whole minute", () => {
    expect(computeNextRunAt({ kind: "INTERVAL", intervalMinutes: 15 }, at("2026-03-01T10:00:00Z"))?.toISOString()).toBe("2026-03-01T10:15:00.000Z");
    expect(computeNextRunAt({ kind: "INTERVAL", intervalMinutes: 120 }, at("2026-03-01T10:00:20.500Z"))?.toISOString()).toBe("2026-03-01T12:01:00.000Z");
  });

  it("runs daily at the UTC time: later today, or tomorrow once it has passed", () => {
    expect(computeNextRunAt({ kind: "DAILY", dailyAt: "06:30" }, at("2026-03-01T05:00:00Z"))?.toISOString()).toBe("2026-03-01T06:30:00.000Z");
    expect(computeNextRunAt({ kind: "DAILY", dailyAt: "06:30" }, at("2026-03-01T06:30:00Z"))?.toISOString()).toBe("2026-03-02T06:30:00.000Z");
    expect(computeNextRunAt({ kind: "DAILY", dailyAt: "00:00" }, at("2026-12-31T23:59:00Z"))?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("describeSchedule / scheduleOf", () => {
  it("reads stored columns back and describes them", () => {
    expect(describeSchedule(scheduleOf({ scheduleKind: "INTERVAL", scheduleIntervalMinutes: 180, scheduleDailyAt: null }))).toBe("Every 3 hours");
    expect(describeSchedule(scheduleOf({ scheduleKind: "INTERVAL", scheduleIntervalMinutes: 30, scheduleDailyAt: null }))).toBe("Every 30 minutes");
    expect(describeSchedule(scheduleOf({ scheduleKind: "DAILY", scheduleIntervalMinutes: null, scheduleDailyAt: "07:05" }))).toBe("Daily at 07:05 UTC");
    // A stored value that makes no sense is treated as manual rather than guessed at.
    expect(scheduleOf({ scheduleKind: "DAILY", scheduleIntervalMinutes: null, scheduleDailyAt: "25:00" })).toEqual({ kind: "MANUAL" });
  });
});
