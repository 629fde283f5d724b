import { cellChars } from "../cell-chars";
import type { CsvInput } from "./csv-bytes";
import type { CsvDelimiter } from "./detect-csv-delimiter";
import { inferColumnType } from "./infer-column-type";
import { DEFAULT_CSV_LIMITS, readCsvRecords, type CsvLimits } from "./read-csv-records";
import { abortedError } from "../source-error";
import type {
  SourceChunk,
  SourceColumn,
  SourceProblem,
  SourceReader,
  SourceRow,
  SourceSample,
  SourceValue,
} from "../types";
import { uniqueColumnNames } from "../unique-column-names";

export { DEFAULT_CSV_LIMITS, type CsvLimits } from "./read-csv-records";
export type { CsvInput } from "./csv-bytes";
export type { CsvDelimiter } from "./detect-csv-delimiter";

export interface CsvSourceOptions {
  /** Opens the file's bytes from the start; called again for every read (and to resume after a
   * broken line), so it must return a fresh stream each time. */
  open: () => CsvInput;
  limits?: Partial<CsvLimits>;
  /** Rows looked at to infer column types; 1,000 unless given. */
  typeSampleRows?: number;
}

export interface CsvSource extends SourceReader {
  /** The delimiter detected from the start of the file, after the first read. */
  delimiter(): Promise<CsvDelimiter>;
}

const DEFAULT_TYPE_SAMPLE_ROWS = 1_000;
const DEFAULT_CHUNK_SIZE = 1_000;

/**
 * A source that reads an uploaded CSV file as it streams in: header row, delimiter detected
 * (comma, semicolon, tab or pipe), quotes with embedded line breaks, CRLF, UTF-8 BOM. Cells are
 * text, an empty cell is null; column types are inferred from the first rows. Lines that cannot
 * be read (broken quoting, the wrong number of values, bytes that are not UTF-8) become problems
 * with their line number, and the rows after them are still read.
 */
export function createCsvSource(options: CsvSourceOptions): CsvSource {
  const limits: CsvLimits = {
    maxBytes: options.limits?.maxBytes ?? DEFAULT_CSV_LIMITS.maxBytes,
    maxColumns: options.limits?.maxColumns ?? DEFAULT_CSV_LIMITS.maxColumns,
    maxLineLength: options.limits?.maxLineLength ?? DEFAULT_CSV_LIMITS.maxLineLength,
  };
  const typeSampleRows = Math.max(1, options.typeSampleRows ?? DEFAULT_TYPE_SAMPLE_ROWS);

  type Item = { header: Header } | { row: SourceRow } | { problem: SourceProblem };

  /** The file's rows, header renames and problems, in batches (see readCsvRecords for why). */
  async function* items(signal?: AbortSignal): AsyncGenerator<Item[]> {
    let header: Header | undefined;
    let rowNumber = 0;
    for await (const events of readCsvRecords(options.open, limits, signal)) {
      const batch: Item[] = [];
      for (const event of events) {
        if (event.kind === "header") {
          const unique = uniqueColumnNames(event.names, event.line);
          header = { names: unique.names, delimiter: event.delimiter };
          batch.push({ header }, ...unique.problems.map((problem) => ({ problem })));
        } else if (event.kind === "problem") {
          batch.push({ problem: event.problem });
        } else if (header) {
          rowNumber += 1;
          batch.push({ row: toRow(header.names, event.fields, rowNumber, event.line) });
        }
      }
      yield batch;
    }
  }

  async function readSample(limit: number): Promise<{ sample: SourceSample; delimiter: CsvDelimiter }> {
    const shownCount = Math.max(0, Math.floor(limit));
    const wanted = Math.max(shownCount, typeSampleRows);
    let header: Header | undefined;
    const sampled: SourceRow[] = [];
    const problems: SourceProblem[] = [];
    // Leaving the loop early closes the file: a preview never reads more than it needs.
    reading: for await (const batch of items()) {
      for (const item of batch) {
        if ("header" in item) header = item.header;
        // Only problems met before the last row shown, so a preview does not report lines it hides.
        else if ("problem" in item) {
          if (sampled.length < shownCount || shownCount === 0) problems.push(item.problem);
        } else sampled.push(item.row);
        if (sampled.length >= wanted) break reading;
      }
    }
    const names = header?.names ?? [];
    const columns: SourceColumn[] = names.map((name) => ({
      name,
      type: inferColumnType(sampled.map((row) => row.values[name] as string | null)),
    }));
    return { sample: { columns, rows: sampled.slice(0, shownCount), problems }, delimiter: header?.delimiter ?? "," };
  }

  return {
    async columns() {
      return (await readSample(0)).sample.columns;
    },
    sample: async (limit) => (await readSample(limit)).sample,
    async delimiter() {
      return (await readSample(0)).delimiter;
    },
    async *stream(streamOptions = {}): AsyncGenerator<SourceChunk> {
      const chunkSize = Math.max(1, Math.floor(streamOptions.chunkSize ?? DEFAULT_CHUNK_SIZE));
      const maxChars = streamOptions.maxChunkChars ?? Infinity;
      const { signal } = streamOptions;
      let chunk: SourceChunk = { rows: [], problems: [] };
      let chars = 0;
      for await (const batch of items(signal)) {
        if (signal?.aborted) throw abortedError();
        for (const item of batch) {
          if ("row" in item) {
            chunk.rows.push(item.row);
            if (maxChars !== Infinity) chars += cellChars(Object.values(item.row.values));
          } else if ("problem" in item) chunk.problems.push(item.problem);
          // Problems count towards the chunk too, so a file of nothing but broken lines still
          // arrives in bounded pieces.
          if (chunk.rows.length + chunk.problems.length >= chunkSize || chars >= maxChars) {
            yield chunk;
            chunk = { rows: [], problems: [] };
            chars = 0;
          }
        }
      }
      if (chunk.rows.length > 0 || chunk.problems.length > 0) yield chunk;
    },
  };
}

interface Header {
  names: string[];
  delimiter: CsvDelimiter;
}

function toRow(names: string[], fields: string[], rowNumber: number, line: number): SourceRow {
  // A null-prototype object: a column called "__proto__" or "constructor" is just a key.
  const values: Record<string, SourceValue> = Object.create(null);
  names.forEach((name, index) => {
    const field = fields[index];
    values[name] = field === undefined || field === "" ? null : field;
  });
  return { rowNumber, line, values };
}
