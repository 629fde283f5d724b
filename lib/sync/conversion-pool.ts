import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { convertRow, type DestinationSettings, type MappingSpec, type RowIssue } from "@/lib/conversions";
import { cellChars } from "@/lib/sources/cell-chars";
import { valuesMaker } from "@/lib/sources/source-table";
import type { SourceTable } from "@/lib/sources/types";
import { collectConversions, type ConvertedRows } from "./converted-rows";

/** Rows as columns: `data[c][i]` is row i's value of `columns[c]` (undefined: the row lacks it). */
export interface ThreadRequest {
  id: number;
  mapping: MappingSpec;
  destination: DestinationSettings;
  /** Rows in this request (there are rows even when there are no columns). */
  count: number;
  columns: string[];
  data: unknown[][];
}

export type ThreadResponse = { id: number; json: ArrayBuffer; ends: ArrayBuffer; ids: Array<string | null>; reasons: Map<number, RowIssue[]> } | { id: number; error: string };

/** Converts rows: in worker threads (ConversionPool) or, for tests and tiny jobs, in this one. */
export interface RowConverter {
  /** Threads converting; 0 when it all happens on the calling thread. */
  readonly threadCount: number;
  convert(mapping: MappingSpec, destination: DestinationSettings, table: SourceTable): Promise<ConvertedRows>;
  close(): Promise<void>;
}

interface Pending {
  resolve(results: ConvertedRows): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * convertRow (E.164 parsing, SHA-256, validation) is the CPU-heavy part of a sync, so the sync
 * worker runs it in threads of its own while its main thread reads the source, looks up the
 * ledger and talks to X: the I/O hides behind the hashing, and every core does work.
 *
 * Each request goes to the thread with the fewest requests outstanding. A thread that dies fails
 * its requests with the error (the run is then retried and resumes from the ledger: nothing is
 * lost) and is replaced.
 */
export class ConversionPool implements RowConverter {
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private closed = false;
  private replacing: Promise<void> | null = null;

  private constructor(private readonly script: URL) {}

  /**
   * On 2 cores, a thread per core: the main thread's work (source, ledger, X) is lighter than
   * converting, and the system shares both cores among all three. 1M rows (npm run bench,
   * 2026-12-01): 2 threads 25,400 rows/s at 280 MiB peak RSS, 1 thread 22,100 at 268 MiB. With
   * more cores, one stays with the main thread and the rest convert (at most 4).
   */
  static defaultSize(): number {
    const cores = availableParallelism();
    return Math.max(1, Math.min(4, cores <= 2 ? cores : cores - 1));
  }

  static async start(size = ConversionPool.defaultSize()): Promise<ConversionPool> {
    const pool = new ConversionPool(await threadScript());
    try {
      // Fail here, at start, rather than on the first chunk of the first run.
      for (let i = 0; i < size; i += 1) pool.threads.push(await pool.spawn());
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** A thread, once its module has loaded and it listens. */
  private spawn(): Promise<Thread> {
    // Small heaps: a thread holds one request at a time (see MAX_TEXT_PER_REQUEST), and the
    // worker's memory must stay flat.
    const worker = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 } });
    const thread: Thread = { worker, pending: new Map() };
    return new Promise<Thread>((resolve, reject) => {
      let ready = false;
      worker.on("message", (message: ThreadResponse | { ready: true }) => {
        if ("ready" in message) {
          ready = true;
          return resolve(thread);
        }
        const pending = thread.pending.get(message.id);
        if (!pending) return;
        thread.pending.delete(message.id);
        if ("error" in message) pending.reject(new Error(`conversion failed: ${message.error}`));
        else pending.resolve({ json: new Uint8Array(message.json), ends: new Uint32Array(message.ends), ids: message.ids, reasons: message.reasons });
      });
      const fail = (error: Error) => {
        if (!ready) return reject(error);
        for (const pending of thread.pending.values()) pending.reject(error);
        thread.pending.clear();
        const index = this.threads.indexOf(thread);
        if (this.closed || index === -1) return;
        // Out of the rotation at once; a fresh thread takes its place when it is ready.
        this.threads.splice(index, 1);
        this.replacing = this.spawn().then((fresh) => void (this.closed ? fresh.worker.terminate() : this.threads.push(fresh)), () => undefined);
      };
      worker.once("error", (error) => fail(error));
      worker.once("exit", (code) => {
        if (!this.closed) fail(new Error(`a conversion thread exited (code ${code})`));
      });
    });
  }

  /**
   * A chunk is split across the threads (so one chunk keeps them all busy), into requests of at
   * most MAX_ROWS_PER_REQUEST rows and MAX_TEXT_PER_REQUEST characters of cells (so wide rows
   * never exhaust a thread's heap).
   */
  convert(mapping: MappingSpec, destination: DestinationSettings, table: SourceTable): Promise<ConvertedRows> {
    const count = table.cells.length;
    if (count === 0) return Promise.resolve(emptyConversion());
    if (this.closed || this.threads.length === 0) return Promise.reject(new Error("no conversion thread is running"));
    const pieces = splitRows(table.cells, Math.min(MAX_ROWS_PER_REQUEST, Math.ceil(count / this.threads.length)), MAX_TEXT_PER_REQUEST);
    const requests = pieces.map(([start, end]) => this.request(mapping, destination, table, start, end));
    return requests.length === 1 ? requests[0]! : Promise.all(requests).then(mergeConversions);
  }

  /** Rows [start, end) of the table to the thread with the fewest outstanding (convert has
   * checked there is one). */
  private request(mapping: MappingSpec, destination: DestinationSettings, table: SourceTable, start: number, end: number): Promise<ConvertedRows> {
    // As columns: fewer, longer arrays copy faster than one array per row. undefined (a column
    // a row lacks) survives the copy and is left out again on the other side. Each column is
    // filled by push: a preallocated (holey) array is copied in V8's sparse form, and 250 rows
    // of 7 columns took 68 µs to send and 108 to receive that way, 31 and 46 packed.
    const { cells } = table;
    const columns = [...table.columns];
    const data = columns.map((_, c) => {
      const column: unknown[] = [];
      for (let i = start; i < end; i += 1) column.push(cells[i]![c]);
      return column;
    });
    const thread = this.threads.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const id = this.nextId++;
    return new Promise<ConvertedRows>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      const request: ThreadRequest = { id, mapping, destination, count: end - start, columns, data };
      thread.worker.postMessage(request);
    });
  }

  get threadCount(): number {
    return this.threads.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.replacing;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }
}

/** The thread's code: built beside the bundled worker (scripts/build-worker.mjs), or else bundled
 * from its sources now. */
async function threadScript(): Promise<URL> {
  const prebuilt = new URL("./conversion-thread.mjs", import.meta.url);
  if (existsSync(fileURLToPath(prebuilt))) return prebuilt;
  return bundleThreadScript();
}

/**
 * The thread's code as one plain JavaScript file (esbuild, once per process, into the temp
 * folder). Worker threads do not inherit the process' TypeScript loader, and a loader per thread
 * would cost each one a second isolate; a bundle loads in milliseconds and weighs a few MB.
 */
async function bundleThreadScript(): Promise<URL> {
  const { build } = await import("esbuild");
  const here = path.dirname(fileURLToPath(import.meta.url));
  const result = await build({
    entryPoints: [path.join(here, "conversion-thread.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "silent",
    tsconfig: path.resolve(here, "../../tsconfig.json"),
  });
  const code = result.outputFiles[0]!.contents;
  const dir = path.join(tmpdir(), "sluice-conversion-thread");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  await writeFile(file, code);
  return pathToFileURL(file);
}

/**
 * Characters of cell text per thread request. A thread's heap (64 MiB) holds its request, the
 * values it builds and the JSON it returns; 4M characters of input leave room for all three
 * (5,000 rows of 10 KB notes in one request run a thread out of memory: conversion-pool.test.ts).
 */
export const MAX_TEXT_PER_REQUEST = 4 * 1024 * 1024;

/**
 * Rows per thread request. A thread's collector copies, at every scavenge, what is still alive:
 * the request's rows and what is made of them. 250 rows instead of half a chunk (1,250) cut what
 * each thread promoted to its old generation from 136 to 31 MB and its full collections from
 * 12–15 to 4–5 per 300,000 rows (npm run bench with --trace-gc-nvp, 2026-12-02).
 */
export const MAX_ROWS_PER_REQUEST = 250;

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

/** Several requests' results as one, in order. */
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

function emptyConversion(): ConvertedRows {
  return { json: new Uint8Array(0), ends: new Uint32Array(0), ids: [], reasons: new Map() };
}

/** The same work on the calling thread: for tests, the CLI and machines where threads cannot start. */
export const inlineConverter: RowConverter = {
  threadCount: 0,
  async convert(mapping, destination, table) {
    const values = valuesMaker(table.columns);
    return collectConversions(table.cells.length, (index) => convertRow(mapping, destination, values(table.cells[index]!)));
  },
  async close() {},
};
