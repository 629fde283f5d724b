import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { RunProblemView } from "./list-run-problems";
import { problemLabel } from "@/lib/conversions/problem-codes";
import { csvCell, problemCsvHeader, problemCsvLine } from "./problems-csv";

/**
 * The download's cells, read back by a real CSV parser: whatever text a problem row holds (row
 * keys come from the customer's data), a cell that a spreadsheet would take for a formula
 * (starting with = + - @, a tab or a carriage return) arrives with a leading quote, and every other
 * cell arrives exactly as it was.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const tricky = fc.constantFrom(
  "=",
  "+",
  "-",
  "@",
  "\t",
  "\r",
  "\n",
  '"',
  ",",
  " ",
  "'",
  "a",
  "1",
  "\u0000",
  "😀",
  "\ufeff",
  ";",
  "|",
);
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: tricky, maxLength: 20 }),
  fc
    .tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r"), fc.string({ unit: tricky, maxLength: 20 }))
    .map(([start, rest]) => start + rest),
  fc.constantFrom(
    '=HYPERLINK("http://evil.example","click")',
    "=cmd|' /C calc'!A0",
    "+1 (415) 555-0134",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "==",
    "=",
    "-",
    "",
  ),
);

/** One CSV line parsed back into its cells (a sentinel last column keeps an empty line a line). */
function cellsOf(line: string): string[] {
  const records = parse(`${line},end\r\n`, {
    bom: false,
    relax_column_count: false,
    skip_empty_lines: false,
  }) as string[][];
  expect(records).toHaveLength(1);
  const cells = records[0]!;
  expect(cells.at(-1)).toBe("end");
  return cells.slice(0, -1);
}

describe("problems CSV cells are formula-safe", () => {
  test("any text: a formula-like start gets a leading quote, anything else reads back unchanged", () => {
    fc.assert(
      fc.property(text, (value) => {
        const [cell] = cellsOf(csvCell(value));
        expect(cell).toBe(FORMULA_START.test(value) ? `'${value}` : value);
      }),
      { numRuns: 2_000 },
    );
  });

  test("a whole problem row keeps its seven columns, and none of its text cells can start a formula", () => {
    const problem: fc.Arbitrary<RunProblemView> = fc.record({
      id: fc.nat().map(String),
      kind: fc.constantFrom("SOURCE", "INVALID", "REJECTED", "FAILED"),
      rowNumber: fc.option(fc.nat(), { nil: null }),
      rowKey: fc.option(text, { nil: null }),
      field: fc.option(text, { nil: null }),
      code: text,
      message: text,
    });
    fc.assert(
      fc.property(problem, (row) => {
        const cells = cellsOf(problemCsvLine(row));
        expect(cells).toHaveLength(7);
        expect(cells).toHaveLength(problemCsvHeader().split(",").length);
        const original = [
          row.rowNumber === null ? "" : String(row.rowNumber),
          row.rowKey ?? "",
          row.kind,
          row.field ?? "",
          row.code,
          problemLabel(row.code),
          row.message,
        ];
        cells.forEach((cell, index) => {
          expect(FORMULA_START.test(cell)).toBe(false);
          const value = original[index]!;
          expect(cell).toBe(FORMULA_START.test(value) ? `'${value}` : value);
        });
      }),
      { numRuns: 1_000 },
    );
  });

  test("numbers are numbers: a row number is never quoted", () => {
    fc.assert(
      fc.property(fc.nat(), (rowNumber) => {
        expect(csvCell(rowNumber)).toBe(String(rowNumber));
      }),
    );
  });
});
