/**
 * Sluice's one way of writing a moment: "6 Dec 2026, 03:28 UTC" (day, short month, year, 24-hour
 * time and the zone's short name), in whatever IANA zone is asked for; relative times ("3 min ago",
 * "in 2 h") for moments close to now. Pure: the <DateTime> component picks the viewer's zone.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
      hourCycle: "h23",
      timeZone,
      timeZoneName: "short",
    });
    formats.set(key, format);
  }
  return format;
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/** "6 Dec 2026, 03:28 UTC"; in `timeZone` (an IANA name; UTC when not given). */
export function formatDateTime(value: string | Date, options: { timeZone?: string; seconds?: boolean } = {}): string {
  return formatFor(options.timeZone ?? "UTC", options.seconds ?? false).format(toDate(value));
}

/** The exact moment in UTC, for a tooltip: "2026-12-06 03:28:41 UTC". */
export function formatUtcExact(value: string | Date): string {
  return `${toDate(value).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

const UNITS: [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["min", 60_000],
];

/**
 * "just now", "3 min ago", "in 2 h", "5 d ago"; null beyond `withinMs` (a week by default), where
 * a date says more than a count of days.
 */
export function formatRelative(value: string | Date, now: Date | number, withinMs = 7 * 86_400_000): string | null {
  const delta = toDate(value).getTime() - (typeof now === "number" ? now : now.getTime());
  const distance = Math.abs(delta);
  if (distance > withinMs) return null;
  if (distance < 60_000) return delta <= 0 ? "just now" : "in under a minute";
  for (const [unit, ms] of UNITS) {
    if (distance >= ms) {
      const count = Math.floor(distance / ms);
      return delta < 0 ? `${count} ${unit} ago` : `in ${count} ${unit}`;
    }
  }
  return null;
}

/** Whether `timeZone` is an IANA zone this runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return true;
  } catch {
    return false;
  }
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `at` (ms). */
function zoneOffsetMs(at: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((part) => [part.type, part.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant a calendar day ("2026-03-08") starts in `timeZone`: a date range typed by a
 * viewer means their days, not UTC's. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const [year, month, date] = day.split("-").map(Number);
  const midnightAsUtc = Date.UTC(year!, month! - 1, date!);
  // The offset at midnight may differ from the one at the guess when the clocks change that day.
  const guess = midnightAsUtc - zoneOffsetMs(midnightAsUtc, timeZone);
  return new Date(midnightAsUtc - zoneOffsetMs(guess, timeZone));
}
