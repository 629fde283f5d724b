import { describe, expect, it } from "vitest";
import type { SourceValue } from "@/lib/sources/types";
import { convertRow, convertRows } from "./convert-row";
import { suggestMapping } from "./suggest-mapping";
import { sha256Hex } from "./hash";
import { parseMappingSpec, type MappingSpec, type MappingSpecInput } from "./mapping-spec";
import type { RowResult } from "./types";

const spec = (input: Omit<MappingSpecInput, "version">): MappingSpec => {
  const parsed = parseMappingSpec({ version: 1, ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.spec;
};
const col = (column: string) => ({ kind: "column" as const, column });
const destination = { eventId: "o87ne", pixelId: "o8z6j" };

const orders = spec({
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
    description: { kind: "static", value: "Web order" },
  },
  options: { defaultPhoneCountry: "US", sourceTimeZone: "America/New_York" },
});

const row = (overrides: Record<string, SourceValue> = {}): Record<string, SourceValue> => ({
  ordered_at: "2024-05-01 10:00:00",
  email: " Jane.Doe@Example.com ",
  phone: "(415) 555-2671",
  twclid: " 23opevjt88psuo13lu8d020qkn ",
  ip: "8.25.197.25",
  ua: "Mozilla/5.0 (X11; Linux x86_64)",
  total: "20.00",
  currency: "usd",
  qty: "3",
  order_id: 23294827,
  ...overrides,
});

const reasonsOf = (result: RowResult) =>
  result.status === "invalid" ? result.reasons.map((r) => `${r.field}:${r.code}`) : [];

describe("convertRow: a complete row", () => {
  it("becomes X's conversion shape, hashed and normalized, with the JSON that is sent", () => {
    const result = convertRow(orders, destination, row());
    expect(result.status === "valid" && JSON.parse(result.json)).toEqual(
      result.status === "valid" && result.conversion,
    );
    expect(result).toEqual({
      status: "valid",
      warnings: [],
      json: expect.any(String),
      conversion: {
        conversion_time: "2024-05-01T14:00:00.000Z",
        event_id: "o87ne",
        identifiers: [
          { twclid: "23opevjt88psuo13lu8d020qkn" },
          { hashed_email: sha256Hex("jane.doe@example.com") },
          { hashed_phone_number: sha256Hex("+14155552671") },
          { ip_address: "8.25.197.25", user_agent: "Mozilla/5.0 (X11; Linux x86_64)" },
        ],
        value: 20,
        price_currency: "USD",
        number_items: 3,
        description: "Web order",
        conversion_id: "23294827",
      },
    });
  });
});

describe("convertRow: the size bound", () => {
  const described = spec({ fields: { ...orders.fields, description: col("note") }, options: orders.options });
  const sizeOf = (result: RowResult) => (result.status === "valid" ? Buffer.byteLength(result.json) : null);

  it("refuses a conversion over 64 KiB of UTF-8, counting multi-byte characters as their bytes", () => {
    for (const note of ["x".repeat(66_000), "é".repeat(33_000)]) {
      expect(reasonsOf(convertRow(described, destination, row({ note })))).toEqual(["conversion:conversion_too_large"]);
    }
  });

  it("takes one just under, though its characters times three would be over", () => {
    const result = convertRow(described, destination, row({ note: "é".repeat(32_000) }));
    expect(result.status).toBe("valid");
    expect(sizeOf(result)).toBeGreaterThan(64_000);
    expect(sizeOf(result)).toBeLessThanOrEqual(64 * 1024);
  });
});

describe("convertRow: identifiers contract", () => {
  it("never hashes twclid, IP or user agent", () => {
    const result = convertRow(orders, destination, row({ email: null, phone: null }));
    expect(result.status === "valid" && result.conversion.identifiers).toEqual([
      { twclid: "23opevjt88psuo13lu8d020qkn" },
      { ip_address: "8.25.197.25", user_agent: "Mozilla/5.0 (X11; Linux x86_64)" },
    ]);
  });

  it("sends IP alone in the IP/UA object when there is no user agent", () => {
    const result = convertRow(orders, destination, row({ ua: "" }));
    expect(result.status === "valid" && result.conversion.identifiers.at(-1)).toEqual({ ip_address: "8.25.197.25" });
  });

  it("refuses a row whose only identifiers are IP and user agent", () => {
    const result = convertRow(orders, destination, row({ email: "", phone: "", twclid: "" }));
    expect(reasonsOf(result)).toEqual(["identifiers:identifier_missing"]);
  });

  it("refuses a row with no identifier at all", () => {
    const result = convertRow(orders, destination, row({ email: null, phone: null, twclid: null, ip: null, ua: null }));
    expect(reasonsOf(result)).toEqual(["identifiers:identifier_missing"]);
  });

  it("drops an invalid phone with a warning and still sends the row", () => {
    const result = convertRow(orders, destination, row({ phone: "555-0000" }));
    expect(result.status).toBe("valid");
    expect(result.warnings.map((w) => `${w.field}:${w.code}`)).toEqual([
      "identifiers.hashed_phone_number:phone_invalid",
    ]);
    expect(result.status === "valid" && result.conversion.identifiers.some((i) => "hashed_phone_number" in i)).toBe(
      false,
    );
  });

  it("drops an invalid IP with a warning", () => {
    const result = convertRow(orders, destination, row({ ip: "10.0.0.256" }));
    expect(result.warnings.map((w) => w.code)).toEqual(["ip_address_invalid"]);
    expect(result.status === "valid" && result.conversion.identifiers.at(-1)).toEqual({
      user_agent: "Mozilla/5.0 (X11; Linux x86_64)",
    });
  });

  it("makes a row invalid when the only identifier was dropped, keeping the warning", () => {
    const result = convertRow(orders, destination, row({ email: null, twclid: null, phone: "12", ip: null, ua: null }));
    expect(reasonsOf(result)).toEqual(["identifiers:identifier_missing"]);
    expect(result.warnings.map((w) => w.code)).toEqual(["phone_invalid"]);
  });

  it("maps digest columns directly, and sends one object when email and hashed email agree", () => {
    const hashed = spec({
      fields: { conversion_time: col("t"), email: col("e"), hashed_email: col("he"), hashed_phone_number: col("hp") },
    });
    const digest = sha256Hex("a@b.co");
    const result = convertRow(hashed, destination, {
      t: "2024-05-01T00:00:00Z",
      e: "A@B.co",
      he: digest.toUpperCase(),
      hp: sha256Hex("+14155552671"),
    });
    expect(result.status === "valid" && result.conversion.identifiers).toEqual([
      { hashed_email: digest },
      { hashed_phone_number: sha256Hex("+14155552671") },
    ]);
  });

  it("refuses plain text in a hashed column, without quoting it", () => {
    const hashed = spec({ fields: { conversion_time: col("t"), hashed_email: col("he"), twclid: col("c") } });
    const result = convertRow(hashed, destination, { t: "2024-05-01T00:00:00Z", he: "jane@example.com", c: "abc" });
    expect(reasonsOf(result)).toEqual(["identifiers.hashed_email:not_sha256"]);
    expect(JSON.stringify(result)).not.toContain("jane");
  });

  it("with hashing off, refuses plain emails and phones and passes digests", () => {
    const off = spec({ ...orders, options: { ...orders.options, hashing: false } });
    expect(reasonsOf(convertRow(off, destination, row()))).toEqual([
      "identifiers.hashed_email:email_not_hashed",
      "identifiers.hashed_phone_number:phone_not_hashed",
    ]);
    const digest = sha256Hex("jane.doe@example.com");
    const result = convertRow(off, destination, row({ email: digest, phone: null }));
    expect(result.status === "valid" && result.conversion.identifiers[1]).toEqual({ hashed_email: digest });
  });
});

describe("convertRow: required fields and every reason", () => {
  it("never invents a conversion time", () => {
    expect(reasonsOf(convertRow(orders, destination, row({ ordered_at: null })))).toEqual([
      "conversion_time:conversion_time_missing",
    ]);
    expect(reasonsOf(convertRow(orders, destination, row({ ordered_at: "" })))).toEqual([
      "conversion_time:conversion_time_missing",
    ]);
    const unmapped = spec({ fields: { twclid: col("twclid") } });
    expect(reasonsOf(convertRow(unmapped, destination, row()))).toEqual(["conversion_time:conversion_time_unmapped"]);
  });

  it("needs an event id from the destination or the mapped column", () => {
    expect(reasonsOf(convertRow(orders, {}, row()))).toEqual(["event_id:destination_event_missing"]);
    expect(reasonsOf(convertRow(orders, { eventId: "tw-other-o87ne", pixelId: "o8z6j" }, row()))).toEqual([
      "event_id:event_id_pixel_mismatch",
    ]);
    const perRow = spec({ ...orders, eventId: { kind: "column", column: "event" } });
    const result = convertRow(perRow, destination, row({ event: "tw-o8z6j-abc12" }));
    expect(result.status === "valid" && result.conversion.event_id).toBe("tw-o8z6j-abc12");
    expect(reasonsOf(convertRow(perRow, destination, row({ event: "" })))).toEqual(["event_id:event_id_missing"]);
  });

  it("reports every reason of a bad row, each with its field path", () => {
    const result = convertRow(
      orders,
      { eventId: "bad id!" },
      row({
        ordered_at: "31/12/2024",
        total: "12,50",
        currency: "EURO",
        qty: "0",
        email: "not-an-email",
        phone: null,
        twclid: null,
      }),
    );
    expect(reasonsOf(result)).toEqual([
      "conversion_time:conversion_time_invalid",
      "event_id:invalid_event_id",
      "identifiers:identifier_missing",
      "value:ambiguous_decimal_separator",
      "price_currency:invalid_currency",
      "number_items:not_positive",
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(["email_invalid"]);
  });

  it("reports a mapped column missing from the row on the field it feeds", () => {
    const { ordered_at: _ignored, ...withoutTime } = row();
    expect(reasonsOf(convertRow(orders, destination, withoutTime))).toEqual(["conversion_time:column_missing"]);
  });

  it("does not read inherited properties as columns", () => {
    const tricky = spec({ fields: { conversion_time: col("t"), twclid: col("constructor") } });
    const values = Object.assign(Object.create(null) as Record<string, SourceValue>, { t: "2024-05-01T00:00:00Z" });
    expect(reasonsOf(convertRow(tricky, destination, values))).toEqual([
      "identifiers.twclid:column_missing",
      "identifiers:identifier_missing",
    ]);
    expect(reasonsOf(convertRow(tricky, destination, { t: "2024-05-01T00:00:00Z" }))).toEqual([
      "identifiers.twclid:column_missing",
      "identifiers:identifier_missing",
    ]);
  });
});

describe("convertRow: conversion_id policy", () => {
  const noId = spec({ fields: { conversion_time: col("t"), twclid: col("c"), value: col("v") } });
  const values = { t: "2024-05-01T00:00:00Z", c: "abc", v: 10 };
  const idOf = (result: RowResult) => (result.status === "valid" ? result.conversion.conversion_id : undefined);

  it("uses the mapped id as text", () => {
    expect(idOf(convertRow(orders, destination, row({ order_id: " A-17 " })))).toBe("A-17");
  });

  it("derives a stable id from the content when none is mapped", () => {
    const first = idOf(convertRow(noId, destination, values));
    expect(first).toMatch(/^sl-[0-9a-f]{32}$/);
    expect(idOf(convertRow(noId, destination, { ...values }))).toBe(first);
    expect(idOf(convertRow(noId, destination, { ...values, v: 11 }))).not.toBe(first);
  });

  it("derives from the row key columns when configured, whatever else changes", () => {
    const keyed = spec({ ...noId, options: { rowKeyColumns: ["id"] } });
    const a = idOf(convertRow(keyed, destination, { ...values, id: 7 }));
    expect(idOf(convertRow(keyed, destination, { ...values, id: "7", v: 99 }))).toBe(a);
    expect(idOf(convertRow(keyed, destination, { ...values, id: 8 }))).not.toBe(a);
    const incomplete = convertRow(keyed, destination, { ...values, id: null });
    expect(incomplete.warnings.map((w) => w.code)).toEqual(["row_key_incomplete"]);
    expect(idOf(incomplete)).toBe(idOf(convertRow(noId, destination, values)));
  });

  it("warns when the mapped id is empty on a row and derives one", () => {
    const result = convertRow(orders, destination, row({ order_id: "" }));
    expect(result.warnings.map((w) => w.code)).toEqual(["conversion_id_derived"]);
    expect(idOf(result)).toMatch(/^sl-/);
  });
});

describe("convertRows", () => {
  it("keeps each result next to its own row number", () => {
    const results = convertRows(orders, destination, [
      { rowNumber: 1, line: 2, values: row() },
      { rowNumber: 2, line: 3, values: row({ ordered_at: null }) },
      { rowNumber: 3, values: row({ order_id: "x" }) },
    ]);
    expect(results.map((r) => [r.rowNumber, r.line, r.status])).toEqual([
      [1, 2, "valid"],
      [2, 3, "invalid"],
      [3, undefined, "valid"],
    ]);
  });
});

describe("convertRow: the phone's country from a column", () => {
  const byCountry = spec({
    fields: { conversion_time: col("ordered_at"), phone: col("phone") },
    options: { defaultPhoneCountry: null, phoneCountryColumn: "country" },
  });
  const phoneOf = (result: RowResult) =>
    result.status === "valid"
      ? result.conversion.identifiers.map((id) => ("hashed_phone_number" in id ? id.hashed_phone_number : null))
      : null;

  it("reads each row's national number in that row's country", () => {
    const gb = convertRow(byCountry, destination, {
      ordered_at: "2024-05-01 10:00:00",
      phone: "020 7946 0958",
      country: "GB",
    });
    const us = convertRow(byCountry, destination, {
      ordered_at: "2024-05-01 10:00:00",
      phone: "(206) 555-0158",
      country: "United States",
    });
    const de = convertRow(byCountry, destination, {
      ordered_at: "2024-05-01 10:00:00",
      phone: "030 12345678",
      country: "+49",
    });
    expect(phoneOf(gb)).toEqual([sha256Hex("+442079460958")]);
    expect(phoneOf(us)).toEqual([sha256Hex("+12065550158")]);
    expect(phoneOf(de)).toEqual([sha256Hex("+493012345678")]);
  });

  it("falls back to the default country when the row's is empty", () => {
    const withDefault = spec({ ...byCountry, options: { ...byCountry.options, defaultPhoneCountry: "US" } });
    expect(
      phoneOf(
        convertRow(withDefault, destination, {
          ordered_at: "2024-05-01 10:00:00",
          phone: "(206) 555-0158",
          country: null,
        }),
      ),
    ).toEqual([sha256Hex("+12065550158")]);
  });

  it("says why a national number without any country was dropped", () => {
    const result = convertRow(byCountry, destination, {
      ordered_at: "2024-05-01 10:00:00",
      phone: "(206) 555-0158",
      country: "",
    });
    expect(result.status).toBe("invalid");
    expect(result.warnings).toEqual([
      {
        field: "identifiers.hashed_phone_number",
        code: "phone_country_missing",
        message:
          "phone is a national number and there is no country for this row (no +country code, no default phone country); left out of the identifiers",
      },
    ]);
  });

  it("makes a missing country column a reason on the phone, as any missing column is", () => {
    expect(
      reasonsOf(convertRow(byCountry, destination, { ordered_at: "2024-05-01 10:00:00", phone: "(206) 555-0158" })),
    ).toContain("identifiers.hashed_phone_number:column_missing");
  });

  it("reads no country when the row has no phone", () => {
    const result = convertRow(
      spec({ ...byCountry, fields: { ...byCountry.fields, email: col("email") } }),
      destination,
      {
        ordered_at: "2024-05-01 10:00:00",
        phone: null,
        email: "jane@example.com",
      },
    );
    expect(result.status).toBe("valid");
  });
});

describe("convertRow: one text per problem code", () => {
  it("says the same for identifier_missing whether or not the row has an IP address", () => {
    const withIp = convertRow(orders, destination, row({ email: null, phone: null, twclid: null }));
    const withoutIp = convertRow(
      orders,
      destination,
      row({ email: null, phone: null, twclid: null, ip: null, ua: null }),
    );
    const messageOf = (result: RowResult) =>
      result.status === "invalid" ? result.reasons.find((r) => r.code === "identifier_missing")?.message : undefined;
    expect(messageOf(withIp)).toBe(
      "needs a twclid, email or phone (an IP address and user agent alone are not enough)",
    );
    expect(messageOf(withoutIp)).toBe(messageOf(withIp));
  });
});

describe("convertRow: twclid from a landing-page URL", () => {
  const byUrl = spec({ fields: { conversion_time: col("ordered_at"), twclid: col("landing_site") } });

  it("sends the URL's twclid parameter as the click id", () => {
    const result = convertRow(byUrl, destination, {
      ordered_at: "2024-05-01 10:00:00",
      landing_site: "https://shop.example/?utm_source=x&twclid=23opevjt88psuo13lu8d020qkn",
    });
    expect(result.status === "valid" && result.conversion.identifiers).toEqual([
      { twclid: "23opevjt88psuo13lu8d020qkn" },
    ]);
  });

  it("has no identifier from a URL without twclid", () => {
    const result = convertRow(byUrl, destination, {
      ordered_at: "2024-05-01 10:00:00",
      landing_site: "https://shop.example/?utm_source=newsletter",
    });
    expect(reasonsOf(result)).toEqual(["identifiers:identifier_missing"]);
  });
});

describe("convertRow: number formats", () => {
  const money = (options: Record<string, unknown>) =>
    spec({
      fields: { conversion_time: col("at"), email: col("email"), value: col("total"), price_currency: col("currency") },
      options,
    });
  const valueOf = (result: RowResult) => (result.status === "valid" ? result.conversion.value : reasonsOf(result));
  const at = { at: "2026-11-20 10:00:00", email: "jane@example.com" };

  it("reads a decimal comma and sends a number", () => {
    const result = convertRow(money({ decimalSeparator: "comma" }), destination, {
      ...at,
      total: "€ 1.234,56",
      currency: "EUR",
    });
    expect(valueOf(result)).toBe(1234.56);
    expect(result.status === "valid" && result.json).toContain('"value":1234.56');
  });

  it("divides minor units by the currency's ISO 4217 factor", () => {
    const cents = money({ valueInMinorUnits: true });
    expect(valueOf(convertRow(cents, destination, { ...at, total: "1999", currency: "USD" }))).toBe(19.99);
    expect(valueOf(convertRow(cents, destination, { ...at, total: 1999, currency: "JPY" }))).toBe(1999);
    expect(valueOf(convertRow(cents, destination, { ...at, total: "12345", currency: "KWD" }))).toBe(12.345);
    // No currency: X assumes USD.
    expect(valueOf(convertRow(cents, destination, { ...at, total: "250", currency: null }))).toBe(2.5);
    expect(valueOf(convertRow(cents, destination, { ...at, total: "19.99", currency: "USD" }))).toEqual([
      "value:minor_units_fraction",
    ]);
  });
});

describe("convertRow: date formats and future times", () => {
  const dated = (dateOrder: "auto" | "DMY" | "MDY") =>
    spec({ fields: { conversion_time: col("at"), email: col("email") }, options: { dateOrder } });
  const now = Date.parse("2026-12-06T12:00:00.000Z");

  it("reads the mapping's date format", () => {
    const result = convertRow(dated("DMY"), destination, { at: "05/12/2026 09:30", email: "jane@example.com" }, now);
    expect(result.status === "valid" && result.conversion.conversion_time).toBe("2026-12-05T09:30:00.000Z");
  });

  it("sends a time more than ten minutes ahead, with a warning", () => {
    const result = convertRow(
      dated("auto"),
      destination,
      { at: "2026-12-07T12:00:00Z", email: "jane@example.com" },
      now,
    );
    expect(result.status).toBe("valid");
    expect(result.warnings).toEqual([
      {
        field: "conversion_time",
        code: "conversion_time_future",
        message: "conversion_time is 24 hours in the future; check the source time zone and date format",
      },
    ]);
  });

  it("suggests the date format the sample rows settle", () => {
    const rows = [{ ordered_at: "05/12/2026 09:30" }, { ordered_at: "28/11/2026 17:00" }];
    expect(suggestMapping(["ordered_at", "email"], rows).options.dateOrder).toBe("DMY");
    expect(suggestMapping(["ordered_at", "email"], [{ ordered_at: "05/12/2026 09:30" }]).options.dateOrder).toBe(
      "auto",
    );
  });
});
