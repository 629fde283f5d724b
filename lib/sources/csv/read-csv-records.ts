import { Readable, addAbortSignal, pipeline } from "node:stream";
import { CsvError, parse, type Parser } from "csv-parse";
import { csvBytes, type CsvInput, type InvalidUtf8 } from "./csv-bytes";
import { detectCsvDelimiter, type CsvDelimiter } from "./detect-csv-delimiter";
import { SourceError, abortedError } from "../source-error";
import type { SourceProblem } from "../types";

export interface CsvLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most columns the header may have. */
  maxColumns: number;
  /** Longest record (a line, or several when a quoted value spans lines), counted in bytes of
   * UTF-8 text, which is characters for plain ASCII. */
  maxLineLength: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxBytes: 512 * 1024 * 1024, maxColumns: 500, maxLineLength: 100_000 };

export type CsvEvent =
  | { kind: "header"; names: string[]; line: number; delimiter: CsvDelimiter }
  | { kind: "record"; line: number; fields: string[] }
  | { kind: "problem"; problem: SourceProblem };

// Each resume reads the file again from its start, so a file broken everywhere is refused
// rather than read a thousand times over.
const MAX_RESUMES = 50;
const HEAD_BYTES = 64 * 1024;

interface ParserError {
  code: string;
  recordsBefore: number;
}

/**
 * Every record of a CSV file with the physical line it starts on, and a problem for each line
 * that could not be read, without stopping at it.
 *
 * A quote that is never closed swallows the lines after it (that is what CSV quoting means), so a
 * broken record that spans several lines is reported at its first line and reading resumes on
 * the next line, from a freshly opened file: the bytes come from a factory for exactly this. A
 * broken record on a single line is reported and skipped without a resume. A record with bytes
 * that are not UTF-8 is reported and skipped whole (the parser would have turned them into U+FFFD
 * and let the row through); its structure is sound, so no resume is needed.
 *
 * Events come in batches: one await per batch rather than per record is what lets a 200 MB file
 * be read in seconds rather than minutes.
 */
export async function* readCsvRecords(
  open: () => CsvInput,
  limits: CsvLimits,
  signal?: AbortSignal,
): AsyncGenerator<CsvEvent[]> {
  let delimiter: CsvDelimiter | undefined;
  let columnCount: number | undefined;
  let skipLines = 0;
  for (let resumes = 0; ; resumes += 1) {
    if (resumes > MAX_RESUMES) {
      throw new SourceError(
        "file_unreadable",
        `More than ${MAX_RESUMES} records have broken quoting, so the file was not read further. Check that it is a CSV file.`,
      );
    }
    const input = open();
    const badLines = invalidUtf8Lines();
    const bytes = csvBytes(input, { maxBytes: limits.maxBytes, skipLines, signal, onInvalidUtf8: badLines.add });
    const head = await readHead(bytes);
    delimiter ??= detectCsvDelimiter(Buffer.concat(head).toString("utf8"));
    let parserError: ParserError | undefined;
    const parser = parse({
      delimiter,
      record_delimiter: "\n",
      relax_quotes: true,
      relax_column_count: true,
      skip_records_with_error: true,
      max_record_size: limits.maxLineLength,
      on_skip: (error: CsvError | undefined) => {
        parserError ??= { code: error?.code ?? "CSV_UNKNOWN_ERROR", recordsBefore: Number(error?.records ?? 0) };
      },
    });
    pipeline(Readable.from(concat(head, bytes)), parser, () => undefined);
    if (signal) addAbortSignal(signal, parser);

    let resumeAfter: number | undefined;
    let consumed = 0;
    let nextLine = skipLines + 1;
    try {
      batches: for await (const batch of recordBatches(parser)) {
        const events: CsvEvent[] = [];
        for (const fields of batch) {
          // The parser reports an error before it emits the records after it, so once the records
          // before the error are consumed, the next line is where the broken record starts.
          if (parserError && consumed === parserError.recordsBefore) {
            if (events.length > 0) yield events;
            break batches;
          }
          consumed += 1;
          const line = nextLine;
          const lineCount = 1 + countNewlines(fields);
          nextLine += lineCount;
          if (fields.every((field) => field === "")) continue;
          const badUtf8 = badLines.within(line, lineCount);
          if (columnCount === undefined) {
            if (badUtf8) {
              throw new SourceError(
                "file_unreadable",
                `The header (line ${line}) ${describeInvalidUtf8(line, badUtf8)}. Save the file as "CSV UTF-8" and upload it again.`,
                { line },
              );
            }
            if (fields.length > limits.maxColumns) {
              throw new SourceError(
                "too_many_columns",
                `The header has ${fields.length} columns; at most ${limits.maxColumns} are allowed.`,
                { line },
              );
            }
            columnCount = fields.length;
            events.push({ kind: "header", names: fields, line, delimiter });
          } else if (lineCount > 1 && hasRunawayQuote(fields)) {
            events.push({
              kind: "problem",
              problem: {
                line,
                code: "unclosed_quote",
                message: `Line ${line} opens a quoted value that is not closed properly; it was skipped.`,
              },
            });
            resumeAfter = line;
            yield events;
            break batches;
          } else if (fields.length !== columnCount) {
            events.push({ kind: "problem", problem: wrongColumnCount(line, fields.length, columnCount) });
            if (lineCount > 1) {
              resumeAfter = line;
              yield events;
              break batches;
            }
          } else if (badUtf8) {
            events.push({
              kind: "problem",
              problem: {
                line,
                code: "invalid_utf8",
                message: `Line ${line} ${describeInvalidUtf8(line, badUtf8)}; it was skipped.`,
              },
            });
          } else {
            events.push({ kind: "record", line, fields });
          }
        }
        if (events.length > 0) yield events;
      }
    } catch (error) {
      throw readError(error, signal);
    } finally {
      parser.destroy();
      // The pipeline closes the input too, but only once its read-ahead settles; a Node stream
      // is released at once so a preview does not hold a database read open.
      destroyInput(input);
    }
    if (resumeAfter === undefined && parserError) {
      if (columnCount === undefined) {
        const code = problemCode(parserError.code) === "line_too_long" ? "line_too_long" : "file_unreadable";
        throw new SourceError(code, `The header (line ${nextLine}) ${describeParserError(parserError.code, limits)}.`, {
          line: nextLine,
        });
      }
      yield [
        {
          kind: "problem",
          problem: {
            line: nextLine,
            code: problemCode(parserError.code),
            message: `Line ${nextLine} ${describeParserError(parserError.code, limits)}; it was skipped.`,
          },
        },
      ];
      resumeAfter = nextLine;
    }
    if (resumeAfter === undefined) {
      if (columnCount === undefined)
        throw new SourceError("empty_file", "The file is empty: it needs a header line and rows.");
      return;
    }
    skipLines = resumeAfter;
  }
}

function destroyInput(input: CsvInput): void {
  const destroy = (input as { destroy?: unknown }).destroy;
  if (typeof destroy === "function") destroy.call(input);
}

const BATCH_RECORDS = 1_000;

/** The parser's records, taken synchronously while it has them buffered. */
async function* recordBatches(parser: Parser): AsyncGenerator<string[][]> {
  for (;;) {
    const batch: string[][] = [];
    let record: string[] | null = null;
    while (batch.length < BATCH_RECORDS && (record = parser.read() as string[] | null) !== null) batch.push(record);
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (parser.errored) throw parser.errored;
    if (parser.readableEnded || parser.destroyed) return;
    await new Promise<void>((resolve) => {
      const wake = () => {
        for (const event of ["readable", "end", "close", "error"]) parser.off(event, wake);
        resolve();
      };
      for (const event of ["readable", "end", "close", "error"]) parser.once(event, wake);
    });
  }
}

async function readHead(bytes: AsyncGenerator<Buffer>): Promise<Buffer[]> {
  const head: Buffer[] = [];
  let size = 0;
  while (size < HEAD_BYTES) {
    const next = await bytes.next();
    if (next.done) break;
    head.push(next.value);
    size += next.value.length;
  }
  return head;
}

async function* concat(head: Buffer[], rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  yield* head;
  yield* rest;
}

function countNewlines(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    for (let index = field.indexOf("\n"); index !== -1; index = field.indexOf("\n", index + 1)) count += 1;
  }
  return count;
}

/**
 * `relax_quotes` lets a quote inside an unquoted value through (27" monitor), but it also lets a
 * stray opening quote run on into the next lines and end as a "value" that keeps its quote
 * characters. A properly quoted value never starts with one after parsing (its quotes are
 * removed), except one that starts with an escaped quote (""), which is rare enough in conversion
 * data; so a multi-line value still starting with a quote is a runaway, even when the merged
 * lines happen to have the right number of values.
 */
function hasRunawayQuote(fields: string[]): boolean {
  return fields.some((field) => field.charCodeAt(0) === 0x22 && field.includes("\n"));
}

/** The lines csvBytes found not to be UTF-8 during one read of the file, taken in line order as
 * the records that hold them come out of the parser (which is never more than its read-ahead
 * behind), so the list stays short however many lines are bad. */
function invalidUtf8Lines() {
  let pending: InvalidUtf8[] = [];
  let next = 0;
  return {
    add: (bad: InvalidUtf8) => {
      pending.push(bad);
    },
    /** The first bad line among the `count` lines from `line`, the lines of one record. */
    within(line: number, count: number): InvalidUtf8 | undefined {
      while (next < pending.length && (pending[next]?.line ?? 0) < line) next += 1;
      if (next > 1_000) {
        pending = pending.slice(next);
        next = 0;
      }
      const bad = pending[next];
      return bad && bad.line < line + count ? bad : undefined;
    },
  };
}

function describeInvalidUtf8(recordLine: number, bad: InvalidUtf8): string {
  const byte = `0x${bad.byte.toString(16).toUpperCase().padStart(2, "0")}`;
  const where = bad.line === recordLine ? `at column ${bad.column}` : `on line ${bad.line}, column ${bad.column}`;
  return `is not valid UTF-8 text (byte ${byte} ${where})`;
}

function wrongColumnCount(line: number, found: number, expected: number): SourceProblem {
  const values = found === 1 ? "1 value" : `${found} values`;
  return {
    line,
    code: "wrong_column_count",
    message: `Line ${line} has ${values} but the header has ${expected} columns; it was skipped.`,
  };
}

function problemCode(parserCode: string): string {
  if (parserCode === "CSV_MAX_RECORD_SIZE") return "line_too_long";
  if (parserCode === "CSV_QUOTE_NOT_CLOSED" || parserCode === "CSV_INVALID_CLOSING_QUOTE") return "unclosed_quote";
  return "malformed_line";
}

function describeParserError(parserCode: string, limits: CsvLimits): string {
  switch (problemCode(parserCode)) {
    case "line_too_long":
      return `is longer than ${limits.maxLineLength.toLocaleString("en-US")} characters, or opens a quote that is never closed`;
    case "unclosed_quote":
      return "opens a quoted value that is never closed";
    default:
      return "is not valid CSV";
  }
}

// A failure to read the stored bytes (the database, the network) is not the user's file's fault:
// it is rethrown as is, to be logged, rather than dressed up as a CSV problem.
function readError(error: unknown, signal?: AbortSignal): unknown {
  if (error instanceof SourceError) return error;
  if (signal?.aborted || (error instanceof Error && error.name === "AbortError")) return abortedError();
  if (error instanceof CsvError)
    return new SourceError("file_unreadable", "The file could not be read as CSV.", { cause: error });
  return error;
}
