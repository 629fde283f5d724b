/**
 * The one small interface every source kind implements, so the wizard, the preview, the sync
 * engine and the CLI read a Postgres query and an uploaded CSV alike.
 */

/** A cell as a source yields it. CSV cells are strings (or null for empty); Postgres cells keep
 * the driver's types (numbers, booleans, Date for timestamps, parsed JSON). */
export type SourceValue = string | number | boolean | Date | null | unknown[] | { [key: string]: unknown };

export type SourceColumnType = "text" | "number" | "boolean" | "timestamp" | "json" | "unknown";

export interface SourceColumn {
  name: string;
  type: SourceColumnType;
}

/** One row. `values` is a null-prototype object keyed by column name, so a column called
 * `__proto__` or `constructor` is an ordinary key. `rowNumber` is 1-based in source order
 * (for CSV: the data row number, header excluded; `line` is the physical line it started on). */
export interface SourceRow {
  rowNumber: number;
  line?: number;
  values: Record<string, SourceValue>;
}

/** A row the source itself could not read (a malformed CSV line); it never stops the others. */
export interface SourceProblem {
  rowNumber?: number;
  line?: number;
  code: string;
  message: string;
}

export interface SourceChunk {
  rows: SourceRow[];
  problems: SourceProblem[];
  /** The same rows as a table, when the source reads them so (a query source): the sync hands
   * these cells to its conversion threads without building each row's `values`. Sources that
   * give one build `rows` only when it is read. */
  table?: SourceTable;
}

/** Rows as arrays of cells: `cells[i][c]` is row i's value of `columns[c]` (undefined: row i
 * lacks that column), and `rowNumbers[i]` is its SourceRow.rowNumber. */
export interface SourceTable {
  columns: readonly string[];
  cells: ReadonlyArray<ReadonlyArray<unknown>>;
  rowNumbers: ArrayLike<number>;
}

export interface SourceSample {
  columns: SourceColumn[];
  rows: SourceRow[];
  problems: SourceProblem[];
}

export interface SourceReader {
  /** Column names with types inferred from the source (Postgres types, or a CSV sample). */
  columns(): Promise<SourceColumn[]>;
  /** The first `limit` rows, for previews. */
  sample(limit: number): Promise<SourceSample>;
  /** Every row, in order, in chunks of at most `chunkSize`, with memory flat however large the
   * source. Breaking out of the loop releases the underlying cursor or file stream. */
  stream(options?: StreamOptions): AsyncIterable<SourceChunk>;
}

export interface StreamOptions {
  chunkSize?: number;
  /** Also keep chunks to about this many characters of cells (cellChars), so a source of very
   * wide rows comes in fewer rows per chunk. A query source learns the width from what it read
   * (so the reads where rows turn suddenly wider can go over); sources of demo-sized data (the
   * embedded database's) ignore it. */
  maxChunkChars?: number;
  signal?: AbortSignal;
}
