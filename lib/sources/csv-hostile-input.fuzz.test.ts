import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCsvSource } from "./csv-source";
import { SourceError } from "./source-error";
import type { SourceChunk } from "./types";

/**
 * Random and hostile files through the CSV reader: it either reads rows (each bad line reported
 * with its line number, never stopping the rest) or refuses the whole file with a SourceError that
 * says why. It never crashes with anything else and never leaves a promise rejected unhandled.
 */
function sourceOf(bytes: Uint8Array, limits = {}) {
  return createCsvSource({ open: () => (async function* () { yield bytes; })(), limits });
}

async function readAll(bytes: Uint8Array, limits = {}) {
  const chunks: SourceChunk[] = [];
  for await (const chunk of sourceOf(bytes, limits).stream({ chunkSize: 50 })) chunks.push(chunk);
  return { rows: chunks.flatMap((chunk) => chunk.rows), problems: chunks.flatMap((chunk) => chunk.problems) };
}

const encoder = new TextEncoder();
const hostileText = fc.string({ unit: fc.constantFrom("a", "1", ",", ";", "\t", '"', "\n", "\r\n", "\u0000", "é", "\ufeff", "=", " "), maxLength: 400 });

describe("the CSV reader under hostile input", () => {
  it("random bytes (invalid UTF-8 included): rows with line numbers, or a clear refusal", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 600 }), hostileText.map((text) => encoder.encode(text))), async (bytes) => {
        try {
          const { rows, problems } = await readAll(bytes);
          for (const row of rows) expect(row.rowNumber).toBeGreaterThan(0);
          for (const problem of problems) {
            expect(problem.code).toMatch(/^[a-z_]+$/);
            expect(problem.message.length).toBeGreaterThan(0);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(SourceError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("an empty file is refused with a reason", async () => {
    const error = await readAll(new Uint8Array()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).code).toBe("empty_file");
  });

  it("200 columns with prototype-named headers read as ordinary columns", async () => {
    const names = ["__proto__", "constructor", "toString", ...Array.from({ length: 197 }, (_, i) => `c${i}`)];
    const line = names.map((_, i) => `v${i}`).join(",");
    const { rows, problems } = await readAll(encoder.encode(`${names.join(",")}\n${line}\n${line}\n`));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!.values)).toHaveLength(200);
    expect(rows[0]!.values["__proto__"]).toBe("v0");
    expect(Object.getPrototypeOf(rows[0]!.values)).toBeNull();
  });

  it("a line over the length limit is reported and the rest still read", async () => {
    const text = `a,b\n1,2\n${"x".repeat(5_000)},3\n4,5\n`;
    const { rows, problems } = await readAll(encoder.encode(text), { maxLineLength: 1_000 });
    expect(rows.map((row) => row.values.a)).toEqual(["1", "4"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(3);
  });
});
