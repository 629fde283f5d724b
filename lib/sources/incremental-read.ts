import pg from "pg";
import { subqueryBody } from "./postgres/check-source-query";
import type { SourceColumn } from "./types";

/**
 * Incremental reads of a Postgres source: each run reads only the rows whose cursor column (a
 * time or an increasing integer) is at or after the destination's watermark minus a lookback,
 * plus the rows whose cursor is NULL (which a run reports as problems rather than skip forever).
 */
export type CursorType = "timestamptz" | "timestamp" | "date" | "integer";

export interface IncrementalRead {
  column: string;
  type: CursorType;
  /** The watermark: the highest cursor value below which every row was settled. */
  from: string;
  /** Seconds for a time column, values for an integer one. */
  lookback: number;
}

// pg_type OIDs of the types a cursor may have.
const CURSOR_TYPES = new Map<number, CursorType>([
  [1184, "timestamptz"],
  [1114, "timestamp"],
  [1082, "date"],
  [20, "integer"],
  [21, "integer"],
  [23, "integer"],
]);

export function isCursorType(value: unknown): value is CursorType {
  return typeof value === "string" && [...CURSOR_TYPES.values()].includes(value as CursorType);
}

export function cursorTypeOfOid(oid: number): CursorType | null {
  return CURSOR_TYPES.get(oid) ?? null;
}

export const CURSOR_TYPE_LABELS: Record<CursorType, string> = {
  timestamptz: "timestamp with time zone",
  timestamp: "timestamp",
  date: "date",
  integer: "integer",
};

/** Whether the lookback is counted in seconds (a time column) or in values (an integer one). */
export const isTimeCursor = (type: CursorType) => type !== "integer";

/**
 * The query that reads one incremental window: the saved query as a subquery, filtered on its
 * cursor column. PostgreSQL pushes the filter down into a plain subquery, so an index on the
 * column serves it (checkIncrementalColumn verifies that with EXPLAIN when the setting is saved).
 * The user's query starts on the first line, so line numbers in its errors stay right.
 */
export function incrementalQuery(query: string, read: IncrementalRead): string {
  const inner = subqueryBody(query);
  return `SELECT * FROM (${inner}\n) AS sluice_rows WHERE ${cursorPredicate(read)}`;
}

/**
 * `"column" >= bound OR "column" IS NULL`. The bound is a literal computed here (windowStart):
 * PostgreSQL plans a constant against the column's statistics and takes its index, where
 * `timestamptz - interval` (a stable, not immutable, expression) is planned as a third of the
 * table, which next to an ORDER BY's index made it scan all ten million rows. Only a watermark
 * too odd to compute with here is left to SQL arithmetic. An integer bound is a bigint, not
 * numeric: `int >= numeric` would cast the column and miss its index.
 */
export function cursorPredicate(read: IncrementalRead): string {
  const column = pg.escapeIdentifier(read.column);
  const start = windowStart(read);
  const lookback = Math.max(0, Math.floor(read.lookback));
  const from = pg.escapeLiteral(read.from);
  const bound =
    start !== null
      ? `${pg.escapeLiteral(start)}::${read.type === "integer" ? "bigint" : read.type}`
      : read.type === "integer"
        ? `${from}::bigint - ${lookback}`
        : read.type === "date"
          ? `(${from}::date - make_interval(secs => ${lookback}))::date`
          : `${from}::${read.type} - make_interval(secs => ${lookback})`;
  return `${column} >= (${bound}) OR ${column} IS NULL`;
}

/**
 * Where a window starts: the watermark less the lookback, as a value of the column's type in text
 * (rounded down to the millisecond, which only reads a little more); null when the watermark is
 * not a value this can compute with.
 */
export function windowStart(read: IncrementalRead): string | null {
  const lookback = Math.max(0, Math.floor(read.lookback));
  if (read.type === "integer")
    return /^-?\d+$/.test(read.from) ? (BigInt(read.from) - BigInt(lookback)).toString() : null;
  // Zone-less text is read as UTC and written back the same way, so only the arithmetic happens.
  const zoneless = read.type !== "timestamptz";
  const at = new Date(
    zoneless ? `${read.from.replace(" ", "T")}${read.from.length === 10 ? "T00:00:00" : ""}Z` : read.from,
  );
  if (Number.isNaN(at.getTime())) return null;
  const start = new Date(at.getTime() - lookback * 1000).toISOString();
  if (read.type === "timestamptz") return start;
  return read.type === "date" ? start.slice(0, 10) : start.slice(0, 23).replace("T", " ");
}

/**
 * A cursor cell as the text a watermark is kept in, comparable with compareCursorText: an ISO
 * instant for timestamptz (the driver gives a Date), PostgreSQL's own text for timestamp and date
 * (the source reader keeps those as text), the decimal digits for an integer. null for NULL, and
 * for text that is not in the expected form (a server with another DateStyle): then the run does
 * not move the watermark, which only costs reading again.
 */
export function cursorText(type: CursorType, value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "timestamptz":
      return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined;
    case "timestamp":
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)?$/.test(value)
        ? value
        : undefined;
    case "integer":
      return (typeof value === "number" && Number.isSafeInteger(value)) ||
        (typeof value === "string" && /^-?\d+$/.test(value))
        ? String(value)
        : undefined;
  }
}

/** Orders two cursorText values of one type: negative, zero or positive. */
export function compareCursorText(type: CursorType, a: string, b: string): number {
  if (type === "integer") {
    const difference = BigInt(a) - BigInt(b);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  }
  // ISO text (four-digit years) sorts as the time it names.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The lower of two cursor values (null when there is no cap). */
export function earlierCursor(type: CursorType, a: string, b: string | null): string {
  return b === null || compareCursorText(type, a, b) <= 0 ? a : b;
}

/**
 * The highest watermark a time cursor may take now: the present. A zone-less timestamp or date is
 * in the source's own zone, up to 14 hours ahead of UTC, so its cap allows for that. Integers have
 * none (null).
 */
export function latestSettledNow(type: CursorType, now: Date): string | null {
  switch (type) {
    case "integer":
      return null;
    case "timestamptz":
      return now.toISOString();
    case "timestamp":
      return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 23).replace("T", " ");
    case "date":
      return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
  }
}

/** The higher of two cursor values (either may be missing). */
export function laterCursor(type: CursorType, a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareCursorText(type, a, b) >= 0 ? a : b;
}

// Names that usually mean "when the row last changed" or "the order rows arrive in", best first.
const SUGGESTED_NAMES = [
  "updated_at",
  "modified_at",
  "last_modified",
  "updated",
  "created_at",
  "inserted_at",
  "created",
  "event_time",
  "conversion_time",
  "id",
];

/**
 * The columns that can be a cursor (time or integer-looking number columns), best guesses first:
 * a column named like updated_at before created_at before id, then the others in source order.
 */
export function suggestCursorColumns(columns: readonly SourceColumn[]): SourceColumn[] {
  const candidates = columns.filter((column) => column.type === "timestamp" || column.type === "number");
  const rank = (column: SourceColumn) => {
    const index = SUGGESTED_NAMES.indexOf(column.name.toLowerCase());
    return index === -1 ? SUGGESTED_NAMES.length : index;
  };
  return candidates
    .map((column, order) => ({ column, order }))
    .sort((a, b) => rank(a.column) - rank(b.column) || a.order - b.order)
    .map(({ column }) => column);
}
