import { describe, expect, it } from "vitest";
import { mappingSpecSchema, suggestMapping } from "@/lib/conversions";
import { generateDemoConversions } from "@/lib/sources/demo-conversions";
import type { SourceRow } from "@/lib/sources/types";
import { buildPreview, summaryLine } from "./build-preview";

const demo = generateDemoConversions({ rows: 20, seed: 1, endAt: new Date("2026-03-01T00:00:00Z") });
const columns = Object.keys(demo[0]!);
const rows: SourceRow[] = demo.map((values, index) => ({ rowNumber: index + 1, values: { ...values } }));
const mapping = mappingSpecSchema.parse({ ...suggestMapping(columns), options: { hashing: true, defaultPhoneCountry: "US", sourceTimeZone: "UTC", rowKeyColumns: [] } });

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
    expect(summaryLine(preview.summary)).toMatch(/^\d+ ready, \d+ invalid: .*missing conversion_time ×1/);
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
