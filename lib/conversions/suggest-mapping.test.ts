import { describe, expect, it } from "vitest";
import { parseMappingSpec } from "./mapping-spec";
import { normalizeColumnName, suggestMapping } from "./suggest-mapping";

const columnFor = (columns: string[], field: string): string | undefined => {
  const source = (suggestMapping(columns).fields as Record<string, { kind: string; column?: string } | undefined>)[
    field
  ];
  return source?.kind === "column" ? source.column : undefined;
};

describe("normalizeColumnName", () => {
  it("folds case, separators and camelCase to snake_case", () => {
    expect(normalizeColumnName("Customer E-mail")).toBe("customer_e_mail");
    expect(normalizeColumnName("orderedAt")).toBe("ordered_at");
    expect(normalizeColumnName(" IP Address ")).toBe("ip_address");
  });
});

describe("suggestMapping", () => {
  it("recognizes the common spellings", () => {
    for (const name of ["email", "e_mail", "E-Mail", "customer_email", "Email Address"])
      expect(columnFor([name], "email")).toBe(name);
    for (const name of ["phone", "phone_number", "mobile", "Phone Number"])
      expect(columnFor([name], "phone")).toBe(name);
    for (const name of ["ip", "ip_address", "IP"]) expect(columnFor([name], "ip_address")).toBe(name);
    for (const name of ["user_agent", "ua", "UserAgent"]) expect(columnFor([name], "user_agent")).toBe(name);
    for (const name of ["amount", "total", "value", "revenue"]) expect(columnFor([name], "value")).toBe(name);
    expect(columnFor(["ordered_at"], "conversion_time")).toBe("ordered_at");
    expect(columnFor(["twclid"], "twclid")).toBe("twclid");
    expect(columnFor(["order_id"], "conversion_id")).toBe("order_id");
    expect(columnFor(["currency"], "price_currency")).toBe("currency");
    expect(columnFor(["quantity"], "number_items")).toBe("quantity");
  });

  it("maps digest columns to the hashed fields, never to the plain ones", () => {
    const spec = suggestMapping(["email_sha256", "phone_sha256"]);
    expect(spec.fields.hashed_email).toEqual({ kind: "column", column: "email_sha256" });
    expect(spec.fields.hashed_phone_number).toEqual({ kind: "column", column: "phone_sha256" });
    expect(spec.fields.email).toBeUndefined();
    expect(spec.fields.phone).toBeUndefined();
  });

  it("prefers the more specific time column and uses each column once", () => {
    expect(columnFor(["created_at", "ordered_at"], "conversion_time")).toBe("ordered_at");
    const spec = suggestMapping(["value", "amount"]);
    expect(spec.fields.value).toEqual({ kind: "column", column: "value" });
    expect(Object.values(spec.fields).filter((s) => s?.kind === "column" && s.column === "amount")).toEqual([]);
  });

  it("suggests contents and a row key, and leaves unknown columns alone", () => {
    const spec = suggestMapping(["id", "line_items", "favourite_colour"]);
    expect(spec.contents).toEqual({ kind: "json", column: "line_items" });
    expect(spec.options.rowKeyColumns).toEqual(["id"]);
    expect(spec.fields).toEqual({});
    expect(suggestMapping(["id", "order_id"]).options.rowKeyColumns).toEqual([]);
  });

  it("always produces a valid mapping spec", () => {
    const spec = suggestMapping(["Email", "ordered_at", "phone", "ip", "ua", "order_id", "total", "currency", "items"]);
    const parsed = parseMappingSpec(JSON.parse(JSON.stringify(spec)));
    expect(parsed.ok && parsed.spec).toEqual(spec);
  });
});
