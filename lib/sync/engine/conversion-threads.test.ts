import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { convertRow, mappingSpecSchema } from "@/lib/conversions/index";
import { tableOfRows } from "@/lib/sources/source-table";
import type { SourceRow, SourceValue } from "@/lib/sources/types";
import { MAX_TEXT_PER_TASK, splitRows, startConversionThreads } from "./conversion-threads";
import { convertedJson, type ConvertedRows } from "./converted-rows";
import { inlineConverter, type RowConverter } from "./row-converter";

const mapping = mappingSpecSchema.parse({
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "ordered_at" },
    email: { kind: "column", column: "email" },
    phone: { kind: "column", column: "__proto__" },
    value: { kind: "column", column: "value" },
    price_currency: { kind: "column", column: "currency" },
    conversion_id: { kind: "column", column: "order_id" },
  },
  options: { defaultPhoneCountry: "US" },
});
const destination = { eventId: "o87ne", pixelId: "o8z6j" };

function row(rowNumber: number, values: Record<string, SourceValue>): SourceRow {
  return { rowNumber, values: Object.assign(Object.create(null) as Record<string, SourceValue>, values) };
}

function rows(count: number): SourceRow[] {
  return Array.from({ length: count }, (_, i) => {
    const values: Record<string, SourceValue> = Object.create(null);
    values.order_id = `ORD-${i}`;
    values.email = i % 9 === 0 ? "not an e-mail" : `  Person.${i}@Example.COM `;
    // A column named "__proto__" is an ordinary column, in the threads too.
    Object.defineProperty(values, "__proto__", {
      value: `(415) 555-${String(1000 + (i % 9000)).padStart(4, "0")}`,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    values.ordered_at = i % 13 === 0 ? null : new Date(Date.UTC(2026, 10, 1, 0, 0, i));
    values.value = i % 2 === 0 ? 12.5 : "7.25";
    if (i % 4 !== 0) values.currency = "USD";
    return { rowNumber: i + 1, values };
  });
}

/** The rows' results one by one, with their JSON bytes as text, for comparing. */
function perRow(converted: ConvertedRows) {
  expect(converted.ends.length).toBe(converted.ids.length);
  return converted.ids.map((id, index) => {
    const json = convertedJson(converted, index);
    if (id === null) {
      expect(json.byteLength).toBe(0);
      return { valid: false as const, reasons: converted.reasons.get(index) };
    }
    expect(converted.reasons.has(index)).toBe(false);
    return { valid: true as const, conversionId: id, json: Buffer.from(json).toString("utf8"), bytes: json.byteLength };
  });
}

let pool: RowConverter;
beforeAll(async () => {
  // Threads that cannot load fail these tests rather than leave them to the inline fallback.
  pool = startConversionThreads(2, (error) => {
    throw error;
  });
  await pool.convert(mapping, destination, tableOfRows([]));
}, 30_000);
afterAll(() => pool?.close());

describe("startConversionThreads", () => {
  test("the threads give exactly what convertRow gives on this thread, row for row", async () => {
    const input = rows(2_000);
    const [threaded, inline] = (
      await Promise.all([
        pool.convert(mapping, destination, tableOfRows(input)),
        inlineConverter.convert(mapping, destination, tableOfRows(input)),
      ])
    ).map(perRow);
    expect(threaded).toEqual(inline);
    expect(threaded!.some((result) => !result.valid && result.reasons!.length > 0)).toBe(true);
    expect(threaded!.some((result) => result.valid && result.json.includes('"hashed_phone_number"'))).toBe(true);
    // The text sent is convertRow's conversion, and its size is counted in UTF-8 bytes.
    input.forEach((row, index) => {
      const result = threaded![index]!;
      const direct = convertRow(mapping, destination, row.values);
      expect(result.valid).toBe(direct.status === "valid");
      if (result.valid && direct.status === "valid") {
        expect(JSON.parse(result.json)).toEqual(direct.conversion);
        expect(result.conversionId).toBe(direct.conversion.conversion_id);
        expect(result.bytes).toBe(new TextEncoder().encode(JSON.stringify(direct.conversion)).length);
      }
      if (!result.valid && direct.status === "invalid") expect(result.reasons).toEqual(direct.reasons);
    });
  });

  test("a column the row lacks stays missing rather than becoming null", async () => {
    const [withCurrency, without] = perRow(
      await pool.convert(
        mapping,
        destination,
        tableOfRows([
          row(1, {
            order_id: "A",
            email: "a@example.com",
            ordered_at: new Date(Date.UTC(2026, 10, 1)),
            value: 3,
            currency: "EUR",
          }),
          row(2, { order_id: "B", email: "b@example.com", ordered_at: new Date(Date.UTC(2026, 10, 1)), value: 3 }),
        ]),
      ),
    );
    expect(withCurrency).toEqual(
      perRow(
        await inlineConverter.convert(
          mapping,
          destination,
          tableOfRows([
            row(1, {
              order_id: "A",
              email: "a@example.com",
              ordered_at: new Date(Date.UTC(2026, 10, 1)),
              value: 3,
              currency: "EUR",
            }),
          ]),
        ),
      )[0],
    );
    expect(without).toEqual(
      perRow(
        await inlineConverter.convert(
          mapping,
          destination,
          tableOfRows([
            row(2, { order_id: "B", email: "b@example.com", ordered_at: new Date(Date.UTC(2026, 10, 1)), value: 3 }),
          ]),
        ),
      )[0],
    );
    // Missing (not null): the row without a currency column is told so.
    const codes = (result: typeof without) =>
      result!.valid ? [] : result!.reasons!.map((reason) => `${reason.field}:${reason.code}`);
    expect(codes(without)).toContain("price_currency:column_missing");
    expect(codes(withCurrency)).not.toContain("price_currency:column_missing");
  });

  test("many requests at once are all answered, each with its own rows", async () => {
    const batches = Array.from({ length: 12 }, (_, b) =>
      rows(50).map((r) => row(r.rowNumber, { ...r.values, order_id: `B${b}-${r.rowNumber}` })),
    );
    const results = await Promise.all(batches.map((batch) => pool.convert(mapping, destination, tableOfRows(batch))));
    results.forEach((result, b) => {
      const ids = result.ids.filter((id): id is string => id !== null);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => id.startsWith(`B${b}-`))).toBe(true);
    });
  });

  test("a chunk of wide rows is split so no thread runs out of memory, and comes back whole and in order", async () => {
    const described = mappingSpecSchema.parse({
      ...mapping,
      fields: { ...mapping.fields, phone: undefined, description: { kind: "column", column: "note" } },
    });
    // 5,000 rows of 10 KB: 50M characters, which in one task exhaust a thread's 64 MiB heap.
    const wide = rows(5_000).map((r, i) => row(r.rowNumber, { ...r.values, note: `${i} ${"n".repeat(10_000)}` }));
    const threaded = perRow(await pool.convert(described, destination, tableOfRows(wide)));
    expect(threaded).toEqual(perRow(await inlineConverter.convert(described, destination, tableOfRows(wide))));
    // (Rows without a currency, an e-mail or a time are invalid, as in rows(); the rest are wide.)
    const valid = threaded.filter((result) => result.valid);
    expect(valid.length).toBeGreaterThan(3_000);
    expect(valid.every((result) => result.bytes > 10_000)).toBe(true);
    expect(threaded.every((result, i) => !result.valid || result.conversionId === `ORD-${i}`)).toBe(true);
  }, 60_000);

  test("rows without a single column are still n rows, each invalid with its reasons", async () => {
    const empty = [row(1, {}), row(2, {}), row(3, {})];
    const threaded = perRow(await pool.convert(mapping, destination, tableOfRows(empty)));
    expect(threaded).toHaveLength(3);
    expect(threaded).toEqual(perRow(await inlineConverter.convert(mapping, destination, tableOfRows(empty))));
    expect(threaded.every((result) => !result.valid && result.reasons!.length > 0)).toBe(true);
  });
});

describe("splitRows", () => {
  const texts = (...sizes: number[]) => sizes.map((size, i) => row(i + 1, { a: "x".repeat(size) }));
  const cellsOf = (input: SourceRow[]) => tableOfRows(input).cells;

  test("cuts by row count and by characters, and never leaves a piece empty", () => {
    expect(splitRows(cellsOf(texts(1, 1, 1, 1, 1)), 2, 1_000)).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    expect(splitRows(cellsOf(texts(400, 400, 400, 10)), 100, 1_000)).toEqual([
      [0, 2],
      [2, 4],
    ]);
    // One row larger than the bound goes alone.
    expect(splitRows(cellsOf(texts(10, 5_000, 10)), 100, 1_000)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(splitRows(cellsOf(texts(1)), 1, 1)).toEqual([[0, 1]]);
  });

  test("the bound leaves a normal chunk in one piece per thread", () => {
    expect(splitRows(cellsOf(rows(5_000)), 2_500, MAX_TEXT_PER_TASK)).toEqual([
      [0, 2_500],
      [2_500, 5_000],
    ]);
  });
});
