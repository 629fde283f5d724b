import { describe, expect, it } from "vitest";
import { normalizeTwclid } from "./twclid";

describe("normalizeTwclid", () => {
  it("passes a click id through, trimmed", () => {
    expect(normalizeTwclid(" 23opevjt88psuo13lu8d020qkn ")).toEqual({
      kind: "value",
      value: "23opevjt88psuo13lu8d020qkn",
    });
  });

  it("takes the twclid query parameter of a landing-page URL, percent-decoded", () => {
    const cases: Array<[string, string]> = [
      [
        "https://shop.example/products/blanket?utm_source=x&twclid=23opevjt88psuo13lu8d020qkn",
        "23opevjt88psuo13lu8d020qkn",
      ],
      ["https://shop.example/?twclid=2%2D3opev%5Fjt&utm_medium=paid", "2-3opev_jt"],
      ["/checkout?TWCLID=abc123#summary", "abc123"],
      ["?twclid=abc123", "abc123"],
      ["https://shop.example/#/cart?twclid=abc123", "abc123"],
    ];
    for (const [url, twclid] of cases) expect(normalizeTwclid(url), url).toEqual({ kind: "value", value: twclid });
  });

  it("finds no click id in a URL without one, and that is no problem", () => {
    expect(normalizeTwclid("https://shop.example/products/blanket?utm_source=newsletter")).toEqual({ kind: "empty" });
    expect(normalizeTwclid("https://shop.example/?twclid=")).toEqual({ kind: "empty" });
    expect(normalizeTwclid("/products/blanket")).toEqual({ kind: "empty" });
    // "xtwclid" is another parameter.
    expect(normalizeTwclid("https://shop.example/?xtwclid=abc")).toEqual({ kind: "empty" });
  });

  it("drops a twclid that is not valid percent-encoding, without quoting it", () => {
    const result = normalizeTwclid("https://shop.example/?twclid=abc%E0%A4");
    expect(result).toMatchObject({ kind: "dropped", code: "twclid_url_invalid" });
    expect(JSON.stringify(result)).not.toContain("abc");
  });
});
