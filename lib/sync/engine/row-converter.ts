import { convertRow, type DestinationSettings, type MappingSpec } from "@/lib/conversions/index";
import { valuesMaker } from "@/lib/sources/source-table";
import type { SourceTable } from "@/lib/sources/types";
import { collectConversions, type ConvertedRows } from "./converted-rows";

/** Converts a chunk's rows (convertRow on each): on this thread, or in the worker's threads
 * (conversion-threads.ts). */
export interface RowConverter {
  /** Threads converting; 0 when it all happens on the calling thread. */
  readonly threadCount: number;
  convert(mapping: MappingSpec, destination: DestinationSettings, table: SourceTable): Promise<ConvertedRows>;
  close(): Promise<void>;
}

/** The plain way: on the calling thread. Tests and the engine's default; the worker falls back
 * to it when its threads cannot start. */
export const inlineConverter: RowConverter = {
  threadCount: 0,
  async convert(mapping, destination, table) {
    return convertCells(mapping, destination, table.columns, table.cells);
  },
  async close() {},
};

/** The rows' conversions, as a thread makes them too. */
export function convertCells(
  mapping: MappingSpec,
  destination: DestinationSettings,
  columns: readonly string[],
  cells: ReadonlyArray<ArrayLike<unknown>>,
): ConvertedRows {
  // Each row's values inherit nothing (valuesMaker), so a column named "__proto__" or
  // "constructor" stays an ordinary column.
  const values = valuesMaker(columns);
  return collectConversions(cells.length, (index) => convertRow(mapping, destination, values(cells[index]!)));
}
