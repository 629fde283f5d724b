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

/**
 * Reads a conversion time from a source cell. Accepted: a Date (database timestamp), epoch seconds
 * or milliseconds (number or digits), ISO 8601 with `Z` or an offset, and `YYYY-MM-DD[ T]HH:mm[:ss[.f]]`
 * without one, read in `timeZone` (the source's zone). An empty cell is `empty`: the caller makes
 * that an invalid row, because Sluice never substitutes "now" for a missing time.
 */
export function parseConversionTime(cell: SourceValue | undefined, timeZone: string): Parsed<ConversionTime> {
  if (cell === null || cell === undefined) return parsedEmpty;
  if (cell instanceof Date) return fromEpochMs(cell.getTime(), []);
  if (typeof cell === "number") return fromEpochNumber(cell);
  if (typeof cell !== "string") return parsedError("conversion_time_invalid", "is not a date, a timestamp or a number");
  const text = cell.trim();
  if (text.length === 0) return parsedEmpty;
  if (EPOCH_TEXT.test(text)) return fromEpochNumber(Number(text));
  const match = DATE_TIME.exec(text);
  if (!match) return parsedError("conversion_time_invalid", "is not an ISO 8601 date-time, a `YYYY-MM-DD HH:mm:ss` time or an epoch number");
  return fromParts(match, timeZone);
}

function fromEpochNumber(value: number): Parsed<ConversionTime> {
  if (!Number.isFinite(value)) return parsedError("conversion_time_invalid", "is not a finite number");
  return fromEpochMs(Math.abs(value) < MILLISECONDS_FROM ? value * 1000 : value, []);
}

function fromEpochMs(epochMs: number, warnings: ConversionTime["warnings"]): Parsed<ConversionTime> {
  if (Number.isNaN(epochMs)) return parsedError("conversion_time_invalid", "is an invalid date");
  const rounded = Math.floor(epochMs);
  if (rounded < EARLIEST_MS || rounded >= LATEST_MS) {
    return parsedError("conversion_time_out_of_range", "is outside 2000-01-01..2099-12-31; check the column or the epoch unit");
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
    warnings.push({ code: "conversion_time_date_only", message: `has no time of day; midnight in ${timeZone} was used` });
  }
  if (zone !== undefined) {
    const offset = parseOffsetMs(zone);
    if (offset === undefined) return parsedError("conversion_time_invalid", "has an offset out of range");
    return fromEpochMs(wallMs - offset, warnings);
  }
  const resolved = zonedWallTimeToUtc(wallMs, timeZone);
  if (resolved.shiftedOverGap) {
    warnings.push({ code: "conversion_time_nonexistent_local", message: `does not exist in ${timeZone} (clock change); moved forward` });
  }
  if (resolved.ambiguous) {
    warnings.push({ code: "conversion_time_ambiguous_local", message: `happens twice in ${timeZone} (clock change); the earlier one was used` });
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
