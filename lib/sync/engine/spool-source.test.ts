import { describe, expect, test } from "vitest";
import type { SourceChunk, SourceRow } from "@/lib/sources/types";
import { spoolSource } from "./spool-source";

function row(rowNumber: number, values: Record<string, unknown>, line?: number): SourceRow {
  const nullProto = Object.assign(Object.create(null) as Record<string, never>, values);
  return { rowNumber, ...(line !== undefined ? { line } : {}), values: nullProto };
}

describe("spooling a source through a temporary file", () => {
  test("rows come back the same (dates, numbers, JSON, a __proto__ column), in chunks of the size asked, with the problems", async () => {
    const at = new Date("2026-11-20T10:00:00.123Z");
    const chunks: SourceChunk[] = [
      {
        rows: [row(1, { order_id: "A-1", at, value: 19.9, paid: true, meta: { a: [1, 2] }, empty: null }, 2)],
        problems: [{ rowNumber: 2, line: 3, code: "bad_line", message: "Unclosed quote" }],
      },
      {
        rows: [
          row(3, { order_id: "A-3", at: null, value: 0, paid: false, meta: null, empty: null }),
          row(4, JSON.parse('{"__proto__": "kept", "order_id": "A-4"}') as Record<string, unknown>),
        ],
        problems: [],
      },
    ];
    const source = {
      async *stream() {
        yield* chunks;
      },
    };
    const spooled = await spoolSource(source, { chunkSize: 2 });
    const out: SourceChunk[] = [];
    for await (const chunk of spooled.stream()) out.push(chunk);
    await spooled.close();

    expect(out.map((chunk) => chunk.rows.length)).toEqual([2, 1]);
    expect(out[0]!.problems).toEqual(chunks[0]!.problems);
    const [first, third, fourth] = out.flatMap((chunk) => chunk.rows);
    expect(first).toMatchObject({ rowNumber: 1, line: 2 });
    expect(first!.values.at).toEqual(at);
    expect(first!.values.meta).toEqual({ a: [1, 2] });
    expect({ ...third!.values }).toEqual({ order_id: "A-3", at: null, value: 0, paid: false, meta: null, empty: null });
    expect(Object.getPrototypeOf(fourth!.values)).toBeNull();
    expect(Object.prototype.hasOwnProperty.call(fourth!.values, "__proto__")).toBe(true);
    expect(fourth!.values["__proto__"]).toBe("kept");
  });
});
