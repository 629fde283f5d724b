import { describe, expect, it } from "vitest";
import { mappingSpecSchema, suggestMapping } from "@/lib/conversions";
import { generateDemoConversions } from "@/lib/sources/demo/demo-conversions";
import type { SourceRow } from "@/lib/sources/types";
import { buildPreview, summaryLine } from "./build-preview";

const demo = generateDemoConversions({ rows: 20, seed: 1, endAt: new Date("2026-03-01T00:00:00Z") });
const columns = Object.keys(demo[0]!);
const rows: SourceRow[] = demo.map((values, index) => ({ rowNumber: index + 1, values: { ...values } }));
const mapping = mappingSpecSchema.parse({
  ...suggestMapping(columns),
  options: { hashing: true, defaultPhoneCountry: "US", sourceTimeZone: "UTC", rowKeyColumns: [] },
});

describe("buildPreview", () => {
  const preview = buildPreview(mapping, { eventId: "o87ne", pixelId: "o8z6j" }, rows, columns);

  it("converts every sample row and explains the invalid ones", () => {
    expect(preview.rows).toHaveLength(20);
    // Row 7 of every 50 has no order time (generate-demo-conversions.ts).
    const row7 = preview.rows.find((row) => row.rowNumber === 7)!;
    expect(row7.status).toBe("invalid");
    expect(row7.reasons.map((reason) => reason.code)).toContain("conversion_time_missing");
    expect(preview.summary.invalid).toBeGreaterThanOrEqual(1);
    expect(preview.summary.valid + preview.summary.invalid).toBe(20);
    expect(summaryLine(preview.summary)).toMatch(/^\d+ ready, \d+ invalid: .*Missing conversion time ×1/);
  });

  it("shows hashed identifiers in the JSON and never a raw email or phone anywhere", () => {
    const everything = JSON.stringify(preview);
    for (const row of demo) {
      if (row.email && row.email.includes("@")) expect(everything).not.toContain(row.email.trim());
      if (row.phone && row.phone.replace(/\D/g, "").length >= 7) expect(everything).not.toContain(row.phone);
    }
    const valid = preview.rows.find((row) => row.status === "valid")!;
    expect(valid.conversionJson).toMatch(/"hashed_email": "[0-9a-f]{64}"|"hashed_phone_number": "[0-9a-f]{64}"/);
  });

  it("builds the request body from the valid rows only", () => {
    const body = JSON.parse(preview.requestBody) as { conversions: Array<{ event_id: string }> };
    expect(body.conversions).toHaveLength(preview.summary.valid);
    expect(body.conversions.every((conversion) => conversion.event_id === "o87ne")).toBe(true);
  });
});

describe("buildPreview: what failed, shown", () => {
  const cols = ["ordered_at", "email", "phone", "total", "currency"];
  const spec = mappingSpecSchema.parse({
    version: 1,
    fields: {
      conversion_time: { kind: "column", column: "ordered_at" },
      email: { kind: "column", column: "email" },
      phone: { kind: "column", column: "phone" },
      value: { kind: "column", column: "total" },
      price_currency: { kind: "column", column: "currency" },
    },
    options: { defaultPhoneCountry: "US" },
  });
  const sample: SourceRow[] = [
    {
      rowNumber: 1,
      values: {
        ordered_at: "31/13/2026",
        email: "jane@example.com",
        phone: "(415) 555-2671",
        total: "12,50",
        currency: "EURO",
      },
    },
    {
      rowNumber: 2,
      values: {
        ordered_at: "2026-11-20 10:00:00",
        email: "jane.doe at example",
        phone: "555 0199 12",
        total: "20.00",
        currency: "EUR",
      },
    },
  ];
  const preview = buildPreview(spec, { eventId: "o87ne", pixelId: "o8z6j" }, sample, cols);

  it("shows the raw value of a failing time, value or currency, in the cells and on the reason", () => {
    const [first] = preview.rows;
    expect(first?.cells.find((cell) => cell.column === "ordered_at")?.display).toBe("31/13/2026");
    expect(first?.reasons.map((reason) => [reason.code, reason.value])).toEqual([
      ["conversion_time_invalid", "31/13/2026"],
      ["ambiguous_decimal_separator", "12,50"],
      ["invalid_currency", "EURO"],
    ]);
  });

  it("keeps identifiers masked and gives their problems no value", () => {
    const everything = JSON.stringify(preview);
    for (const raw of ["jane@example.com", "(415) 555-2671", "jane.doe at example", "555 0199 12"])
      expect(everything).not.toContain(raw);
    const second = preview.rows[1]!;
    expect(second.warnings.filter((warning) => warning.field.startsWith("identifiers"))).not.toEqual([]);
    expect(second.warnings.every((warning) => warning.value === undefined)).toBe(true);
  });

  it("masks a date-looking column when it also feeds an identifier", () => {
    const shared = mappingSpecSchema.parse({
      ...spec,
      fields: { ...spec.fields, phone: { kind: "column", column: "ordered_at" } },
    });
    const [row] = buildPreview(shared, { eventId: "o87ne", pixelId: "o8z6j" }, sample, cols).rows;
    expect(row?.cells.find((cell) => cell.column === "ordered_at")?.display).not.toBe("31/13/2026");
    expect(row?.reasons.find((reason) => reason.field === "conversion_time")).toMatchObject({
      code: "conversion_time_invalid",
    });
    expect(row?.reasons.find((reason) => reason.field === "conversion_time")?.value).toBeUndefined();
  });
});

describe("buildPreview: duplicate conversion ids in the source", () => {
  it("warns on the later row and counts it in the summary", () => {
    const spec = mappingSpecSchema.parse({
      version: 1,
      fields: {
        conversion_time: { kind: "column", column: "at" },
        email: { kind: "column", column: "email" },
        conversion_id: { kind: "column", column: "order" },
      },
    });
    const sample: SourceRow[] = [1, 2, 3].map((rowNumber) => ({
      rowNumber,
      values: {
        at: "2026-11-20 10:00:00",
        email: `buyer${rowNumber}@example.com`,
        order: rowNumber === 3 ? "A-1" : `A-${rowNumber}`,
      },
    }));
    const preview = buildPreview(spec, { eventId: "o87ne", pixelId: "o8z6j" }, sample, ["at", "email", "order"]);
    expect(preview.rows[2]?.warnings.map((warning) => warning.code)).toEqual(["conversion_id_duplicate"]);
    expect(preview.rows[2]?.status).toBe("valid");
    expect(preview.summary.warnings).toEqual([
      { code: "conversion_id_duplicate", label: "Conversion id repeated (X keeps the first)", count: 1 },
    ]);
  });
});
