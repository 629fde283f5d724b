// The body of one conversion thread (piscina runs it; conversion-threads.ts): rows in, convertRow's
// results out. Runs outside the app's request path, in the sync worker's own threads.
import type { DestinationSettings, MappingSpec } from "@/lib/conversions/index";
import type { ConvertedRows } from "./converted-rows";
import { convertCells } from "./row-converter";

export interface ConversionTask {
  mapping: MappingSpec;
  destination: DestinationSettings;
  columns: string[];
  cells: unknown[][];
}

export default function convertTask(task: ConversionTask): ConvertedRows {
  return convertCells(task.mapping, task.destination, task.columns, task.cells);
}

/** Answers once the thread has loaded this module (startConversionThreads waits for it). */
export function ready(): boolean {
  return true;
}
