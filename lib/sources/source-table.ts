import type { SourceChunk, SourceRow, SourceTable, SourceValue } from "./types";

/** A chunk's rows as a table: the source's own, or one built from its rows. */
export function tableOf(chunk: SourceChunk): SourceTable {
  return chunk.table ?? tableOfRows(chunk.rows);
}

/** Rows → a table of every column any row has, in first-seen order (rows of one source share them). */
export function tableOfRows(rows: readonly SourceRow[]): SourceTable {
  if (rows.length === 0) return { columns: [], cells: [], rowNumbers: [] };
  const first = Object.keys(rows[0]!.values);
  const seen = new Set<string>(first);
  for (const row of rows) {
    for (const key in row.values) if (!seen.has(key)) seen.add(key);
  }
  const columns = seen.size === first.length ? first : [...seen];
  const cells = rows.map((row) =>
    columns.map((column) => (Object.hasOwn(row.values, column) ? row.values[column] : undefined)),
  );
  return { columns, cells, rowNumbers: rows.map((row) => row.rowNumber) };
}

/** Some of a table's rows, in the order given. */
export function tableRows(table: SourceTable, indices: readonly number[]): SourceTable {
  if (indices.length === table.cells.length && indices.every((index, position) => index === position)) return table;
  return {
    columns: table.columns,
    cells: indices.map((index) => table.cells[index]!),
    rowNumbers: indices.map((index) => table.rowNumbers[index]!),
  };
}

export type ValuesMaker = (cells: ArrayLike<unknown>) => Record<string, SourceValue>;

/**
 * Builds rows' `values` from their cells, for `columns`. Each object has an own key for every
 * cell that is not undefined and inherits nothing (its prototype is an empty object with no
 * prototype), so a column named "__proto__" or "constructor" is an ordinary key, as in a
 * null-prototype object; unlike one, it keeps V8's fast properties, which matters a million
 * times per sync.
 */
export function valuesMaker(columns: readonly string[]): ValuesMaker {
  function Values(this: Record<string, SourceValue>) {}
  Values.prototype = Object.create(null) as object;
  const names = [...columns];
  return (cells) => {
    const values = new (Values as unknown as new () => Record<string, SourceValue>)();
    for (let c = 0; c < names.length; c += 1) {
      const cell = cells[c];
      if (cell !== undefined) values[names[c]!] = cell as SourceValue;
    }
    return values;
  };
}
