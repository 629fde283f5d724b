import type { SourceValue } from "@/lib/sources/types";
import type { ConversionProblemCode } from "./problem-codes";
import { parsedEmpty, parsedError, parsedValue, type Parsed } from "./types";
import { zonedWallTimeToUtc } from "./zoned-time";

export interface ConversionTime {
  /** UTC, `yyyy-MM-ddTHH:mm:ss.SSSZ`: the one form X's error text says it expects. */
  iso: string;
  warnings: Array<{ code: ConversionProblemCode; message: string }>;
}

// Outside this window a value is far likelier a misread column (a yyyymmdd integer taken as epoch
// seconds, microseconds taken as milliseconds) than a real conversion; X documents no window.
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);
// Below 1e11 a number is epoch seconds (1e11 s is year 5138); above, milliseconds (1e11 ms is 1973).
const MILLISECONDS_FROM = 1e11;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const EPOCH_TEXT = /^\d+(?:\.\d+)?$/;
// A day, month and year in either order ("31/12/2026", "12-31-2026", "31.12.2026 14:03"), and a
// time of day with optional seconds and AM/PM.
const NUMERIC_DATE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?)?$/i;

/** How a mapping's dates are written when they are not ISO 8601 or epoch numbers. */
export type DateOrder = "auto" | "DMY" | "MDY";

/**
 * Reads a conversion time from a source cell. Accepted: a Date (database timestamp), epoch seconds
 * or milliseconds (number or digits), ISO 8601 with `Z` or an offset, and `YYYY-MM-DD[ T]HH:mm[:ss[.f]]`
 * without one, read in `timeZone` (the source's zone). An empty cell is `empty`: the caller makes
 * that an invalid row, because Sluice never substitutes "now" for a missing time.
 */
export function parseConversionTime(
  cell: SourceValue | undefined,
  timeZone: string,
  dateOrder: DateOrder = "auto",
): Parsed<ConversionTime> {
  if (cell === null || cell === undefined) return parsedEmpty;
  if (cell instanceof Date) return fromEpochMs(cell.getTime(), []);
  if (typeof cell === "number") return fromEpochNumber(cell);
  if (typeof cell !== "string") return parsedError("conversion_time_invalid", "is not a date, a timestamp or a number");
  const text = cell.trim();
  if (text.length === 0) return parsedEmpty;
  if (EPOCH_TEXT.test(text)) return fromEpochNumber(Number(text));
  const match = DATE_TIME.exec(text);
  if (match) return fromParts(match, timeZone);
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric && dateOrder !== "auto") return fromNumericDate(numeric, dateOrder, timeZone);
  if (numeric) {
    return parsedError(
      "conversion_time_invalid",
      "is written day and month in an order Sluice cannot know; choose the date format (DD/MM/YYYY or MM/DD/YYYY) in the mapping",
    );
  }
  return parsedError(
    "conversion_time_invalid",
    "is not an ISO 8601 date-time, a “YYYY-MM-DD HH:mm:ss” time, a date in the mapping's date format or an epoch number",
  );
}

/** "31/12/2026 2:03 PM" in the mapping's order, rebuilt as the ISO parts fromParts reads. */
function fromNumericDate(
  match: RegExpExecArray,
  order: Exclude<DateOrder, "auto">,
  timeZone: string,
): Parsed<ConversionTime> {
  const [, first, , second, year, h, mi, s, fraction, meridiem] = match;
  const [day, month] = order === "DMY" ? [first!, second!] : [second!, first!];
  let hour = h === undefined ? undefined : Number(h);
  if (hour !== undefined && meridiem !== undefined) {
    if (hour < 1 || hour > 12) return parsedError("conversion_time_invalid", "has an hour out of range for AM/PM");
    hour = (hour % 12) + (/^p/i.test(meridiem) ? 12 : 0);
  }
  const pad = (value: string | number) => String(value).padStart(2, "0");
  const iso = `${year}-${pad(month)}-${pad(day)}${hour === undefined ? "" : ` ${pad(hour)}:${mi}${s === undefined ? "" : `:${s}${fraction === undefined ? "" : `.${fraction}`}`}`}`;
  const rebuilt = DATE_TIME.exec(iso);
  if (!rebuilt) return parsedError("conversion_time_invalid", "is not a date in the mapping's date format");
  return fromParts(rebuilt, timeZone);
}

/** Future conversions are more likely a wrong zone or date format than real; X documents no
 * window, so they are sent with a warning. Ten minutes allow for clocks that drift. */
export const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

export function futureWarning(iso: string, nowMs: number): { code: "conversion_time_future"; message: string } | null {
  const ahead = Date.parse(iso) - nowMs;
  if (ahead <= FUTURE_TOLERANCE_MS) return null;
  const minutes = Math.round(ahead / 60_000);
  const span =
    minutes < 120
      ? `${minutes} minutes`
      : minutes < 2 * 24 * 60
        ? `${Math.round(minutes / 60)} hours`
        : `${Math.round(minutes / (24 * 60))} days`;
  return {
    code: "conversion_time_future",
    message: `is ${span} in the future; check the source time zone and date format`,
  };
}

/**
 * The date order a sample of a time column shows, when it shows one: a first number above 12
 * means day first, a second above 12 month first. Null when the sample has no such dates, when
 * none settles the order (every day is 12 or less) or when the sample says both.
 */
export function suggestDateOrder(cells: readonly SourceValue[]): Exclude<DateOrder, "auto"> | null {
  let dayFirst = false;
  let monthFirst = false;
  for (const cell of cells) {
    if (typeof cell !== "string") continue;
    const match = NUMERIC_DATE.exec(cell.trim());
    if (!match) continue;
    if (Number(match[1]) > 12) dayFirst = true;
    if (Number(match[3]) > 12) monthFirst = true;
  }
  if (dayFirst === monthFirst) return null;
  return dayFirst ? "DMY" : "MDY";
}

function fromEpochNumber(value: number): Parsed<ConversionTime> {
  if (!Number.isFinite(value)) return parsedError("conversion_time_invalid", "is not a finite number");
  return fromEpochMs(Math.abs(value) < MILLISECONDS_FROM ? value * 1000 : value, []);
}

function fromEpochMs(epochMs: number, warnings: ConversionTime["warnings"]): Parsed<ConversionTime> {
  if (Number.isNaN(epochMs)) return parsedError("conversion_time_invalid", "is an invalid date");
  const rounded = Math.floor(epochMs);
  if (rounded < EARLIEST_MS || rounded >= LATEST_MS) {
    return parsedError(
      "conversion_time_out_of_range",
      "is outside 2000-01-01..2099-12-31; check the column or the epoch unit",
    );
  }
  return parsedValue({ iso: new Date(rounded).toISOString(), warnings });
}

function fromParts(match: RegExpExecArray, timeZone: string): Parsed<ConversionTime> {
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const millis = Number((fraction ?? "").padEnd(3, "0").slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return parsedError("conversion_time_invalid", "has a month, day, hour, minute or second out of range");
  }
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const warnings: ConversionTime["warnings"] = [];
  if (h === undefined) {
    warnings.push({
      code: "conversion_time_date_only",
      message: `has no time of day; midnight in ${timeZone} was used`,
    });
  }
  if (zone !== undefined) {
    const offset = parseOffsetMs(zone);
    if (offset === undefined) return parsedError("conversion_time_invalid", "has an offset out of range");
    return fromEpochMs(wallMs - offset, warnings);
  }
  const resolved = zonedWallTimeToUtc(wallMs, timeZone);
  if (resolved.shiftedOverGap) {
    warnings.push({
      code: "conversion_time_nonexistent_local",
      message: `does not exist in ${timeZone} (clock change); moved forward`,
    });
  }
  if (resolved.ambiguous) {
    warnings.push({
      code: "conversion_time_ambiguous_local",
      message: `happens twice in ${timeZone} (clock change); the earlier one was used`,
    });
  }
  return fromEpochMs(resolved.epochMs, warnings);
}

function parseOffsetMs(zone: string): number | undefined {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || "0");
  if (hours > 18 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes) * 60_000;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
