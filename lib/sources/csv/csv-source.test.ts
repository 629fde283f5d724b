import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createCsvSource, type CsvSourceOptions } from "./csv-source";
import { SourceError } from "../source-error";
import type { SourceChunk, SourceProblem, SourceRow } from "../types";

/** The file as the database would hand it over: bytes in pieces, here deliberately tiny ones so
 * that line breaks, CRLF pairs, quotes and multi-byte characters get split across pieces. */
function csv(text: string | Buffer, options: Omit<CsvSourceOptions, "open"> & { pieceSize?: number } = {}) {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const pieceSize = options.pieceSize ?? 5;
  return createCsvSource({
    ...options,
    open: () =>
      Readable.from(
        (function* () {
          for (let at = 0; at < bytes.length; at += pieceSize) yield bytes.subarray(at, at + pieceSize);
        })(),
      ),
  });
}

async function readAll(source: ReturnType<typeof csv>, chunkSize = 1000) {
  const rows: SourceRow[] = [];
  const problems: SourceProblem[] = [];
  const chunks: SourceChunk[] = [];
  for await (const chunk of source.stream({ chunkSize })) {
    chunks.push(chunk);
    rows.push(...chunk.rows);
    problems.push(...chunk.problems);
  }
  return { rows, problems, chunks, values: rows.map((row) => ({ ...row.values })) };
}

async function errorOf(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}

describe("createCsvSource: awkward files", () => {
  test("UTF-8 BOM and CRLF line breaks", async () => {
    const source = csv("\uFEFFid,email\r\n1,a@example.com\r\n2,b@example.com\r\n");
    const { values, rows } = await readAll(source);
    expect((await source.columns()).map((column) => column.name)).toEqual(["id", "email"]);
    expect(values).toEqual([
      { id: "1", email: "a@example.com" },
      { id: "2", email: "b@example.com" },
    ]);
    expect(rows.map((row) => [row.rowNumber, row.line])).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  test("quoted values with embedded line breaks, delimiters and doubled quotes; line numbers stay right", async () => {
    const source = csv(
      'id,note,city\r\n1,"first line\r\nsecond line",Paris\r\n2,"say ""hi"", then go",Lyon\r\n3,plain,Nice\r\n',
    );
    const { values, rows } = await readAll(source);
    expect(values).toEqual([
      { id: "1", note: "first line\nsecond line", city: "Paris" },
      { id: "2", note: 'say "hi", then go', city: "Lyon" },
      { id: "3", note: "plain", city: "Nice" },
    ]);
    expect(rows.map((row) => row.line)).toEqual([2, 4, 5]);
  });

  test("semicolons, as European spreadsheets write them", async () => {
    const source = csv("order;value;ordered_at\nA-1;12,50;2024-05-01\nA-2;3,99;2024-05-02\n");
    expect(await source.delimiter()).toBe(";");
    expect((await readAll(source)).values).toEqual([
      { order: "A-1", value: "12,50", ordered_at: "2024-05-01" },
      { order: "A-2", value: "3,99", ordered_at: "2024-05-02" },
    ]);
  });

  test("tabs", async () => {
    const source = csv('id\tname\n1\tJane Doe\n2\t"Smith\tJohn"\n');
    expect(await source.delimiter()).toBe("\t");
    expect((await readAll(source)).values).toEqual([
      { id: "1", name: "Jane Doe" },
      { id: "2", name: "Smith\tJohn" },
    ]);
  });

  test("a line with the wrong number of values in the middle is reported, the rest is read", async () => {
    const { values, problems } = await readAll(csv("a,b\n1,2\n3,4,5\n6,7\n8\n9,10\n"));
    expect(values).toEqual([
      { a: "1", b: "2" },
      { a: "6", b: "7" },
      { a: "9", b: "10" },
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 3,
        code: "wrong_column_count",
        message: expect.stringContaining("Line 3 has 3 values"),
      }),
      expect.objectContaining({ line: 5, code: "wrong_column_count" }),
    ]);
  });

  test("a quote that is never closed is reported at its line; the lines it would swallow are still read", async () => {
    const { values, problems } = await readAll(csv('a,b\n1,2\n"3,4\n5,6\n7,8\n'));
    expect(problems).toEqual([expect.objectContaining({ line: 3, code: "unclosed_quote" })]);
    expect(values).toEqual([
      { a: "1", b: "2" },
      { a: "5", b: "6" },
      { a: "7", b: "8" },
    ]);
  });

  test("a stray quote followed later by properly quoted values does not lose the rows between", async () => {
    const { values, problems, rows } = await readAll(csv('a,b\n1,2\n"3,4\n5,6\n7,"x"\n9,9\n'));
    expect(problems.map((problem) => problem.line)).toEqual([3]);
    expect(values).toEqual([
      { a: "1", b: "2" },
      { a: "5", b: "6" },
      { a: "7", b: "x" },
      { a: "9", b: "9" },
    ]);
    expect(rows.map((row) => row.line)).toEqual([2, 4, 5, 6]);
  });

  test("stray quotes are not silently merged with the next line, even when the value count fits", async () => {
    const { values, problems } = await readAll(csv('a,b\n"1,2\n"3,4\n5,6\n'));
    expect(problems.map((problem) => [problem.line, problem.code])).toEqual([
      [2, "unclosed_quote"],
      [3, "unclosed_quote"],
    ]);
    expect(values).toEqual([{ a: "5", b: "6" }]);
  });

  test("known limit: a multi-line quoted value that starts with an escaped quote is taken for a runaway quote", async () => {
    // Telling it apart from a stray quote that ran on would need the raw text of every record,
    // which doubles parsing time; such values are rare in conversion data, and they are reported.
    const { values, problems } = await readAll(csv('note,n\n"""Hi"" there\nsecond line",1\nok,2\n'));
    expect(problems[0]).toMatchObject({ line: 2, code: "unclosed_quote" });
    expect(values.at(-1)).toEqual({ note: "ok", n: "2" });
  });

  test("a quote inside an unquoted value (inches) is kept as text", async () => {
    const { values, problems } = await readAll(csv('product,qty\nMonitor 27" wide,1\n"Cable, 2m",3\n'));
    expect(problems).toEqual([]);
    expect(values).toEqual([
      { product: 'Monitor 27" wide', qty: "1" },
      { product: "Cable, 2m", qty: "3" },
    ]);
  });

  test("a line beyond the length limit is reported and skipped", async () => {
    const { values, problems } = await readAll(
      csv(`a,b\n1,2\n${"x".repeat(200)},3\n4,5\n`, { limits: { maxLineLength: 100 } }),
    );
    expect(problems).toEqual([expect.objectContaining({ line: 3, code: "line_too_long" })]);
    expect(values).toEqual([
      { a: "1", b: "2" },
      { a: "4", b: "5" },
    ]);
  });

  test("blank lines and rows of empty cells are skipped; empty cells are null", async () => {
    const { values, rows } = await readAll(csv("a,b,c\n\n1,,3\n,,\n\n,5,\n"));
    expect(values).toEqual([
      { a: "1", b: null, c: "3" },
      { a: null, b: "5", c: null },
    ]);
    expect(rows.map((row) => row.line)).toEqual([3, 6]);
  });

  test("empty and repeated header names are made unique and reported", async () => {
    const source = csv("email,,email\na@example.com,x,b@example.com\n");
    const sample = await source.sample(5);
    expect(sample.columns.map((column) => column.name)).toEqual(["email", "column_2", "email_2"]);
    expect(sample.problems.map((problem) => problem.code)).toEqual(["empty_column_name", "duplicate_column_name"]);
    expect({ ...sample.rows[0]?.values }).toEqual({ email: "a@example.com", column_2: "x", email_2: "b@example.com" });
  });

  test("a column called __proto__ is an ordinary key of a null-prototype object", async () => {
    const { rows } = await readAll(csv("__proto__,constructor\nx,y\n"));
    const values = rows[0]?.values ?? {};
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(Object.keys(values)).toEqual(["__proto__", "constructor"]);
    expect(values["__proto__"]).toBe("x");
    expect(values["constructor"]).toBe("y");
  });

  test("multi-byte characters split between pieces arrive whole", async () => {
    const { values } = await readAll(csv("name,city\nChloé Müller,Zürich 🏔\n", { pieceSize: 1 }));
    expect(values).toEqual([{ name: "Chloé Müller", city: "Zürich 🏔" }]);
  });

  test("column types are inferred from the rows", async () => {
    const source = csv(
      "id,email,value,paid,ordered_at,zip,empty\n1,a@example.com,9.90,true,2024-05-01T10:00:00Z,01234,\n2,b@example.com,12,false,2024-05-02 11:00:00,90210,\n",
    );
    expect(await source.columns()).toEqual([
      { name: "id", type: "number" },
      { name: "email", type: "text" },
      { name: "value", type: "number" },
      { name: "paid", type: "boolean" },
      { name: "ordered_at", type: "timestamp" },
      { name: "zip", type: "text" },
      { name: "empty", type: "unknown" },
    ]);
  });
});

describe("createCsvSource: bytes that are not UTF-8", () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part))));

  test("a line that is not UTF-8 is reported with its line and byte, never sent; the good lines around it are read", async () => {
    const { values, problems, rows } = await readAll(
      csv(bytes("a,b\n1,ok\n2,", [0xc3, 0x28, 0xff], "\n3,Zürich\n4,", [0x80], "\n5,end\n")),
    );
    expect(values).toEqual([
      { a: "1", b: "ok" },
      { a: "3", b: "Zürich" },
      { a: "5", b: "end" },
    ]);
    expect(rows.map((row) => [row.rowNumber, row.line])).toEqual([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
    expect(problems).toEqual([
      {
        line: 3,
        code: "invalid_utf8",
        message: "Line 3 is not valid UTF-8 text (byte 0xC3 at column 3); it was skipped.",
      },
      {
        line: 5,
        code: "invalid_utf8",
        message: "Line 5 is not valid UTF-8 text (byte 0x80 at column 3); it was skipped.",
      },
    ]);
  });

  test("the column counts characters, and a bad byte in a record's second line skips the whole record", async () => {
    const { values, problems } = await readAll(
      csv(bytes('a,b\n1,"é€😀', [0xff], '"\n2,"x\ny', [0xe2, 0x82], '"\n3,z\n'), { pieceSize: 3 }),
    );
    expect(values).toEqual([{ a: "3", b: "z" }]);
    expect(problems.map((problem) => problem.message)).toEqual([
      "Line 2 is not valid UTF-8 text (byte 0xFF at column 7); it was skipped.",
      "Line 3 is not valid UTF-8 text (byte 0xE2 on line 4, column 2); it was skipped.",
    ]);
  });

  test("overlong forms, surrogates, a character cut off at the end of the file are not UTF-8 either", async () => {
    const { values, problems } = await readAll(
      csv(
        bytes(
          "a\n",
          [0xc0, 0xaf],
          "\n",
          [0xed, 0xa0, 0x80],
          "\n",
          [0xf4, 0x90, 0x80, 0x80],
          "\nok\n",
          [0xf0, 0x9f, 0x98],
        ),
      ),
    );
    expect(values).toEqual([{ a: "ok" }]);
    expect(problems.map((problem) => [problem.line, problem.code])).toEqual([
      [2, "invalid_utf8"],
      [3, "invalid_utf8"],
      [4, "invalid_utf8"],
      [6, "invalid_utf8"],
    ]);
  });

  test("multi-byte characters split between pieces at every possible place are not taken for broken ones", async () => {
    const text = "name,city\r\nChloé Müller,Zürich 🏔\r\n€😀\uFFFD,\uFEFF日本\r\n";
    for (let pieceSize = 1; pieceSize <= 12; pieceSize += 1) {
      const { values, problems } = await readAll(csv(text, { pieceSize }));
      expect(problems).toEqual([]);
      expect(values).toEqual([
        { name: "Chloé Müller", city: "Zürich 🏔" },
        { name: "€😀\uFFFD", city: "\uFEFF日本" },
      ]);
    }
  });

  test("a correctly encoded U+FFFD (EF BF BD) is text like any other and passes unchanged", async () => {
    const { values, problems } = await readAll(csv(bytes("a,b\n1,", [0xef, 0xbf, 0xbd], "(\uFFFD\n")));
    expect(problems).toEqual([]);
    expect(values).toEqual([{ a: "1", b: "\uFFFD(\uFFFD" }]);
  });

  test("a byte order mark split between the first pieces is still removed", async () => {
    const { values } = await readAll(csv("\uFEFFid,email\n1,a@example.com\n", { pieceSize: 1 }));
    expect(values).toEqual([{ id: "1", email: "a@example.com" }]);
  });

  test("a header that is not UTF-8 stops the read with a clear error", async () => {
    const error = await errorOf(csv(bytes("id,", [0xe9], "mail\n1,a@example.com\n")).columns());
    expect(error.code).toBe("file_unreadable");
    expect(error.line).toBe(1);
    expect(error.message).toBe(
      'The header (line 1) is not valid UTF-8 text (byte 0xE9 at column 4). Save the file as "CSV UTF-8" and upload it again.',
    );
  });
});

describe("createCsvSource: limits and unreadable files", () => {
  test("a file over the size limit", async () => {
    const error = await errorOf(readAll(csv(`a,b\n${"1,2\n".repeat(1000)}`, { limits: { maxBytes: 1000 } })));
    expect(error.code).toBe("file_too_large");
    expect(error.message).toContain("1000 bytes");
  });

  test("a header with too many columns", async () => {
    const error = await errorOf(
      csv(`${Array.from({ length: 12 }, (_, index) => `c${index}`).join(",")}\n`, {
        limits: { maxColumns: 10 },
      }).columns(),
    );
    expect(error.code).toBe("too_many_columns");
    expect(error.message).toBe("The header has 12 columns; at most 10 are allowed.");
  });

  test("an empty file", async () => {
    expect((await errorOf(csv("").columns())).code).toBe("empty_file");
    expect((await errorOf(csv("\n\n").columns())).code).toBe("empty_file");
  });

  test("a header with no rows has columns of unknown type and no rows", async () => {
    const source = csv("a,b\n");
    expect(await source.columns()).toEqual([
      { name: "a", type: "unknown" },
      { name: "b", type: "unknown" },
    ]);
    expect((await readAll(source)).rows).toEqual([]);
  });

  test("a header that cannot be read stops the read with a clear error", async () => {
    const error = await errorOf(csv('"id,email\n1,a@example.com\n').columns());
    expect(error.code).toBe("file_unreadable");
    expect(error.message).toBe("The header (line 1) opens a quoted value that is never closed.");
  });

  test("a file broken on every line is refused after a bounded number of resumes", async () => {
    const error = await errorOf(readAll(csv(`a,b\n${'"1,2\n'.repeat(60)}`, { pieceSize: 1024 })));
    expect(error.code).toBe("file_unreadable");
    expect(error.message).toContain("broken quoting");
  });

  test("a failure to read the stored bytes is passed on unchanged, not blamed on the file", async () => {
    const failure = new Error("connection to the file store lost");
    const source = createCsvSource({
      open: () =>
        (async function* () {
          yield Buffer.from("a,b\n1,2\n");
          throw failure;
        })(),
    });
    await expect(readAll(source as ReturnType<typeof csv>)).rejects.toBe(failure);
  });

  test("a UTF-16 file is refused with advice", async () => {
    const error = await errorOf(csv(Buffer.from("\uFEFFa,b\n1,2\n", "utf16le")).columns());
    expect(error.code).toBe("file_unreadable");
    expect(error.message).toContain("CSV UTF-8");
  });
});

describe("createCsvSource: streaming", () => {
  test("chunks hold at most chunkSize rows, in order", async () => {
    const text = `n\n${Array.from({ length: 25 }, (_, index) => index + 1).join("\n")}\n`;
    const { chunks, rows } = await readAll(csv(text), 10);
    expect(chunks.map((chunk) => chunk.rows.length)).toEqual([10, 10, 5]);
    expect(rows.map((row) => row.rowNumber)).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
  });

  test("sample reads only what it needs and closes the file", async () => {
    const streams: Readable[] = [];
    let linesPulled = 0;
    const source = createCsvSource({
      open: () => {
        const stream = Readable.from(
          (function* () {
            yield "id\n";
            for (let index = 1; index <= 100_000; index += 1, linesPulled += 1) yield `${index}\n`;
          })(),
        );
        streams.push(stream);
        return stream;
      },
      typeSampleRows: 10,
    });
    const sample = await source.sample(3);
    expect(sample.rows.map((row) => row.values["id"])).toEqual(["1", "2", "3"]);
    expect(streams).toHaveLength(1);
    expect(streams[0]?.destroyed).toBe(true);
    // Only the head used to detect the delimiter (64 KB) and the parser's read-ahead.
    expect(linesPulled).toBeLessThan(30_000);
  });

  test("an aborted signal stops the stream with an 'aborted' error", async () => {
    const controller = new AbortController();
    const source = csv(`n\n${"1\n".repeat(10_000)}`, { pieceSize: 4096 });
    const read = (async () => {
      for await (const chunk of source.stream({ chunkSize: 100, signal: controller.signal })) {
        expect(chunk.rows.length).toBeGreaterThan(0);
        controller.abort();
      }
    })();
    expect((await errorOf(read)).code).toBe("aborted");
  });

  test("any table written as CSV reads back as the same table, however the bytes are split", async () => {
    const cell = fc
      .string({ unit: fc.constantFrom("a", "Z", "1", " ", ",", ";", "\t", '"', "\n", "\r\n", "é", "😀"), maxLength: 6 })
      // The one shape read as a runaway quote on purpose (see the "known limit" test above).
      .filter((value) => !(value.startsWith('"') && value.includes("\n")));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.record({
            rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
            width: fc.constant(width),
            crlf: fc.boolean(),
            pieceSize: fc.integer({ min: 1, max: 17 }),
          }),
        ),
        async ({ rows, width, crlf, pieceSize }) => {
          const newline = crlf ? "\r\n" : "\n";
          const quote = (value: string) =>
            /[",;\t\r\n|]/.test(value) || value.trim() !== value ? `"${value.replaceAll('"', '""')}"` : value;
          const header = Array.from({ length: width }, (_, index) => `c${index}`);
          const text = [header, ...rows].map((row) => row.map(quote).join(",")).join(newline) + newline;
          const { values, problems } = await readAll(csv(text, { pieceSize }));
          // Line breaks inside values come back as "\n" (CRLF is normalised); blank rows are skipped.
          const expected = rows
            .filter((row) => row.some((value) => value !== ""))
            .map((row) =>
              Object.fromEntries(
                row.map((value, index) => [`c${index}`, value === "" ? null : value.replaceAll("\r\n", "\n")]),
              ),
            );
          expect(problems).toEqual([]);
          expect(values).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("a character bound on chunks", () => {
  test("wide rows come fewer per chunk; every row still comes, in order", async () => {
    const lines = [
      "id,note",
      ...Array.from({ length: 300 }, (_, i) => `${i + 1},${i < 100 ? "n" : "w".repeat(1_000)}`),
    ];
    const source = csv(lines.join("\n"), { pieceSize: 4096 });
    const chunks: SourceChunk[] = [];
    for await (const chunk of source.stream({ chunkSize: 1_000, maxChunkChars: 20_000 })) chunks.push(chunk);
    const rows = chunks.flatMap((chunk) => chunk.rows);
    expect(rows.map((row) => row.values.id)).toEqual(Array.from({ length: 300 }, (_, i) => String(i + 1)));
    // Each chunk ends with the row that reaches the bound: at most 20,000 characters plus one row.
    for (const chunk of chunks)
      expect(
        chunk.rows.reduce((sum, row) => sum + String(row.values.note).length + String(row.values.id).length, 0),
      ).toBeLessThanOrEqual(21_100);
    expect(chunks.length).toBeGreaterThanOrEqual(10);
    // Without the bound, one chunk.
    const whole: SourceChunk[] = [];
    for await (const chunk of csv(lines.join("\n"), { pieceSize: 4096 }).stream({ chunkSize: 1_000 }))
      whole.push(chunk);
    expect(whole).toHaveLength(1);
  });
});
