// Bundles the sync worker (scripts/worker.ts) and its conversion thread into plain JavaScript in
// .build/, so the worker runs on plain Node: no TypeScript loader in the process, ~45 MiB less
// memory. Dependencies stay in node_modules. Takes about a second; `npm run worker` and
// `npm start` run it before every start, so the bundle always matches the sources.
import { build } from "esbuild";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
export const WORKER_BUNDLE = path.join(root, ".build", "worker.mjs");
/**
 * Node options of the worker process (package.json's "worker" script says the same). Without a
 * ceiling V8 lets the heap grow far past what a run holds (it also runs within 128 MiB) while memory is free:
 * peak RSS 371 MiB at 100k rows, 284 MiB with this one, at the same speed. 512 MiB leaves ample
 * room for chunks of wide rows.
 */
export const WORKER_NODE_OPTIONS = ["--max-old-space-size=512"];

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
    banner: { js: 'import { createRequire as sluiceCreateRequire } from "node:module"; const require = sluiceCreateRequire(import.meta.url);' },
  };
  await build({ ...common, entryPoints: [path.join(root, "scripts", "worker.ts")], outfile: WORKER_BUNDLE });
  // Next to the worker, where the conversion pool looks for it first.
  await build({ ...common, packages: undefined, entryPoints: [path.join(root, "lib", "sync", "conversion-thread.ts")], outfile: path.join(root, ".build", "conversion-thread.mjs") });
  return WORKER_BUNDLE;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWorker();
}
