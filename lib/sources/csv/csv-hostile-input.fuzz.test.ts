import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCsvSource } from "./csv-source";
import { SourceError } from "../source-error";
import type { SourceChunk, SourceProblem, SourceRow } from "../types";

/**
 * Random and hostile files through the CSV reader: it either reads rows (each bad line reported
 * with its line number, never stopping the rest) or refuses the whole file with a SourceError that
 * says why. It never crashes with anything else and never leaves a promise rejected unhandled.
 */
function sourceOf(bytes: Uint8Array, limits = {}, pieceSize = Infinity) {
  return createCsvSource({
    open: () =>
      (async function* () {
        for (let at = 0; at < bytes.length; at += pieceSize) yield bytes.subarray(at, at + pieceSize);
      })(),
    limits,
  });
}

async function readAll(bytes: Uint8Array, limits = {}, pieceSize = Infinity) {
  const chunks: SourceChunk[] = [];
  for await (const chunk of sourceOf(bytes, limits, pieceSize).stream({ chunkSize: 50 })) chunks.push(chunk);
  return { rows: chunks.flatMap((chunk) => chunk.rows), problems: chunks.flatMap((chunk) => chunk.problems) };
}

const encoder = new TextEncoder();
const hostileText = fc.string({
  unit: fc.constantFrom("a", "1", ",", ";", "\t", '"', "\n", "\r\n", "\u0000", "é", "\ufeff", "=", " "),
  maxLength: 400,
});
const bytesOf = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part))));

/** Pieces of a line: text, and byte sequences that are not UTF-8 (a broken pair, a stray
 * continuation byte, a cut-off character, an overlong "/", a surrogate, a code point past U+10FFFF). */
const lineUnit = fc.constantFrom<Buffer>(
  ...["a", "1", ",", ";", "\t", " ", "=", "\u0000", "é", "€", "😀", "\uFFFD", "\uFEFF"].map((text) => bytesOf(text)),
  ...[
    [0xc3, 0x28],
    [0xff],
    [0x80],
    [0xc3],
    [0xe2, 0x82],
    [0xf0, 0x9f, 0x98],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
  ].map((bytes) => bytesOf(bytes)),
);

/** A file with a valid header of `width` columns and the given data lines. */
const fileWithHeader = <Line>(line: fc.Arbitrary<Line>) =>
  fc.record({
    width: fc.integer({ min: 1, max: 4 }),
    lines: fc.array(line, { maxLength: 20 }),
    crlf: fc.boolean(),
    trailingNewline: fc.boolean(),
    pieceSize: fc.integer({ min: 1, max: 64 }),
  });

function joinLines(width: number, lines: Buffer[], crlf: boolean, trailingNewline: boolean): Buffer {
  const header = Buffer.from(Array.from({ length: width }, (_, index) => `c${index}`).join(","));
  const newline = Buffer.from(crlf ? "\r\n" : "\n");
  const all = [header, ...lines].flatMap((line, index) => (index === 0 ? [line] : [newline, line]));
  return Buffer.concat(trailingNewline ? [...all, newline] : all);
}

function splitFields(line: Buffer, delimiter: string): Buffer[] {
  const fields: Buffer[] = [];
  let start = 0;
  for (let at = line.indexOf(delimiter); at !== -1; at = line.indexOf(delimiter, start)) {
    fields.push(line.subarray(start, at));
    start = at + 1;
  }
  fields.push(line.subarray(start));
  return fields;
}

describe("the CSV reader under hostile input", () => {
  it("random bytes (invalid UTF-8 included): rows with line numbers, or a clear refusal", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          hostileText.map((text) => encoder.encode(text)),
        ),
        async (bytes) => {
          try {
            const { rows, problems } = await readAll(bytes);
            for (const row of rows) expect(row.rowNumber).toBeGreaterThan(0);
            for (const problem of problems) {
              expect(problem.code).toMatch(/^[a-z0-9_]+$/);
              expect(problem.message.length).toBeGreaterThan(0);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(SourceError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  // No quotes, so every line is one record and its fate is known in advance: never a refusal
  // (nothing in these files is a reason to refuse one), and every line a row or a problem,
  // wherever the pieces split it, except lines with only empty cells, which are skipped.
  it("under a valid header, every line of random bytes is a row or a problem, and the right one", async () => {
    await fc.assert(
      fc.asyncProperty(
        fileWithHeader(fc.array(lineUnit, { maxLength: 10 }).map((units) => Buffer.concat(units))),
        async ({ width, lines, crlf, trailingNewline, pieceSize }) => {
          const file = joinLines(width, lines, crlf, trailingNewline);
          const { rows, problems } = await readAll(file, {}, pieceSize);
          // A one-column header says nothing about the delimiter, so the data lines may pick it.
          const delimiter = await sourceOf(file).delimiter();
          const expectedRows: { line: number; values: Record<string, string | null> }[] = [];
          const expectedProblems: { line: number; code: string }[] = [];
          lines.forEach((bytes, index) => {
            const line = index + 2;
            const fields = splitFields(bytes, delimiter);
            if (fields.every((field) => field.length === 0)) return;
            if (fields.length !== width) expectedProblems.push({ line, code: "wrong_column_count" });
            else if (!isUtf8(bytes)) expectedProblems.push({ line, code: "invalid_utf8" });
            else
              expectedRows.push({
                line,
                values: Object.fromEntries(
                  fields.map((field, column) => [`c${column}`, field.length === 0 ? null : field.toString("utf8")]),
                ),
              });
          });
          expect(rows.length + problems.length).toBe(expectedRows.length + expectedProblems.length);
          expect(problems.map(({ line, code }) => ({ line, code }))).toEqual(expectedProblems);
          expect(rows.map((row) => ({ line: row.line, values: { ...row.values } }))).toEqual(expectedRows);
          expect(rows.map((row) => row.rowNumber)).toEqual(expectedRows.map((_, index) => index + 1));
          for (const problem of problems.filter((each) => each.code === "invalid_utf8")) {
            expect(problem.message).toMatch(
              new RegExp(
                `^Line ${problem.line} is not valid UTF-8 text \\(byte 0x[0-9A-F]{2} at column \\d+\\); it was skipped\\.$`,
              ),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  // With quotes, a record may run over several lines, and a broken one is reported at its first
  // line and the lines after it read again. So the lines must be covered exactly: each row takes
  // its own line and one more per line break in its values, each problem takes one line, with no
  // gap and no overlap up to the last line. Each line starts with a letter, so none is a record
  // of empty cells (skipped). The one legitimate refusal: more than 50 broken records (each
  // costs a re-read of the file), "broken quoting".
  it("under a valid header, with random quoting, every line is in a row or a problem, up to the last", async () => {
    const quotedLine = fc
      .string({ unit: fc.constantFrom("a", "1", ",", '"', " ", "é", "😀", "\uFFFD"), maxLength: 10 })
      .map((text) => bytesOf(`r${text}`));
    await fc.assert(
      fc.asyncProperty(fileWithHeader(quotedLine), async ({ width, lines, crlf, trailingNewline, pieceSize }) => {
        let read: { rows: SourceRow[]; problems: SourceProblem[] };
        try {
          read = await readAll(joinLines(width, lines, crlf, trailingNewline), {}, pieceSize);
        } catch (error) {
          expect(error).toBeInstanceOf(SourceError);
          expect((error as SourceError).message).toContain("broken quoting");
          return;
        }
        const items = [
          ...read.rows.map((row) => ({ row, line: row.line ?? 0 })),
          ...read.problems.map((problem) => ({ problem, line: problem.line ?? 0 })),
        ].sort((a, b) => a.line - b.line);
        let nextLine = 2;
        for (const item of items) {
          expect(item.line).toBe(nextLine);
          const breaks =
            "row" in item
              ? Object.values(item.row.values).reduce<number>(
                  (sum, value) => sum + (typeof value === "string" ? value.split("\n").length - 1 : 0),
                  0,
                )
              : 0;
          nextLine += 1 + breaks;
        }
        expect(nextLine).toBe(lines.length + 2);
        expect(read.problems.map((problem) => problem.code)).not.toContain("invalid_utf8");
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
