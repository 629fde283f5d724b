import type { SourceValue } from "@/lib/sources/types";
import { cellToText } from "./cell-text";
import { CONTENT_FIELD_KEYS, type ContentFieldKey } from "./field-catalog";
import type { MappingSpec } from "./mapping-spec";
import { readFieldSource } from "./read-field-source";
import type { Parsed, ConversionIssue, XContent } from "./types";
import { parseAmount, parsePositiveInteger } from "./value-parsers";

export interface ContentsResult {
  contents: XContent[];
  reasons: ConversionIssue[];
  warnings: ConversionIssue[];
}

/**
 * `contents[]` from a JSON column (an array of objects with X's keys; a Postgres json/jsonb value
 * or its text) or from per-item columns. Issue paths use the item's position in the source
 * (`contents[2].content_price`), which is what a person can find in their data.
 */
export function buildContents(values: Record<string, SourceValue>, mapping: MappingSpec["contents"]): ContentsResult {
  const result: ContentsResult = { contents: [], reasons: [], warnings: [] };
  if (mapping.kind === "json") {
    const cell = readFieldSource(values, { kind: "column", column: mapping.column }, "contents", result.reasons);
    const items = parseJsonItems(cell, result.reasons);
    items.forEach((item, index) => addItem(result, index, item, true));
  }
  if (mapping.kind === "columns") {
    mapping.items.forEach((itemMapping, index) => {
      const item: Record<string, SourceValue | undefined> = {};
      let fromColumns = false;
      for (const key of CONTENT_FIELD_KEYS) {
        const source = itemMapping[key];
        const cell = readFieldSource(values, source, `contents[${index}].${key}`, result.reasons);
        item[key] = cell;
        if (source?.kind === "column" && cellToText(cell).kind !== "empty") fromColumns = true;
      }
      // An item whose columns are all empty is an unused slot (product_3_* on a one-product
      // order); its static values alone do not make it a product.
      if (fromColumns) addItem(result, index, item, false);
    });
  }
  return result;
}

function parseJsonItems(cell: SourceValue | undefined, reasons: ConversionIssue[]): unknown[] {
  let data: unknown = cell;
  if (typeof cell === "string") {
    if (cell.trim().length === 0) return [];
    try {
      data = JSON.parse(cell);
    } catch {
      reasons.push({ field: "contents", code: "contents_invalid_json", message: "contents is not valid JSON" });
      return [];
    }
  }
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) {
    reasons.push({ field: "contents", code: "contents_not_array", message: "contents must be a JSON array of items" });
    return [];
  }
  return data;
}

function addItem(result: ContentsResult, index: number, item: unknown, fromJson: boolean): void {
  const path = `contents[${index}]`;
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    result.reasons.push({ field: path, code: "content_not_object", message: "each contents item must be an object" });
    return;
  }
  const record = item as Record<string, unknown>;
  const content: XContent = {};
  let failed = false;
  for (const key of CONTENT_FIELD_KEYS) {
    const parsed = parseContentField(key, record[key]);
    if (parsed.kind === "error") {
      result.reasons.push({ field: `${path}.${key}`, code: parsed.code, message: `${key} ${parsed.message}` });
      failed = true;
    } else if (parsed.kind === "value") {
      Object.assign(content, { [key]: parsed.value });
    }
  }
  if (fromJson) {
    for (const key of Object.keys(record)) {
      if (!(CONTENT_FIELD_KEYS as readonly string[]).includes(key)) {
        result.warnings.push({
          field: `${path}.${key}`,
          code: "content_field_unknown",
          message: `${key} is not an X contents field; not sent`,
        });
      }
    }
  }
  if (failed) return;
  if (Object.keys(content).length === 0) {
    result.warnings.push({ field: path, code: "content_empty", message: "contents item has no X fields; not sent" });
    return;
  }
  result.contents.push(content);
}

function parseContentField(key: ContentFieldKey, raw: unknown): Parsed<string | number> {
  const cell = asCell(raw);
  if (cell === "nested") return { kind: "error", code: "not_text", message: "is a nested object or array" };
  switch (key) {
    case "content_price":
      return parseAmount(cell);
    case "num_items":
      return parsePositiveInteger(cell);
    default:
      // content_group_id is "integer" in X's table but its examples are "123" and "group 1".
      return cellToText(cell);
  }
}

function asCell(raw: unknown): SourceValue | undefined | "nested" {
  if (
    raw === undefined ||
    raw === null ||
    typeof raw === "string" ||
    typeof raw === "number" ||
    typeof raw === "boolean"
  )
    return raw;
  if (raw instanceof Date) return raw;
  return "nested";
}
