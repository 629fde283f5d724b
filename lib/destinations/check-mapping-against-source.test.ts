import { describe, expect, it } from "vitest";
import { mappingSpecSchema } from "@/lib/conversions";
import { checkMappingAgainstSource, mappingRowOf } from "./check-mapping-against-source";

describe("checkMappingAgainstSource", () => {
  it("puts each missing column on its own row", () => {
    const spec = mappingSpecSchema.parse({
      version: 1,
      fields: {
        conversion_time: { kind: "column", column: "ordered_at" },
        email: { kind: "column", column: "mail" },
        value: { kind: "column", column: "total" },
      },
      options: { rowKeyColumns: ["order_id"] },
    });
    expect(checkMappingAgainstSource(spec, ["ordered_at", "mail", "order_id"])).toEqual({
      "mapping.fields.value": ['The source has no column "total".'],
    });
    expect(Object.keys(checkMappingAgainstSource(spec, ["mail", "total"]))).toEqual([
      "mapping.fields.conversion_time",
      "mapping.options.rowKeyColumns",
    ]);
  });

  it("puts a missing phone country column on its own row", () => {
    const spec = mappingSpecSchema.parse({
      version: 1,
      fields: { conversion_time: { kind: "column", column: "at" }, phone: { kind: "column", column: "phone" } },
      options: { phoneCountryColumn: "country" },
    });
    expect(checkMappingAgainstSource(spec, ["at", "phone", "country"])).toEqual({});
    expect(checkMappingAgainstSource(spec, ["at", "phone"])).toEqual({
      "mapping.options.phoneCountryColumn": ['The source has no column "country".'],
    });
  });

  it("requires a conversion time and a strong identifier", () => {
    const errors = checkMappingAgainstSource(
      mappingSpecSchema.parse({ version: 1, fields: { ip_address: { kind: "column", column: "ip" } } }),
      ["ip"],
    );
    expect(Object.keys(errors).sort()).toEqual(["mapping.fields.conversion_time", "mapping.identifiers"]);
  });

  it("maps zod paths to table rows", () => {
    expect(mappingRowOf("mapping.fields.value.value")).toBe("mapping.fields.value");
    expect(mappingRowOf("mapping.options.defaultPhoneCountry")).toBe("mapping.options.defaultPhoneCountry");
    expect(mappingRowOf("mapping.eventId.column")).toBe("mapping.eventId");
  });
});
