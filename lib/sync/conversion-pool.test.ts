import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { convertRow, mappingSpecSchema } from "@/lib/conversions";
import type { SourceRow, SourceValue } from "@/lib/sources/types";
import { ConversionPool, inlineConverter, type ThreadResult } from "./conversion-pool";

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
    Object.defineProperty(values, "__proto__", { value: `(415) 555-${String(1000 + (i % 9000)).padStart(4, "0")}`, enumerable: true, writable: true, configurable: true });
    values.ordered_at = i % 13 === 0 ? null : new Date(Date.UTC(2026, 10, 1, 0, 0, i));
    values.value = i % 2 === 0 ? 12.5 : "7.25";
    if (i % 4 !== 0) values.currency = "USD";
    return { rowNumber: i + 1, values };
  });
}

/** A result with its JSON bytes as text, for comparing. */
const readable = (result: ThreadResult) => (result.valid ? { ...result, json: Buffer.from(result.json).toString("utf8") } : result);

let pool: ConversionPool;
beforeAll(async () => {
  pool = await ConversionPool.start(2);
}, 30_000);
afterAll(() => pool?.close());

describe("ConversionPool", () => {
  test("the threads give exactly what convertRow gives on this thread, row for row", async () => {
    const input = rows(2_000);
    const [threaded, inline] = await Promise.all([pool.convert(mapping, destination, input), inlineConverter.convert(mapping, destination, input)]);
    expect(threaded.map(readable)).toEqual(inline.map(readable));
    expect(threaded.some((result) => !result.valid)).toBe(true);
    expect(threaded.some((result) => result.valid && Buffer.from(result.json).toString().includes('"hashed_phone_number"'))).toBe(true);
    // The text sent is convertRow's conversion, and its size is counted in UTF-8 bytes.
    input.forEach((row, index) => {
      const result = threaded[index]!;
      const direct = convertRow(mapping, destination, row.values);
      expect(result.valid).toBe(direct.status === "valid");
      if (result.valid && direct.status === "valid") {
        expect(JSON.parse(Buffer.from(result.json).toString("utf8"))).toEqual(direct.conversion);
        expect(result.conversionId).toBe(direct.conversion.conversion_id);
        expect(result.json.byteLength).toBe(new TextEncoder().encode(JSON.stringify(direct.conversion)).length);
      }
    });
  });

  test("a column the row lacks stays missing rather than becoming null", async () => {
    const [withCurrency, without] = await pool.convert(mapping, destination, [
      row(1, { order_id: "A", email: "a@example.com", ordered_at: new Date(Date.UTC(2026, 10, 1)), value: 3, currency: "EUR" }),
      row(2, { order_id: "B", email: "b@example.com", ordered_at: new Date(Date.UTC(2026, 10, 1)), value: 3 }),
    ]);
    expect(readable(withCurrency!)).toEqual(readable((await inlineConverter.convert(mapping, destination, [row(1, { order_id: "A", email: "a@example.com", ordered_at: new Date(Date.UTC(2026, 10, 1)), value: 3, currency: "EUR" })]))[0]!));
    expect(readable(without!)).toEqual(readable((await inlineConverter.convert(mapping, destination, [row(2, { order_id: "B", email: "b@example.com", ordered_at: new Date(Date.UTC(2026, 10, 1)), value: 3 })]))[0]!));
  });

  test("many requests at once are all answered, each with its own rows", async () => {
    const batches = Array.from({ length: 12 }, (_, b) => rows(50).map((r) => row(r.rowNumber, { ...r.values, order_id: `B${b}-${r.rowNumber}` })));
    const results = await Promise.all(batches.map((batch) => pool.convert(mapping, destination, batch)));
    results.forEach((result, b) => {
      const ids = result.filter((r) => r.valid).map((r) => (r.valid ? r.conversionId : ""));
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => id.startsWith(`B${b}-`))).toBe(true);
    });
  });
});
