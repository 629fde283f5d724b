import pg from "pg";
import type { CustomTypesConfig } from "pg";
import type { SourceColumnType } from "../types";

// Built-in type OIDs (pg_type.oid); they are fixed by PostgreSQL and never change between servers.
const TYPES_BY_OID = new Map<number, SourceColumnType>([
  [16, "boolean"],
  [20, "number"],
  [21, "number"],
  [23, "number"],
  [26, "number"],
  [700, "number"],
  [701, "number"],
  [1700, "number"],
  [18, "text"],
  [19, "text"],
  [25, "text"],
  [1042, "text"],
  [1043, "text"],
  [2950, "text"],
  [869, "text"],
  [650, "text"],
  [1082, "timestamp"],
  [1114, "timestamp"],
  [1184, "timestamp"],
  [114, "json"],
  [3802, "json"],
  // Arrays of the types above arrive as JavaScript arrays, which a mapping treats like JSON.
  [1000, "json"],
  [1005, "json"],
  [1007, "json"],
  [1016, "json"],
  [1021, "json"],
  [1022, "json"],
  [1231, "json"],
  [1009, "json"],
  [1014, "json"],
  [1015, "json"],
  [2951, "json"],
  [199, "json"],
  [3807, "json"],
]);

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;

export function postgresColumnType(oid: number): SourceColumnType {
  return TYPES_BY_OID.get(oid) ?? "text";
}

/**
 * How each column's text becomes a JavaScript value. The driver's defaults are kept for most
 * types; the exceptions are where the default would lose information or depend on the machine:
 * - int8 and numeric become numbers only when that is exact (ids beyond 2^53, money with more
 *   than 15 significant digits stay as their exact decimal text);
 * - a `timestamp` or `date` without time zone stays text ("2024-05-01 10:00:00"): the driver
 *   would read it in the local zone of whichever worker runs the sync, whereas the conversion
 *   layer reads zone-less text in the time zone configured for the source, exactly as for CSV.
 *   `timestamptz` is an instant and becomes a Date;
 * - any type this module does not know (interval, money, bytea, geometric, ...) stays text, so a
 *   row only ever holds values a SourceValue can be.
 */
export const sourceTypeParsers: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8) return parseExactInteger;
    if (oid === NUMERIC) return parseExactDecimal;
    if (oid === TIMESTAMP || oid === DATE) return (text: string) => text;
    if (!TYPES_BY_OID.has(oid)) return (text: string) => text;
    return pg.types.getTypeParser(oid, format ?? "text");
  }) as CustomTypesConfig["getTypeParser"],
};

function parseExactInteger(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}

// Any decimal with at most 15 significant digits survives a round trip through a double.
function parseExactDecimal(text: string): number | string {
  const digits = text.replace(/^[-+]?0*|\.|0*$/g, "").replace(/^0+/, "");
  const value = Number(text);
  return Number.isFinite(value) && digits.length <= 15 ? value : text;
}
