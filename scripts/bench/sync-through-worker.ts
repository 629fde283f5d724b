import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import type { Db } from "../../lib/db/client";
import { buildWorker, WORKER_NODE_OPTIONS, workerEnv } from "../build-worker.mjs";
import { createJobQueue } from "../../lib/jobs/job-queue";
import { syncJobId } from "../../lib/jobs/sync-job-id";
import { requestSyncRun } from "../../lib/sync/lifecycle/request-sync-run";

export interface WorkerSyncResult {
  runId: string;
  status: string;
  rowsRead: number;
  rowsSent: number;
  rowsInvalid: number;
  rowsRejected: number;
  rowsFailed: number;
  requests: number;
  rateLimited: number;
  retries: number;
  /** From queueing the run to seeing it finished. */
  wallSeconds: number;
  rowsPerSecond: number;
  /** The worker process' peak resident set (VmHWM), in MiB. */
  peakRssMiB: number;
  /** CPU seconds the worker used for this run. */
  workerCpuSeconds: number;
}

export interface BenchWorker {
  pid: number;
  /** The worker's own peak RSS so far (kernel's high-water mark), MiB. */
  peakRssMiB(): number;
  /** Its resident set now, MiB. */
  rssMiB(): number;
  /** Starts the high-water mark again from the current RSS (Linux' clear_refs), so each of several
   * runs in one worker gets its own peak. */
  resetPeakRss(): void;
  /** Its resident set when it had started, before any run, MiB. */
  startRssMiB: number;
  /** CPU seconds (user + system) the worker has used, all its threads together. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The real `npm run worker` (scripts/worker.ts, bundled by scripts/build-worker.mjs and run on
 * plain Node, as `npm start` runs it) as a child process of its own, so its memory is measured alone.
 */
export async function startBenchWorker(
  env: Record<string, string>,
  log: (line: string) => void,
  profileDir?: string,
): Promise<BenchWorker> {
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  // NODE_OPTIONS given for the worker go on its command line after its own options, so they can
  // override them (and V8 flags NODE_OPTIONS refuses, such as --trace-gc, work too).
  const extra = (env.NODE_OPTIONS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...profile, ...WORKER_NODE_OPTIONS, ...extra, await buildWorker()], {
    cwd: ROOT,
    env: workerEnv({ ...process.env, ...env, NODE_OPTIONS: "", NODE_ENV: "production" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = createInterface({ input: child.stdout! });
  createInterface({ input: child.stderr! }).on("line", (line) => log(`worker! ${line}`));
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the worker exited (${code}) before it started`));
    child.once("exit", onExit);
    lines.on("line", (line) => {
      log(`worker: ${line}`);
      if (line.includes("started:")) {
        child.off("exit", onExit);
        resolve();
      }
    });
  });
  return {
    pid: child.pid!,
    startRssMiB: readStatusMiB(child.pid!, "VmRSS"),
    peakRssMiB: () => readStatusMiB(child.pid!, "VmHWM"),
    rssMiB: () => readStatusMiB(child.pid!, "VmRSS"),
    resetPeakRss: () => writeFileSync(`/proc/${child.pid!}/clear_refs`, "5"),
    cpuSeconds: () => cpuSecondsOf(readFileSync(`/proc/${child.pid!}/stat`, "utf8")),
    stop: () => stopChild(child),
  };
}

function readStatusMiB(pid: number, field: "VmHWM" | "VmRSS"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

/** CPU seconds per thread of a process: "main", then each other thread by name and id. */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
      const name =
        task === String(pid) ? "main" : `${stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))}#${task}`;
      byName.set(name, (byName.get(name) ?? 0) + cpuSecondsOf(stat));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return byName;
}

/** CPU seconds of every PostgreSQL server process on this machine (the benchmark's database server). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.includes("(postgres)")) total += cpuSecondsOf(stat);
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** utime + stime of a /proc `stat` line (fields 14 and 15, after the parenthesised command name). */
function cpuSecondsOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Queues a run the way "Run sync now" does and waits until the worker has finished it. */
export async function syncThroughWorker(
  db: Db,
  databaseUrl: string,
  worker: BenchWorker,
  destinationId: string,
  onProgress?: (rowsRead: number) => void,
): Promise<WorkerSyncResult> {
  const queue = await createJobQueue(databaseUrl, { role: "producer", max: 1 });
  // Watched with one small query on a plain connection: this process shares the machine with the
  // worker, so its polling should cost next to nothing (Prisma's would, 10 times a second).
  const watch = new pg.Client({ connectionString: databaseUrl });
  let watchError: Error | null = null;
  watch.on("error", (error) => (watchError = error));
  try {
    await watch.connect();
    const started = process.hrtime.bigint();
    const cpuBefore = worker.cpuSeconds();
    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });
    for (;;) {
      const { rows } = await watch.query<{ finished: boolean; rowsRead: number }>({
        name: "bench-watch-run",
        text: `SELECT "finishedAt" IS NOT NULL AS finished, "rowsRead" FROM "SyncRun" WHERE id = $1`,
        values: [runId],
      });
      if (watchError) throw watchError;
      if (!rows[0]) throw new Error(`run ${runId} is gone`);
      if (rows[0].finished) {
        const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
        const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
        return {
          runId,
          status: run.status,
          rowsRead: run.rowsRead,
          rowsSent: run.rowsSent,
          rowsInvalid: run.rowsInvalid,
          rowsRejected: run.rowsRejected,
          rowsFailed: run.rowsFailed,
          requests: run.requests,
          rateLimited: run.rateLimited,
          retries: run.retries,
          wallSeconds,
          rowsPerSecond: run.rowsRead / wallSeconds,
          peakRssMiB: worker.peakRssMiB(),
          workerCpuSeconds: worker.cpuSeconds() - cpuBefore,
        };
      }
      onProgress?.(rows[0]?.rowsRead ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await watch.end().catch(() => undefined);
    await queue.stop({ graceful: false });
  }
}

/**
 * Waits until the worker has finished the run's job (it compacts the ledger after the run is
 * marked finished), so the next run measured in the same worker does not share it with that.
 */
export async function waitForRunJob(db: Db, runId: string): Promise<void> {
  const jobId = syncJobId(runId);
  for (;;) {
    const rows = await db.$queryRaw<
      Array<{ state: string }>
    >`SELECT state::text FROM pgboss.job WHERE id = ${jobId}::uuid`;
    const state = rows[0]?.state;
    if (state === undefined || state === "completed" || state === "failed" || state === "cancelled") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
