/**
 * Wall-clock time in an IANA zone → UTC instant, with the Intl API only (no date library), so
 * `2024-03-10 14:00:00` read from a source in America/New_York means 18:00Z.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at instant `epochMs`, in milliseconds (east positive). */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  return asUtc - wholeSeconds;
}

export interface ZonedResolution {
  epochMs: number;
  /** The wall time does not exist (spring-forward gap) and was moved forward by the gap. */
  shiftedOverGap: boolean;
  /** The wall time happens twice (fall-back overlap); the earlier instant was taken. */
  ambiguous: boolean;
}

/**
 * `wallMs` is the wall-clock time encoded as if it were UTC. Disambiguation follows Temporal's
 * "compatible" rule, the behaviour people expect from calendars: the earlier of two instants in an
 * overlap, and in a gap the time pushed forward by the gap's length. Offsets are probed a day
 * either side, which is correct as long as a zone does not change offset twice within 48 hours.
 */
export function zonedWallTimeToUtc(wallMs: number, timeZone: string): ZonedResolution {
  const before = zoneOffsetMs(timeZone, wallMs - 86_400_000);
  const after = zoneOffsetMs(timeZone, wallMs + 86_400_000);
  const fits = (epochMs: number): boolean => epochMs + zoneOffsetMs(timeZone, epochMs) === wallMs;
  const candidates = [...new Set([wallMs - before, wallMs - after])].filter(fits).sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) {
    return { epochMs: first, shiftedOverGap: false, ambiguous: candidates.length > 1 };
  }
  return { epochMs: wallMs - before, shiftedOverGap: true, ambiguous: false };
}
