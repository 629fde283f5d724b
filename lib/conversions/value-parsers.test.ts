import { describe, expect, it } from "vitest";
import { bareEventId, parseAmount, parseCurrency, parseEventId, parsePositiveInteger } from "./value-parsers";

describe("parseAmount", () => {
  it("reads numbers and dot-decimal strings", () => {
    expect(parseAmount(20)).toEqual({ kind: "value", value: 20 });
    expect(parseAmount("20.00")).toEqual({ kind: "value", value: 20 });
    expect(parseAmount(" 100.99 ")).toEqual({ kind: "value", value: 100.99 });
    expect(parseAmount(".5")).toEqual({ kind: "value", value: 0.5 });
    expect(parseAmount("0")).toEqual({ kind: "value", value: 0 });
    expect(parseAmount("1,234.56")).toEqual({ kind: "value", value: 1234.56 });
  });

  it("makes the decimal-comma ambiguity an explicit error", () => {
    for (const text of ["12,50", "1,234", "1.234,56", "12,5,0"]) {
      expect(parseAmount(text)).toMatchObject({ kind: "error", code: "ambiguous_decimal_separator" });
    }
  });

  it("rejects NaN, infinities, negatives and non-numbers", () => {
    expect(parseAmount(Number.NaN)).toMatchObject({ kind: "error", code: "not_a_number" });
    expect(parseAmount(Number.POSITIVE_INFINITY)).toMatchObject({ kind: "error", code: "not_a_number" });
    expect(parseAmount("NaN")).toMatchObject({ kind: "error", code: "not_a_number" });
    expect(parseAmount("Infinity")).toMatchObject({ kind: "error", code: "not_a_number" });
    expect(parseAmount("1e400")).toMatchObject({ kind: "error", code: "not_a_number" });
    expect(parseAmount("20 dollars")).toMatchObject({ kind: "error", code: "not_a_number" });
    expect(parseAmount("$")).toMatchObject({ kind: "error", code: "not_a_number" });
    expect(parseAmount(true)).toMatchObject({ kind: "error", code: "not_a_number" });
    expect(parseAmount(-5)).toMatchObject({ kind: "error", code: "negative_amount" });
    expect(parseAmount("")).toEqual({ kind: "empty" });
  });
});

describe("parseCurrency", () => {
  it("accepts ISO 4217 in any case and answers upper case", () => {
    expect(parseCurrency("usd")).toEqual({ kind: "value", value: "USD" });
    expect(parseCurrency(" EUR ")).toEqual({ kind: "value", value: "EUR" });
    expect(parseCurrency("JPY")).toEqual({ kind: "value", value: "JPY" });
  });

  it("refuses non-codes, including non-currency ISO entries", () => {
    for (const text of ["EURO", "US$", "XXX", "XTS", "XAU", "ABC"]) {
      expect(parseCurrency(text)).toMatchObject({ kind: "error", code: "invalid_currency" });
    }
  });
});

describe("parsePositiveInteger", () => {
  it("accepts whole numbers above zero", () => {
    expect(parsePositiveInteger(3)).toEqual({ kind: "value", value: 3 });
    expect(parsePositiveInteger("3")).toEqual({ kind: "value", value: 3 });
    expect(parsePositiveInteger("3.0")).toEqual({ kind: "value", value: 3 });
  });

  it("refuses zero, negatives, fractions and text", () => {
    expect(parsePositiveInteger(0)).toMatchObject({ kind: "error", code: "not_positive" });
    expect(parsePositiveInteger("-2")).toMatchObject({ kind: "error", code: "not_positive" });
    expect(parsePositiveInteger(1.5)).toMatchObject({ kind: "error", code: "not_an_integer" });
    expect(parsePositiveInteger("1.5")).toMatchObject({ kind: "error", code: "not_an_integer" });
    expect(parsePositiveInteger("three")).toMatchObject({ kind: "error", code: "not_an_integer" });
    expect(parsePositiveInteger(2 ** 60)).toMatchObject({ kind: "error", code: "not_an_integer" });
  });
});

describe("parseEventId", () => {
  it("accepts bare and tw-<pixel>-<event> ids", () => {
    expect(parseEventId("o87ne", "o8z6j")).toEqual({ kind: "value", value: "o87ne" });
    expect(parseEventId(" O87NE ", null)).toEqual({ kind: "value", value: "o87ne" });
    expect(parseEventId("tw-o8z6j-o87ne", "o8z6j")).toEqual({ kind: "value", value: "tw-o8z6j-o87ne" });
    expect(parseEventId("tw-o8z6j-o87ne", undefined)).toEqual({ kind: "value", value: "tw-o8z6j-o87ne" });
  });

  it("refuses a prefixed id of another pixel, and malformed ids", () => {
    expect(parseEventId("tw-abcde-o87ne", "o8z6j")).toMatchObject({ kind: "error", code: "event_id_pixel_mismatch" });
    for (const text of ["o87 ne", "tw-o8z6j", "tw--o87ne", "purchase!", "gtm_purchase"]) {
      expect(parseEventId(text, "o8z6j")).toMatchObject({ kind: "error", code: "invalid_event_id" });
    }
    expect(parseEventId("", "o8z6j")).toEqual({ kind: "empty" });
  });
});

describe("bareEventId", () => {
  it("is the event tag id of either form", () => {
    expect(bareEventId("o87ne")).toBe("o87ne");
    expect(bareEventId("tw-o8z6j-o87ne")).toBe("o87ne");
  });
});

describe("parseAmount: values as people write them", () => {
  it("ignores currency signs, codes and spaces around the digits", () => {
    expect(parseAmount("$1,234.56")).toEqual({ kind: "value", value: 1234.56 });
    expect(parseAmount("$20")).toEqual({ kind: "value", value: 20 });
    expect(parseAmount("19.99 EUR")).toEqual({ kind: "value", value: 19.99 });
    expect(parseAmount("USD 5")).toEqual({ kind: "value", value: 5 });
    expect(parseAmount("£ 7.50")).toEqual({ kind: "value", value: 7.5 });
    expect(parseAmount("1\u202f234.50")).toEqual({ kind: "value", value: 1234.5 });
  });

  it("reads a decimal comma when the mapping says so", () => {
    expect(parseAmount("€ 19,99", "comma")).toEqual({ kind: "value", value: 19.99 });
    expect(parseAmount("1.234,56", "comma")).toEqual({ kind: "value", value: 1234.56 });
    expect(parseAmount("12,50", "comma")).toEqual({ kind: "value", value: 12.5 });
    expect(parseAmount("1 234,5 €", "comma")).toEqual({ kind: "value", value: 1234.5 });
    expect(parseAmount("1.234", "comma")).toEqual({ kind: "value", value: 1234 });
    expect(parseAmount(12.5, "comma")).toEqual({ kind: "value", value: 12.5 });
  });

  it("reads a decimal point with comma groups when the mapping says so", () => {
    expect(parseAmount("1,234", "point")).toEqual({ kind: "value", value: 1234 });
    expect(parseAmount("$1,234.56", "point")).toEqual({ kind: "value", value: 1234.56 });
    expect(parseAmount("1.5", "point")).toEqual({ kind: "value", value: 1.5 });
  });

  it("refuses what does not fit the chosen format, and stays strict without one", () => {
    expect(parseAmount("1,234.56", "comma")).toMatchObject({ kind: "error", code: "number_format_mismatch" });
    expect(parseAmount("12,50", "point")).toMatchObject({ kind: "error", code: "number_format_mismatch" });
    expect(parseAmount("1,2,3", "comma")).toMatchObject({ kind: "error", code: "number_format_mismatch" });
    for (const ambiguous of ["12,50", "1,234", "1.234,56", "€ 19,99"]) {
      const result = parseAmount(ambiguous);
      expect(result, ambiguous).toMatchObject({ kind: "error", code: "ambiguous_decimal_separator" });
      expect(result.kind === "error" && result.message).toContain("choose the number format");
    }
  });
});
