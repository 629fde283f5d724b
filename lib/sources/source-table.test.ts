import { describe, expect, test } from "vitest";
import { tableOf, tableOfRows, tableRows, valuesMaker } from "./source-table";
import type { SourceRow, SourceValue } from "./types";

function row(rowNumber: number, entries: Array<[string, SourceValue]>): SourceRow {
  const values: Record<string, SourceValue> = Object.create(null);
  for (const [key, value] of entries)
    Object.defineProperty(values, key, { value, enumerable: true, writable: true, configurable: true });
  return { rowNumber, values };
}

describe("valuesMaker", () => {
  test("a key per defined cell, and nothing inherited, even for hostile column names", () => {
    const make = valuesMaker(["__proto__", "constructor", "toString", "hasOwnProperty", "gone", "n"]);
    const values = make(["p", "c", "t", "h", undefined, null]);
    expect(Object.keys(values)).toEqual(["__proto__", "constructor", "toString", "hasOwnProperty", "n"]);
    expect(values["__proto__"]).toBe("p");
    expect(values["constructor"]).toBe("c");
    expect(values["toString"]).toBe("t");
    expect(Object.prototype.hasOwnProperty.call(values, "gone")).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(values, "n")).toBe(true);
    expect(values.n).toBeNull();
    // Nothing comes from a prototype: no Object.prototype methods, no polluted keys.
    const bare = make([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(Object.keys(bare)).toEqual([]);
    expect("toString" in bare).toBe(false);
    expect("__proto__" in bare).toBe(false);
    expect(JSON.stringify(values)).toBe(
      '{"__proto__":"p","constructor":"c","toString":"t","hasOwnProperty":"h","n":null}',
    );
  });

  test("objects made for one table share nothing: writing one leaves the others and Object.prototype alone", () => {
    const make = valuesMaker(["a"]);
    const first = make(["1"]);
    const second = make(["2"]);
    first.b = "x";
    expect(Object.keys(second)).toEqual(["a"]);
    expect(({} as Record<string, unknown>).b).toBeUndefined();
  });
});

describe("tableOfRows", () => {
  test("every column any row has, first-seen order, undefined where a row lacks one", () => {
    const table = tableOfRows([
      row(3, [
        ["a", 1],
        ["__proto__", "p"],
      ]),
      row(7, [
        ["b", "x"],
        ["a", null],
      ]),
    ]);
    expect(table.columns).toEqual(["a", "__proto__", "b"]);
    expect(table.cells).toEqual([
      [1, "p", undefined],
      [null, undefined, "x"],
    ]);
    expect(Array.from(table.rowNumbers)).toEqual([3, 7]);
  });

  test("rows without columns are still rows; no rows is an empty table", () => {
    expect(tableOfRows([row(1, []), row(2, [])]).cells).toEqual([[], []]);
    expect(tableOfRows([])).toEqual({ columns: [], cells: [], rowNumbers: [] });
  });

  test("a chunk's own table is used as it is", () => {
    const table = { columns: ["a"], cells: [[1]], rowNumbers: [1] };
    expect(tableOf({ rows: [], problems: [], table })).toBe(table);
  });
});

test("tableRows picks rows in the order given, with their row numbers", () => {
  const table = { columns: ["a"], cells: [["x"], ["y"], ["z"]], rowNumbers: [10, 11, 12] };
  expect(tableRows(table, [2, 0])).toEqual({ columns: ["a"], cells: [["z"], ["x"]], rowNumbers: [12, 10] });
  expect(tableRows(table, [0, 1, 2])).toBe(table);
  expect(tableRows(table, [2, 1, 0]).cells).toEqual([["z"], ["y"], ["x"]]);
});
