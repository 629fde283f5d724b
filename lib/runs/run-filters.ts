import { z } from "zod";
import { isTimeZone, startOfDayIn } from "@/lib/format/date-time";
import { SyncRunStatus } from "@/lib/generated/prisma/enums";

/**
 * The Runs page's filters, as they travel in its URL (a GET form, so a filtered list can be
 * bookmarked and shared): destination, status and a range of days in the viewer's time zone.
 * A value that does not parse is dropped rather than failing the page, and reported back.
 */
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const searchParamsSchema = z.object({
  destination: z.string().trim().max(64).optional().catch(undefined),
  status: z
    .enum(Object.values(SyncRunStatus) as [SyncRunStatus, ...SyncRunStatus[]])
    .optional()
    .catch(undefined),
  from: z.string().regex(DAY).optional().catch(undefined),
  to: z.string().regex(DAY).optional().catch(undefined),
  tz: z.string().max(64).refine(isTimeZone).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});

export interface RunFilters {
  destinationId: string | null;
  status: SyncRunStatus | null;
  /** "YYYY-MM-DD", inclusive, in `timeZone`. */
  from: string | null;
  to: string | null;
  timeZone: string;
}

export interface ParsedRunFilters {
  filters: RunFilters;
  cursor: string | null;
  /** Instants for the query: created at or after `createdFrom`, before `createdBefore`. */
  createdFrom: Date | null;
  createdBefore: Date | null;
  /** A range whose end is before its start, said in words for the form. */
  rangeError: string | null;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function parseRunFilters(searchParams: Record<string, string | string[] | undefined>): ParsedRunFilters {
  const raw = Object.fromEntries(
    ["destination", "status", "from", "to", "tz", "cursor"].map((key) => [key, first(searchParams[key]) || undefined]),
  );
  const parsed = searchParamsSchema.parse(raw);
  const timeZone = parsed.tz ?? "UTC";
  const filters: RunFilters = {
    destinationId: parsed.destination ?? null,
    status: parsed.status ?? null,
    from: parsed.from ?? null,
    to: parsed.to ?? null,
    timeZone,
  };
  const createdFrom = filters.from ? startOfDayIn(filters.from, timeZone) : null;
  // "to" is inclusive: runs before the start of the next day.
  const createdBefore = filters.to ? startOfDayIn(nextDay(filters.to), timeZone) : null;
  const rangeError =
    createdFrom && createdBefore && createdBefore <= createdFrom ? "The end date is before the start date." : null;
  return { filters, cursor: parsed.cursor ?? null, createdFrom, createdBefore, rangeError };
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The Runs page's URL for these filters (and a page cursor). */
export function runsHref(filters: RunFilters, cursor?: string | null): string {
  const query = new URLSearchParams();
  if (filters.destinationId) query.set("destination", filters.destinationId);
  if (filters.status) query.set("status", filters.status);
  if (filters.from) query.set("from", filters.from);
  if (filters.to) query.set("to", filters.to);
  if ((filters.from || filters.to) && filters.timeZone !== "UTC") query.set("tz", filters.timeZone);
  if (cursor) query.set("cursor", cursor);
  const text = query.toString();
  return text ? `/runs?${text}` : "/runs";
}

export const hasRunFilters = (filters: RunFilters) => Boolean(filters.status || filters.from || filters.to);
