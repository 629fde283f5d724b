import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { RowIssue } from "@/lib/conversions/index";
import { cellChars } from "@/lib/sources/cell-chars";
import type { SourceTable } from "@/lib/sources/types";
import type { ConversionTask } from "./conversion-thread";
import type { ConvertedRows } from "./converted-rows";
import { inlineConverter, type RowConverter } from "./row-converter";

/**
 * convertRow (E.164 parsing, SHA-256, validation) is the CPU-heavy part of a sync, so the worker
 * runs it on a piscina pool while its main thread reads the source, looks up the ledger and talks
 * to X. A chunk is cut into tasks (splitRows) so one chunk keeps every thread busy. A thread that
 * dies fails its task (the run is retried and resumes from the ledger) and piscina replaces it.
 *
 * The threads load in the background, so a worker takes jobs (and takes over dead workers' runs)
 * at once; the first conversion waits for them. If they cannot load, `onUnavailable` hears why
 * and rows are converted on the calling thread: slower, not wrong.
 */
export function startConversionThreads(
  threads: number,
  onUnavailable: (error: unknown) => void = () => undefined,
): RowConverter {
  const pool = new Piscina<ConversionTask | undefined, ConvertedRows>({
    ...threadScript(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Infinity,
    // Small heaps: a thread holds one task at a time (MAX_TEXT_PER_TASK), and the worker's
    // memory must stay flat.
    resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 },
  });
  const loaded = pool.run(undefined, { name: "ready" }).then(
    () => true,
    async (error: unknown) => {
      onUnavailable(error);
      await pool.destroy();
      return false;
    },
  );
  return {
    threadCount: threads,
    async convert(mapping, destination, table) {
      if (!(await loaded)) return inlineConverter.convert(mapping, destination, table);
      const columns = [...table.columns];
      const pieces = splitRows(
        table.cells,
        Math.min(MAX_ROWS_PER_TASK, Math.ceil(table.cells.length / threads)),
        MAX_TEXT_PER_TASK,
      );
      const parts = await Promise.all(
        pieces.map(([start, end]) =>
          pool.run({ mapping, destination, columns, cells: table.cells.slice(start, end) as unknown[][] }),
        ),
      );
      return parts.length === 1 ? parts[0]! : mergeConversions(parts);
    },
    async close() {
      if (await loaded) await pool.destroy();
    },
  };
}

/**
 * On 2 cores, a thread per core: the main thread's work (source, ledger, X) is lighter than
 * converting, and the system shares both cores among all three (2 threads were faster than 1 for
 * a little more memory: docs/benchmarks.md). With more cores, one stays with the main thread and
 * the rest convert (at most 4).
 */
export function defaultConversionThreads(): number {
  const cores = availableParallelism();
  return Math.max(1, Math.min(4, cores <= 2 ? cores : cores - 1));
}

/**
 * The thread's code: the plain JavaScript that scripts/build-worker.mjs bundles next to the
 * worker; from the sources (tests), the TypeScript itself through tsx's loader.
 */
function threadScript(): { filename: string; execArgv: string[] } {
  const bundled = new URL("./conversion-thread.mjs", import.meta.url);
  if (existsSync(fileURLToPath(bundled))) return { filename: bundled.href, execArgv: [] };
  return { filename: new URL("./conversion-thread.ts", import.meta.url).href, execArgv: ["--import", "tsx"] };
}

/**
 * Characters of cell text per task. A thread's heap (64 MiB) holds its task, the values it
 * builds and the JSON it returns; 4M characters of input leave room for all three (5,000 rows of
 * 10 KB notes in one task run a thread out of memory: conversion-threads.test.ts).
 */
export const MAX_TEXT_PER_TASK = 4 * 1024 * 1024;

/**
 * Rows per task. A thread's collector copies, at every scavenge, what is still alive: the task's
 * rows and what is made of them, so small tasks keep what it promotes to its old generation small
 * (a quarter of what half a chunk per task promoted: docs/benchmarks.md).
 */
export const MAX_ROWS_PER_TASK = 250;

/** [start, end) ranges of rows: at most `maxRows` rows and (unless one row alone is larger)
 * `maxText` characters of cells (cellChars) each. */
export function splitRows(rows: SourceTable["cells"], maxRows: number, maxText: number): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let start = 0;
  let text = 0;
  for (let i = 0; i < rows.length; i += 1) {
    const size = cellChars(rows[i]!);
    if (i > start && (i - start >= maxRows || text + size > maxText)) {
      pieces.push([start, i]);
      start = i;
      text = 0;
    }
    text += size;
  }
  pieces.push([start, rows.length]);
  return pieces;
}

/** Several tasks' results as one, in order. */
function mergeConversions(parts: ConvertedRows[]): ConvertedRows {
  const count = parts.reduce((sum, part) => sum + part.ids.length, 0);
  const ends = new Uint32Array(count);
  const ids: Array<string | null> = [];
  const reasons = new Map<number, RowIssue[]>();
  let base = 0;
  let offset = 0;
  for (const part of parts) {
    for (let i = 0; i < part.ids.length; i += 1) {
      ends[base + i] = offset + part.ends[i]!;
      ids.push(part.ids[i] ?? null);
    }
    for (const [index, issues] of part.reasons) reasons.set(base + index, issues);
    base += part.ids.length;
    offset += part.json.byteLength;
  }
  return { json: Buffer.concat(parts.map((part) => part.json)), ends, ids, reasons };
}
