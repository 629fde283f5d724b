import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SourceValue } from "@/lib/sources/types";
import { convertRow, parseMappingSpec } from "./index";
import { orderMapping } from "./test-arbitraries";

/**
 * Hostile and random cells through the whole conversion core: it must never throw, and every row
 * ends as a conversion or as an invalid row whose every reason names a field and a code.
 */
const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      "\u0000",
      "\u0007",
      "\u001b",
      "\u202e",
      "\ufeff",
      "\ud800",
      "\udfff",
      "\r",
      "\n",
      "\t",
      "=",
      "+",
      "-",
      "@",
    ),
    maxLength: 40,
  }),
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "-0",
    "0x10",
    "  ",
    "",
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constant("x".repeat(200_000)),
);
const hostileCell: fc.Arbitrary<SourceValue> = fc.oneof(
  hostileString,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: false }),
  fc.array(fc.anything(), { maxLength: 3 }) as fc.Arbitrary<SourceValue>,
  fc.dictionary(hostileString, fc.anything(), { maxKeys: 3 }) as fc.Arbitrary<SourceValue>,
);
const columns = ["ordered_at", "email", "phone", "twclid", "ip", "ua", "total", "currency", "qty", "order_id", "items"];

function hostileRow(): fc.Arbitrary<Record<string, SourceValue>> {
  return fc.tuple(...columns.map(() => hostileCell)).map((cells) => {
    const row: Record<string, SourceValue> = Object.create(null);
    columns.forEach((column, index) => (row[column] = cells[index] ?? null));
    return row;
  });
}

describe("the conversion core under hostile input", () => {
  it("never throws; every outcome is a conversion or reasons that name a field and a code", () => {
    fc.assert(
      fc.property(hostileRow(), fc.constantFrom("o87ne", "tw-o8z6j-o87ne", "", "bad id!"), (row, eventId) => {
        const result = convertRow(orderMapping, { eventId, pixelId: "o8z6j" }, row);
        if (result.status === "valid") {
          expect(result.conversion.identifiers.length).toBeGreaterThan(0);
          expect(result.conversion.conversion_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        } else {
          expect(result.reasons.length).toBeGreaterThan(0);
          for (const reason of result.reasons) {
            expect(reason.field.length).toBeGreaterThan(0);
            expect(reason.code).toMatch(/^[a-z0-9_]+$/);
            expect(typeof reason.message).toBe("string");
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("treats columns named like prototype keys as ordinary columns", () => {
    const parsed = parseMappingSpec({
      version: 1,
      fields: {
        conversion_time: { kind: "column", column: "__proto__" },
        email: { kind: "column", column: "constructor" },
      },
      options: {},
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const row: Record<string, SourceValue> = Object.create(null);
    row["__proto__"] = "2026-01-02T03:04:05Z";
    row["constructor"] = " Ana@Example.com ";
    const result = convertRow(parsed.spec, { eventId: "o87ne", pixelId: "o8z6j" }, row);
    expect(result).toMatchObject({ status: "valid", conversion: { conversion_time: "2026-01-02T03:04:05.000Z" } });
  });

  it("rejects hostile mapping files with reasons instead of throwing", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const parsed = parseMappingSpec(json);
        if (!parsed.ok) expect(parsed.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
    expect(parseMappingSpec(JSON.parse('{"version":1,"fields":{},"__proto__":{"polluted":true}}')).ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
