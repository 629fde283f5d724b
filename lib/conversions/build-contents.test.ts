import { describe, expect, it } from "vitest";
import type { SourceValue } from "@/lib/sources/types";
import { buildContents } from "./build-contents";
import type { MappingSpec } from "./mapping-spec";

const json: MappingSpec["contents"] = { kind: "json", column: "items" };
const codes = (issues: Array<{ field: string; code: string }>) => issues.map((i) => `${i.field}:${i.code}`);

describe("buildContents from a JSON column", () => {
  it("reads a JSON string (CSV) or a parsed array (Postgres jsonb) alike", () => {
    const items = [
      {
        content_id: "1",
        content_name: "Blankets",
        content_type: "Pet supplies",
        content_price: 100.99,
        num_items: 1,
        content_group_id: 123,
      },
    ];
    const expected = [
      {
        content_id: "1",
        content_group_id: "123",
        content_name: "Blankets",
        content_price: 100.99,
        content_type: "Pet supplies",
        num_items: 1,
      },
    ];
    expect(buildContents({ items: JSON.stringify(items) }, json).contents).toEqual(expected);
    expect(buildContents({ items: items as unknown as SourceValue }, json).contents).toEqual(expected);
  });

  it("parses prices and quantities with the same rules as the top-level fields", () => {
    const result = buildContents({ items: '[{"content_id":"a","content_price":"9.50","num_items":"2"}]' }, json);
    expect(result.contents).toEqual([{ content_id: "a", content_price: 9.5, num_items: 2 }]);
  });

  it("names the item and sub-field of every problem", () => {
    const result = buildContents(
      { items: '[{"content_id":"a"},{"content_price":"12,50","num_items":0},"sku-3",{"content_name":{"x":1}}]' },
      json,
    );
    expect(codes(result.reasons)).toEqual([
      "contents[1].content_price:ambiguous_decimal_separator",
      "contents[1].num_items:not_positive",
      "contents[2]:content_not_object",
      "contents[3].content_name:not_text",
    ]);
  });

  it("refuses invalid JSON and non-arrays, and treats empty as no contents", () => {
    expect(codes(buildContents({ items: "[{" }, json).reasons)).toEqual(["contents:contents_invalid_json"]);
    expect(codes(buildContents({ items: '{"content_id":"a"}' }, json).reasons)).toEqual([
      "contents:contents_not_array",
    ]);
    expect(buildContents({ items: "" }, json)).toEqual({ contents: [], reasons: [], warnings: [] });
    expect(buildContents({ items: null }, json)).toEqual({ contents: [], reasons: [], warnings: [] });
    expect(buildContents({ items: "[]" }, json)).toEqual({ contents: [], reasons: [], warnings: [] });
  });

  it("warns about keys X does not know and items with nothing to send", () => {
    const result = buildContents({ items: '[{"content_id":"a","sku":"x"},{}]' }, json);
    expect(result.contents).toEqual([{ content_id: "a" }]);
    expect(codes(result.warnings)).toEqual(["contents[0].sku:content_field_unknown", "contents[1]:content_empty"]);
  });

  it("reports a missing JSON column", () => {
    expect(codes(buildContents({}, json).reasons)).toEqual(["contents:column_missing"]);
  });
});

describe("buildContents from per-item columns", () => {
  const columns: MappingSpec["contents"] = {
    kind: "columns",
    items: [1, 2].map((n) => ({
      content_id: { kind: "column" as const, column: `sku_${n}` },
      content_price: { kind: "column" as const, column: `price_${n}` },
      num_items: { kind: "column" as const, column: `qty_${n}` },
      content_type: { kind: "static" as const, value: "Shoes" },
    })),
  };

  it("builds one item per filled slot and skips empty slots despite static values", () => {
    const result = buildContents(
      { sku_1: "S1", price_1: "10", qty_1: 2, sku_2: "", price_2: null, qty_2: "" },
      columns,
    );
    expect(result).toEqual({
      contents: [{ content_id: "S1", content_price: 10, content_type: "Shoes", num_items: 2 }],
      reasons: [],
      warnings: [],
    });
  });

  it("reports problems at the slot's index", () => {
    const result = buildContents(
      { sku_1: "S1", price_1: "10", qty_1: 1, sku_2: "S2", price_2: "abc", qty_2: 1 },
      columns,
    );
    expect(codes(result.reasons)).toEqual(["contents[1].content_price:not_a_number"]);
    expect(codes(buildContents({ sku_1: "S1", price_1: "1", qty_1: 1 }, columns).reasons)).toEqual([
      "contents[1].content_id:column_missing",
      "contents[1].content_price:column_missing",
      "contents[1].num_items:column_missing",
    ]);
  });
});
