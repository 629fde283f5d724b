/**
 * A destination's schedule and when it next runs. The sync scheduler calls computeNextRunAt after
 * each scheduled run with the time that run was due, so an interval does not drift by the time a
 * run takes.
 */
export type Schedule =
  | { kind: "MANUAL" }
  | { kind: "INTERVAL"; intervalMinutes: number }
  /** "HH:mm", UTC. */
  | { kind: "DAILY"; dailyAt: string };

const MINUTE_MS = 60_000;

export function computeNextRunAt(schedule: Schedule, after: Date): Date | null {
  switch (schedule.kind) {
    case "MANUAL":
      return null;
    case "INTERVAL": {
      const next = after.getTime() + schedule.intervalMinutes * MINUTE_MS;
      // Whole minutes: schedules read "10:15", not "10:15:42.318".
      return new Date(Math.ceil(next / MINUTE_MS) * MINUTE_MS);
    }
    case "DAILY": {
      const [hours, minutes] = parseDailyAt(schedule.dailyAt);
      const today = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), hours, minutes);
      return new Date(today > after.getTime() ? today : today + 24 * 60 * MINUTE_MS);
    }
  }
}

export const DAILY_AT_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseDailyAt(value: string): [number, number] {
  const match = DAILY_AT_PATTERN.exec(value);
  if (!match) throw new Error(`Not an HH:mm time: ${value}`);
  return [Number(match[1]), Number(match[2])];
}

export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case "MANUAL":
      return "Manual only";
    case "INTERVAL": {
      const minutes = schedule.intervalMinutes;
      if (minutes % 60 === 0) return minutes === 60 ? "Every hour" : `Every ${minutes / 60} hours`;
      return minutes === 1 ? "Every minute" : `Every ${minutes} minutes`;
    }
    case "DAILY":
      return `Daily at ${schedule.dailyAt} UTC`;
  }
}

/** The schedule stored on a Destination row, read back. */
export function scheduleOf(row: { scheduleKind: "MANUAL" | "INTERVAL" | "DAILY"; scheduleIntervalMinutes: number | null; scheduleDailyAt: string | null }): Schedule {
  if (row.scheduleKind === "INTERVAL" && row.scheduleIntervalMinutes) return { kind: "INTERVAL", intervalMinutes: row.scheduleIntervalMinutes };
  if (row.scheduleKind === "DAILY" && row.scheduleDailyAt && DAILY_AT_PATTERN.test(row.scheduleDailyAt)) return { kind: "DAILY", dailyAt: row.scheduleDailyAt };
  return { kind: "MANUAL" };
}
