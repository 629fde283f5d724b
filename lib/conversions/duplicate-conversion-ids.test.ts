import { describe, expect, it } from "vitest";
import { convertRows } from "./convert-row";
import { duplicateConversionIds } from "./duplicate-conversion-ids";
import { parseMappingSpec } from "./mapping-spec";

const parsed = parseMappingSpec({
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "at" },
    email: { kind: "column", column: "email" },
    conversion_id: { kind: "column", column: "order" },
    value: { kind: "column", column: "total" },
  },
});
if (!parsed.ok) throw new Error("bad mapping");
const row = (rowNumber: number, order: string, total: string, event?: string) => ({
  rowNumber,
  values: { at: "2026-11-20 10:00:00", email: "jane@example.com", order, total, ...(event ? { event } : {}) },
});

describe("duplicateConversionIds", () => {
  it("warns on every later row that repeats a conversion_id for the same event, naming the first", () => {
    const results = convertRows(parsed.spec, { eventId: "o87ne" }, [
      row(1, "A-1", "10"),
      row(2, "A-2", "20"),
      row(3, "A-1", "5"),
      row(4, "A-1", "10"),
    ]);
    const duplicates = duplicateConversionIds(results);
    expect([...duplicates.keys()]).toEqual([3, 4]);
    expect(duplicates.get(3)).toEqual({
      field: "conversion_id",
      code: "conversion_id_duplicate",
      message: "conversion_id is also on row 1 for the same event; X keeps only the first within 48 hours",
    });
  });

  it("does not mix events, and ignores invalid rows", () => {
    const perRow = parseMappingSpec({ ...parsed.spec, eventId: { kind: "column", column: "event" } });
    if (!perRow.ok) throw new Error("bad mapping");
    const results = convertRows(perRow.spec, {}, [
      row(1, "A-1", "10", "o87ne"),
      row(2, "A-1", "10", "o87nf"),
      row(3, "A-1", "-5", "o87ne"),
    ]);
    expect(duplicateConversionIds(results).size).toBe(0);
  });
});
