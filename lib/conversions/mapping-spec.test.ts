import { describe, expect, it } from "vitest";
import { columnRefs, mappedColumns, missingColumns, parseMappingSpec, type MappingSpecInput } from "./mapping-spec";

const minimal: MappingSpecInput = {
  version: 1,
  fields: { conversion_time: { kind: "column", column: "ordered_at" }, email: { kind: "column", column: "email" } },
};

const issuesOf = (input: unknown): Array<{ path: string; message: string }> => {
  const result = parseMappingSpec(input);
  return result.ok ? [] : result.issues;
};

describe("mappingSpecSchema", () => {
  it("fills the defaults: event from the destination, no contents, hashing on, UTC", () => {
    const result = parseMappingSpec(minimal);
    expect(result.ok && result.spec).toEqual({
      ...minimal,
      eventId: { kind: "destination" },
      contents: { kind: "none" },
      options: {
        hashing: true,
        defaultPhoneCountry: null,
        phoneCountryColumn: null,
        sourceTimeZone: "UTC",
        dateOrder: "auto",
        decimalSeparator: "auto",
        valueInMinorUnits: false,
        rowKeyColumns: [],
      },
    });
  });

  it("survives a JSON round trip unchanged (what the UI saves is what runs)", () => {
    const parsed = parseMappingSpec({
      ...minimal,
      eventId: { kind: "column", column: "event" },
      contents: {
        kind: "columns",
        items: [{ content_id: { kind: "column", column: "sku" }, content_type: { kind: "static", value: "Shoes" } }],
      },
      options: { hashing: false, defaultPhoneCountry: "de", sourceTimeZone: "Europe/Berlin", rowKeyColumns: ["id"] },
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.spec.options.defaultPhoneCountry).toBe("DE");
    const again = parseMappingSpec(JSON.parse(JSON.stringify(parsed.spec)));
    expect(again.ok && again.spec).toEqual(parsed.spec);
  });

  it("requires version 1 and refuses unknown keys rather than ignoring them", () => {
    expect(issuesOf({ ...minimal, version: 2 }).map((i) => i.path)).toContain("version");
    expect(issuesOf({ fields: {} }).map((i) => i.path)).toContain("version");
    expect(issuesOf({ ...minimal, fields: { emial: { kind: "column", column: "e" } } })).not.toEqual([]);
    expect(issuesOf({ ...minimal, extra: true })).not.toEqual([]);
  });

  it("refuses static values where they would invent data", () => {
    for (const key of ["conversion_time", "email", "twclid", "conversion_id"]) {
      const issues = issuesOf({ version: 1, fields: { [key]: { kind: "static", value: "x" } } });
      expect(issues.map((i) => i.path)).toEqual([`fields.${key}.value`]);
    }
  });

  it("checks static values with the row parsers, once, on the mapping", () => {
    expect(issuesOf({ version: 1, fields: { price_currency: { kind: "static", value: "eur" } } })).toEqual([]);
    expect(
      issuesOf({ version: 1, fields: { price_currency: { kind: "static", value: "EURO" } } }).map((i) => i.path),
    ).toEqual(["fields.price_currency.value"]);
    expect(issuesOf({ version: 1, fields: { value: { kind: "static", value: "12,50" } } }).map((i) => i.path)).toEqual([
      "fields.value.value",
    ]);
    const contents = { kind: "columns", items: [{ num_items: { kind: "static", value: 0 } }] };
    expect(issuesOf({ version: 1, contents }).map((i) => i.path)).toEqual(["contents.items.0.num_items.value"]);
  });

  it("validates options: country codes and IANA zones", () => {
    expect(issuesOf({ ...minimal, options: { defaultPhoneCountry: "XX" } }).map((i) => i.path)).toEqual([
      "options.defaultPhoneCountry",
    ]);
    expect(issuesOf({ ...minimal, options: { sourceTimeZone: "Mars/Olympus" } }).map((i) => i.path)).toEqual([
      "options.sourceTimeZone",
    ]);
    expect(issuesOf({ ...minimal, options: { sourceTimeZone: "America/Sao_Paulo" } })).toEqual([]);
  });

  it("refuses empty column names", () => {
    expect(issuesOf({ version: 1, fields: { email: { kind: "column", column: "  " } } }).map((i) => i.path)).toEqual([
      "fields.email.column",
    ]);
  });
});

describe("mappedColumns / missingColumns", () => {
  it("lists every column the mapping reads and which the source lacks", () => {
    const parsed = parseMappingSpec({
      ...minimal,
      eventId: { kind: "column", column: "event" },
      contents: { kind: "json", column: "items" },
      options: { rowKeyColumns: ["id"] },
    });
    if (!parsed.ok) throw new Error("mapping should parse");
    expect(mappedColumns(parsed.spec).sort()).toEqual(["email", "event", "id", "items", "ordered_at"]);
    expect(missingColumns(parsed.spec, ["email", "ordered_at", "id"])).toEqual(["event", "items"]);
  });

  it("names each place a column is read by the mapping step's path, once per place", () => {
    const parsed = parseMappingSpec({
      ...minimal,
      fields: { ...minimal.fields, phone: { kind: "column", column: "phone" }, value: { kind: "static", value: 10 } },
      eventId: { kind: "column", column: "event" },
      contents: {
        kind: "columns",
        items: [{ content_id: { kind: "column", column: "sku" }, content_type: { kind: "static", value: "Shoes" } }],
      },
      options: { rowKeyColumns: ["id", "email"], phoneCountryColumn: "country" },
    });
    if (!parsed.ok) throw new Error("mapping should parse");
    expect(columnRefs(parsed.spec)).toEqual([
      { column: "ordered_at", path: "mapping.fields.conversion_time", role: "conversion_time" },
      { column: "email", path: "mapping.fields.email", role: "email" },
      { column: "phone", path: "mapping.fields.phone", role: "phone" },
      { column: "event", path: "mapping.eventId", role: "event_id" },
      { column: "sku", path: "mapping.contents.items.0.content_id", role: "contents.content_id" },
      { column: "id", path: "mapping.options.rowKeyColumns", role: "row_key" },
      { column: "email", path: "mapping.options.rowKeyColumns", role: "row_key" },
      { column: "country", path: "mapping.options.phoneCountryColumn", role: "phone_country" },
    ]);
    expect(mappedColumns(parsed.spec)).toEqual(["ordered_at", "email", "phone", "event", "sku", "id", "country"]);
  });
});
