import { describe, expect, it } from "vitest";
import type { RowIssue, RowResult, XConversion } from "@/lib/conversions/index";
import { collectConversions, convertedJson } from "./converted-rows";

const decoder = new TextDecoder();

function valid(conversionId: string, extra = ""): RowResult {
  const conversion = { conversion_id: conversionId } as XConversion;
  return { status: "valid", conversion, json: JSON.stringify({ conversion_id: conversionId, extra }), warnings: [] };
}

function invalid(message: string): RowResult {
  const reasons: RowIssue[] = [{ field: "email", code: "invalid_email", message }];
  return { status: "invalid", reasons, warnings: [] };
}

/** Every row's JSON as text, "" for an invalid row. */
function texts(converted: ReturnType<typeof collectConversions>): string[] {
  return converted.ids.map((_, index) => decoder.decode(convertedJson(converted, index)));
}

describe("collectConversions", () => {
  it("gives each row its JSON, its id and its reasons, in order; an invalid row's JSON is empty", () => {
    const results = [valid("a"), invalid("no e-mail"), valid("b"), invalid("bad phone")];
    const converted = collectConversions(results.length, (index) => results[index]!);
    expect(converted.ids).toEqual(["a", null, "b", null]);
    expect(texts(converted)).toEqual([
      JSON.stringify({ conversion_id: "a", extra: "" }),
      "",
      JSON.stringify({ conversion_id: "b", extra: "" }),
      "",
    ]);
    expect([...converted.reasons.keys()]).toEqual([1, 3]);
    expect(converted.reasons.get(3)?.[0]?.message).toBe("bad phone");
    expect(converted.json.byteLength).toBe(converted.ends[3]);
  });

  it("counts bytes, not characters, for text outside ASCII", () => {
    const results = [valid("é", "日本語 🎉"), valid("ß")];
    const converted = collectConversions(2, (index) => results[index]!);
    expect(texts(converted)).toEqual([
      JSON.stringify({ conversion_id: "é", extra: "日本語 🎉" }),
      JSON.stringify({ conversion_id: "ß", extra: "" }),
    ]);
    expect(converted.ends[0]).toBe(Buffer.byteLength(JSON.stringify({ conversion_id: "é", extra: "日本語 🎉" })));
  });

  it("grows past its scratch buffer, for many rows and for one row larger than the buffer", () => {
    const big = "x".repeat(3 * 1024 * 1024);
    const results = [
      valid("small"),
      valid("big", big),
      ...Array.from({ length: 5_000 }, (_, i) => valid(`row-${i}`, "y".repeat(300))),
    ];
    const converted = collectConversions(results.length, (index) => results[index]!);
    const all = texts(converted);
    expect(all[1]).toBe(JSON.stringify({ conversion_id: "big", extra: big }));
    expect(all[4_999]).toBe(JSON.stringify({ conversion_id: "row-4997", extra: "y".repeat(300) }));
    expect(converted.ids.at(-1)).toBe("row-4999");
  });

  it("returns a buffer of its own: a later call does not change an earlier result", () => {
    const first = collectConversions(1, () => valid("first"));
    const before = texts(first);
    collectConversions(1, () => valid("second"));
    expect(texts(first)).toEqual(before);
    // Transferable whole: exactly the JSON, in an ArrayBuffer of its own.
    expect(first.json.buffer.byteLength).toBe(first.json.byteLength);
  });
});
