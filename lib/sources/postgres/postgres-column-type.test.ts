import { describe, expect, test } from "vitest";
import { postgresColumnType, sourceTypeParsers } from "./postgres-column-type";

const parse = (oid: number, text: string): unknown =>
  (sourceTypeParsers.getTypeParser(oid, "text") as (value: string) => unknown)(text);

describe("postgresColumnType", () => {
  test("maps built-in OIDs to source types", () => {
    expect([16, 20, 1700, 25, 1184, 3802, 1007, 2950, 1186].map(postgresColumnType)).toEqual([
      "boolean",
      "number",
      "number",
      "text",
      "timestamp",
      "json",
      "json",
      "text",
      "text",
    ]);
  });
});

describe("sourceTypeParsers", () => {
  test("int8 is a number when exact, its text otherwise", () => {
    expect(parse(20, "42")).toBe(42);
    expect(parse(20, "9223372036854775807")).toBe("9223372036854775807");
  });

  test("numeric is a number up to 15 significant digits", () => {
    expect(parse(1700, "19.90")).toBe(19.9);
    expect(parse(1700, "-0.000123")).toBe(-0.000123);
    expect(parse(1700, "1234567890.12345")).toBe(1234567890.12345);
    expect(parse(1700, "12345678901234567.5")).toBe("12345678901234567.5");
    expect(parse(1700, "NaN")).toBe("NaN");
  });

  test("timestamp and date without zone stay text, for the source's time zone to apply; timestamptz is a Date", () => {
    expect(parse(1114, "2024-03-31 01:30:00")).toBe("2024-03-31 01:30:00");
    expect(parse(1082, "2024-02-29")).toBe("2024-02-29");
    expect(parse(1184, "2024-03-31 01:30:00+02")).toEqual(new Date("2024-03-30T23:30:00Z"));
  });

  test("unknown types stay text", () => {
    expect(parse(1186, "1 day 02:00:00")).toBe("1 day 02:00:00");
    expect(parse(17, "\\x01ff")).toBe("\\x01ff");
  });
});
