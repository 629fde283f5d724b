// Bundles the sync worker (scripts/worker.ts) and its conversion thread into plain JavaScript in
// .build/, so the worker runs on plain Node: no TypeScript loader in the process, ~45 MiB less
// memory. Dependencies stay in node_modules. Takes about a second; `npm run worker` and
// `npm start` run it before every start, so the bundle always matches the sources.
//
//   node scripts/build-worker.mjs          # build only
//   node scripts/build-worker.mjs --run    # build, then run the worker (`npm run worker`)
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { build, stop } from "esbuild";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
export const WORKER_BUNDLE = path.join(root, ".build", "worker.mjs");
/**
 * Node options of the worker process. Without a ceiling V8 lets the heap grow far past what a
 * run holds while memory is free; 512 MiB leaves ample room for chunks of wide rows. Semi-spaces
 * of 4 MiB (half V8's default here) lower the peak for the same CPU; 2 MiB cost CPU. The
 * measurements are in docs/benchmarks.md ("Measurements behind the code").
 *
 * On 2 cores, single-threaded GC: each isolate (the main thread, each conversion thread) collects
 * its own garbage instead of handing parts to V8's four helper threads. A sync keeps both cores
 * busy, so the helpers only compete with the work and add their synchronisation (measured in
 * docs/benchmarks.md).
 * With more cores than the sync's threads fill, the helpers run on idle ones, so they stay.
 */
export const WORKER_NODE_OPTIONS = [
  "--max-old-space-size=512",
  "--max-semi-space-size=4",
  ...(availableParallelism() <= 2 ? ["--single-threaded-gc"] : []),
];
/**
 * Environment of the worker process (a value already set wins). glibc gives every thread that
 * allocates an arena of its own, and the conversion threads' arenas stay fragmented: 2 arenas
 * keep the peak lower at the same speed.
 *
 * A fixed mmap threshold: glibc otherwise raises it (up to 32 MiB) after the first large blocks
 * are freed, and from then on a chunk's buffers and the threads' messages come from the arenas,
 * which only shrink from the top, so the worker's RSS crept up run after run; fixed at 128 KiB
 * it does not (both measured in docs/benchmarks.md).
 */
export const WORKER_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" };

/** The worker's environment: WORKER_ENV under what the caller gives. */
export function workerEnv(env = process.env) {
  return { ...WORKER_ENV, ...env };
}

export async function buildWorker() {
  const common = {
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "warning",
    // Bundled CommonJS code may call require(); ESM has none of its own.
    banner: {
      js: 'import { createRequire as sluiceCreateRequire } from "node:module"; const require = sluiceCreateRequire(import.meta.url);',
    },
  };
  await build({ ...common, entryPoints: [path.join(root, "scripts", "worker.ts")], outfile: WORKER_BUNDLE });
  // Next to the worker, where its conversion threads look for it (conversion-threads.ts).
  await build({
    ...common,
    packages: undefined,
    entryPoints: [path.join(root, "lib", "sync", "engine", "conversion-thread.ts")],
    outfile: path.join(root, ".build", "conversion-thread.mjs"),
  });
  return WORKER_BUNDLE;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bundle = await buildWorker();
  // esbuild's service process would otherwise live as long as this one.
  await stop();
  if (process.argv.includes("--run")) {
    const child = spawn(process.execPath, [...WORKER_NODE_OPTIONS, bundle], { stdio: "inherit", env: workerEnv() });
    // The worker finishes what is on the wire when told to stop: pass the signal on, then end as it does.
    for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
    child.on("exit", (code, signal) => {
      if (signal) {
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      } else process.exit(code ?? 1);
    });
  }
}
