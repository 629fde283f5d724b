import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { convertRow, type DestinationSettings, type MappingSpec, type RowIssue } from "@/lib/conversions";
import type { SourceRow } from "@/lib/sources/types";

export interface ThreadRequest {
  id: number;
  mapping: MappingSpec;
  destination: DestinationSettings;
  columns: string[];
  cells: unknown[][];
}

/** A valid row comes back as its conversion's JSON in UTF-8 (the bytes that are sent), with its id. */
export type ThreadResult = { valid: true; json: Uint8Array; conversionId: string } | { valid: false; reasons: RowIssue[] };

/** What a thread posts: each valid row's place in one transferred buffer of JSON. */
export type WireResult = { valid: true; conversionId: string; offset: number; bytes: number } | { valid: false; reasons: RowIssue[] };

export type ThreadResponse = { id: number; results: WireResult[]; json: ArrayBuffer } | { id: number; error: string };

/** Converts rows: in worker threads (ConversionPool) or, for tests and tiny jobs, in this one. */
export interface RowConverter {
  /** Threads converting; 0 when it all happens on the calling thread. */
  readonly threadCount: number;
  convert(mapping: MappingSpec, destination: DestinationSettings, rows: readonly SourceRow[]): Promise<ThreadResult[]>;
  close(): Promise<void>;
}

interface Pending {
  resolve(results: ThreadResult[]): void;
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

  /** One core stays with the main thread (source, ledger, X); the rest convert. Measured on 2
   * cores: 1 thread 18,300 rows/s, 2 threads 16,800 (they fight the main thread for CPU). */
  static defaultSize(): number {
    return Math.max(1, Math.min(4, availableParallelism() - 1));
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
    // Small heaps: a thread holds one chunk at a time, and the worker's memory must stay flat.
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
        else pending.resolve(message.results.map((result) => (result.valid ? { valid: true, json: new Uint8Array(message.json, result.offset, result.bytes), conversionId: result.conversionId } : result)));
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

  convert(mapping: MappingSpec, destination: DestinationSettings, rows: readonly SourceRow[]): Promise<ThreadResult[]> {
    if (rows.length === 0) return Promise.resolve([]);
    if (this.closed || this.threads.length === 0) return Promise.reject(new Error("no conversion thread is running"));
    const columns = columnsOf(rows);
    // undefined (a column this row lacks) survives the copy and is left out again on the other side.
    const cells = rows.map((row) => columns.map((column) => row.values[column]));
    const thread = this.threads.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const id = this.nextId++;
    return new Promise<ThreadResult[]>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      const request: ThreadRequest = { id, mapping, destination, columns, cells };
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

/** Every column any row has, in first-seen order (rows of one source share them). */
function columnsOf(rows: readonly SourceRow[]): string[] {
  const seen = new Set<string>(Object.keys(rows[0]!.values));
  for (const row of rows) {
    for (const key of Object.keys(row.values)) if (!seen.has(key)) seen.add(key);
  }
  return [...seen];
}

/** The same work on the calling thread: for tests, the CLI and machines where threads cannot start. */
export const inlineConverter: RowConverter = {
  threadCount: 0,
  async convert(mapping, destination, rows) {
    return rows.map((row): ThreadResult => {
      const result = convertRow(mapping, destination, row.values);
      if (result.status === "invalid") return { valid: false, reasons: result.reasons };
      const json = Buffer.from(JSON.stringify(result.conversion));
      return { valid: true, json, conversionId: result.conversion.conversion_id };
    });
  },
  async close() {},
};
