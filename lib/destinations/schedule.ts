import { Cron } from "croner";
import { isTimeZone as isKnownZone } from "@/lib/format/date-time";

/**
 * A destination's schedule and when it next runs. The sync scheduler calls computeNextRunAt after
 * each scheduled run with the time that run was due, so an interval does not drift by the time a
 * run takes. Daily times and cron expressions are read in the schedule's IANA time zone, so a
 * 06:00 run stays at 06:00 local time across daylight-saving changes (croner does the zone maths).
 */
export type Schedule =
  | { kind: "MANUAL" }
  | { kind: "INTERVAL"; intervalMinutes: number }
  /** "HH:mm" in `timeZone`. */
  | { kind: "DAILY"; dailyAt: string; timeZone: string }
  /** Five fields (minute hour day-of-month month day-of-week), read in `timeZone`. */
  | { kind: "CRON"; cron: string; timeZone: string };

const MINUTE_MS = 60_000;
/** The shortest gap between two runs a cron expression may ask for, as for intervals. */
export const CRON_MIN_GAP_MINUTES = 5;

export const DAILY_AT_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

function cronFor(schedule: Extract<Schedule, { kind: "DAILY" | "CRON" }>): Cron {
  const pattern = schedule.kind === "DAILY" ? dailyPattern(schedule.dailyAt) : schedule.cron;
  // paused: a Cron object only computes times here; the worker's tick does the running.
  return new Cron(pattern, { timezone: schedule.timeZone, paused: true });
}

function dailyPattern(dailyAt: string): string {
  const match = DAILY_AT_PATTERN.exec(dailyAt);
  if (!match) throw new Error(`Not an HH:mm time: ${dailyAt}`);
  return `${Number(match[2])} ${Number(match[1])} * * *`;
}

/**
 * The first run strictly after `after`. A daily time that does not exist on a spring-forward day
 * (02:30 when clocks jump from 02:00 to 03:00) runs at the first minute after the gap; one that
 * happens twice on a fall-back day runs once, at its first occurrence.
 */
export function computeNextRunAt(schedule: Schedule, after: Date): Date | null {
  switch (schedule.kind) {
    case "MANUAL":
      return null;
    case "INTERVAL": {
      const next = after.getTime() + schedule.intervalMinutes * MINUTE_MS;
      // Whole minutes: schedules read "10:15", not "10:15:42.318".
      return new Date(Math.ceil(next / MINUTE_MS) * MINUTE_MS);
    }
    case "DAILY":
    case "CRON":
      return cronFor(schedule).nextRun(after);
  }
}

/** The next `count` run times after `after` (fewer when the schedule ends, none when manual). */
export function nextRunTimes(schedule: Schedule, after: Date, count: number): Date[] {
  const times: Date[] = [];
  let from = after;
  for (let i = 0; i < count; i++) {
    const next = computeNextRunAt(schedule, from);
    if (!next) break;
    times.push(next);
    from = next;
  }
  return times;
}

/** Why a cron expression cannot be a schedule, or null when it can. */
export function checkCronExpression(expression: string, timeZone: string, now = new Date()): string | null {
  const fields = expression.trim().split(/\s+/);
  if (expression.trim() === "" || fields.length !== 5) {
    return "Enter five fields: minute, hour, day of month, month, day of week (like 0 6 * * 1-5).";
  }
  let times: Date[];
  try {
    times = nextRunTimes({ kind: "CRON", cron: fields.join(" "), timeZone }, now, 20);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, "") : "it is not a cron expression";
    return `That is not a cron expression Sluice can read: ${reason}.`;
  }
  if (times.length === 0) return "That expression never matches a date (like 30 February).";
  for (let i = 1; i < times.length; i++) {
    if (times[i]!.getTime() - times[i - 1]!.getTime() < CRON_MIN_GAP_MINUTES * MINUTE_MS) {
      return `Runs must be at least ${CRON_MIN_GAP_MINUTES} minutes apart.`;
    }
  }
  return null;
}

const zoneSuffix = (timeZone: string) => (timeZone === "UTC" ? " UTC" : ` (${timeZone})`);

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
      return `Daily at ${schedule.dailyAt}${zoneSuffix(schedule.timeZone)}`;
    case "CRON":
      return `Cron “${schedule.cron}”${zoneSuffix(schedule.timeZone)}`;
  }
}

export interface StoredSchedule {
  scheduleKind: "MANUAL" | "INTERVAL" | "DAILY" | "CRON";
  scheduleIntervalMinutes: number | null;
  scheduleDailyAt: string | null;
  scheduleCron?: string | null;
  /** Null (rows saved before time zones): UTC. */
  scheduleTimeZone?: string | null;
}

/** The schedule stored on a Destination row, read back. A stored value that makes no sense is
 * treated as manual rather than guessed at. */
export function scheduleOf(row: StoredSchedule): Schedule {
  const timeZone = row.scheduleTimeZone || "UTC";
  if (row.scheduleKind === "INTERVAL" && row.scheduleIntervalMinutes)
    return { kind: "INTERVAL", intervalMinutes: row.scheduleIntervalMinutes };
  if (
    row.scheduleKind === "DAILY" &&
    row.scheduleDailyAt &&
    DAILY_AT_PATTERN.test(row.scheduleDailyAt) &&
    isKnownZone(timeZone)
  ) {
    return { kind: "DAILY", dailyAt: row.scheduleDailyAt, timeZone };
  }
  if (row.scheduleKind === "CRON" && row.scheduleCron && isKnownZone(timeZone) && parses(row.scheduleCron)) {
    return { kind: "CRON", cron: row.scheduleCron, timeZone };
  }
  return { kind: "MANUAL" };
}

function parses(cron: string): boolean {
  try {
    new Cron(cron, { paused: true });
    return cron.trim().split(/\s+/).length === 5;
  } catch {
    return false;
  }
}

/** A schedule as the Destination row's columns. */
export function scheduleColumns(schedule: Schedule): Required<StoredSchedule> {
  return {
    scheduleKind: schedule.kind,
    scheduleIntervalMinutes: schedule.kind === "INTERVAL" ? schedule.intervalMinutes : null,
    scheduleDailyAt: schedule.kind === "DAILY" ? schedule.dailyAt : null,
    scheduleCron: schedule.kind === "CRON" ? schedule.cron : null,
    scheduleTimeZone: schedule.kind === "DAILY" || schedule.kind === "CRON" ? schedule.timeZone : null,
  };
}
