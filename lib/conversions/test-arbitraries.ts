import fc from "fast-check";
import type { SourceValue } from "@/lib/sources/types";
import { parseMappingSpec, type MappingSpec } from "./mapping-spec";

/**
 * fast-check generators for source rows as they really arrive: mostly plausible values in messy
 * formats, mixed with junk, empties and digests. Shared by the property tests (not a test itself).
 */

const hexChar = fc.constantFrom(..."0123456789abcdefABCDEF");
export const sha256Like = fc.string({ unit: hexChar, minLength: 64, maxLength: 64 });

const randomCase = (text: string, flips: boolean[]): string =>
  [...text].map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch)).join("");
const padded = (arb: fc.Arbitrary<string>) =>
  fc
    .tuple(arb, fc.constantFrom("", " ", "  ", "\t"), fc.constantFrom("", " ", "\n"))
    .map(([text, before, after]) => before + text + after);

export const emailCell = fc.oneof(
  {
    weight: 4,
    arbitrary: padded(
      fc
        .tuple(fc.emailAddress(), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }))
        .map(([e, f]) => randomCase(e, f)),
    ),
  },
  { weight: 1, arbitrary: sha256Like },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom("", null, "n/a") },
);

const usPhone = fc
  .tuple(fc.integer({ min: 201, max: 989 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }))
  .chain(([area, exchange, line]) => {
    const l = String(line).padStart(4, "0");
    return fc.constantFrom(
      `(${area}) ${exchange}-${l}`,
      `${area}.${exchange}.${l}`,
      `+1 ${area} ${exchange} ${l}`,
      `1${area}${exchange}${l}`,
      `${area}${exchange}${l}`,
    );
  });
export const phoneCell = fc.oneof(
  { weight: 4, arbitrary: padded(usPhone) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map((n) => `+44 20 7946 ${String(n).padStart(4, "0")}`) },
  { weight: 1, arbitrary: sha256Like },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom("", null, "12345") },
);

const instant = fc.date({
  min: new Date("2000-06-01T00:00:00Z"),
  max: new Date("2099-06-01T00:00:00Z"),
  noInvalidDate: true,
});
export const timeCell: fc.Arbitrary<SourceValue> = fc.oneof(
  { weight: 3, arbitrary: instant.map((d) => d.toISOString()) },
  { weight: 3, arbitrary: instant },
  { weight: 3, arbitrary: instant.map((d) => Math.floor(d.getTime() / 1000)) },
  { weight: 3, arbitrary: instant.map((d) => String(d.getTime())) },
  { weight: 3, arbitrary: instant.map((d) => d.toISOString().slice(0, 19).replace("T", " ")) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, "", "2024-02-30 10:00:00") },
);

export const amountCell: fc.Arbitrary<SourceValue> = fc.oneof(
  { weight: 1, arbitrary: fc.double() },
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 100_000 }) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 99_999 }).map((cents) => (cents / 100).toFixed(2)) },
  { weight: 3, arbitrary: fc.constantFrom("12,50", "1,234.50", "", null, "abc", null, null) },
);

const contentItem = fc.record(
  {
    content_id: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
    content_group_id: fc.oneof(fc.string({ maxLength: 8 }), fc.nat()),
    content_name: fc.string({ maxLength: 12 }),
    content_price: amountCell,
    content_type: fc.string({ maxLength: 8 }),
    num_items: fc.integer({ min: 0, max: 12 }),
    sku: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: [] },
);
export const contentsCell: fc.Arbitrary<SourceValue> = fc.oneof(
  { weight: 2, arbitrary: fc.array(contentItem, { maxLength: 3 }).map((items) => JSON.stringify(items)) },
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom("", "[{", '{"a":1}', "[1]") },
);

export const orderRow: fc.Arbitrary<Record<string, SourceValue>> = fc.record({
  ordered_at: timeCell,
  email: emailCell,
  phone: phoneCell,
  twclid: fc.oneof(fc.string({ maxLength: 26 }), fc.constant(null)),
  ip: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 8 }), fc.constant(null)),
  ua: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(null)),
  total: amountCell,
  currency: fc.constantFrom("USD", "eur", "JPY", "EURO", "", null),
  qty: fc.oneof(fc.integer({ min: -1, max: 20 }), fc.constantFrom("1", "2.5", null, null)),
  order_id: fc.oneof(fc.string({ maxLength: 10 }), fc.nat(), fc.constant(null)),
  items: contentsCell,
});

const col = (column: string) => ({ kind: "column" as const, column });
const parsed = parseMappingSpec({
  version: 1,
  fields: {
    conversion_time: col("ordered_at"),
    email: col("email"),
    phone: col("phone"),
    twclid: col("twclid"),
    ip_address: col("ip"),
    user_agent: col("ua"),
    value: col("total"),
    price_currency: col("currency"),
    number_items: col("qty"),
    conversion_id: col("order_id"),
  },
  contents: { kind: "json", column: "items" },
  options: { defaultPhoneCountry: "US", sourceTimeZone: "Europe/London" },
});
if (!parsed.ok) throw new Error("test mapping must parse");
export const orderMapping: MappingSpec = parsed.spec;
