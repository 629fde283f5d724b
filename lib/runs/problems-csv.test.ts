import { describe, expect, test } from "vitest";
import { csvCell, problemCsvLine } from "./problems-csv";

describe("problem rows as CSV", () => {
  test.each(['=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)", "\tstart", "\rstart"])(
    "a cell a spreadsheet would run (%j) is defused with a quote",
    (value) => {
      const cell = csvCell(value);
      expect(cell.replace(/^"/, "").startsWith("'")).toBe(true);
    },
  );

  test("ordinary text passes through; commas, quotes and line breaks are quoted per RFC 4180", () => {
    expect(csvCell("ORD-100017")).toBe("ORD-100017");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(null)).toBe("");
    expect(csvCell('event_id (p3aa1) does not belong, "really"')).toBe(
      '"event_id (p3aa1) does not belong, ""really"""',
    );
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });

  test("a whole line keeps its columns", () => {
    const line = problemCsvLine({
      id: "1",
      kind: "INVALID",
      rowNumber: 7,
      rowKey: "=cmd|' /C calc'!A0",
      field: "conversion_time",
      code: "conversion_time_missing",
      message: "conversion_time is empty",
    });
    expect(line).toBe(
      `7,'=cmd|' /C calc'!A0,INVALID,conversion_time,conversion_time_missing,Missing conversion time,conversion_time is empty`,
    );
  });

  test("labels each code from the registry, and X's own codes as they are", () => {
    const line = problemCsvLine({
      id: "2",
      kind: "REJECTED",
      rowNumber: 3,
      rowKey: "A-3",
      field: null,
      code: "INVALID_PARAMETER",
      message: "hashed_email ([redacted]) is not a valid SHA-256 hash",
    });
    expect(line).toBe(
      "3,A-3,REJECTED,,INVALID_PARAMETER,INVALID_PARAMETER,hashed_email ([redacted]) is not a valid SHA-256 hash",
    );
  });
});
