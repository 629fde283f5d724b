import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// What a production build depends on. A fingerprint of these files (path, size, mtime) is kept
// beside the build, so `npm start` rebuilds only after a change.
const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.ts",
  "proxy.ts",
  "instrumentation-client.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
  "prisma/schema.prisma",
];
const DIST_DIR = process.env.SLUICE_DIST_DIR || ".next";
const STAMP = path.join(DIST_DIR, "sluice-build-fingerprint");

function walk(entry: string, out: string[]) {
  if (!existsSync(entry)) return;
  const stats = statSync(entry);
  if (stats.isDirectory()) {
    for (const name of readdirSync(entry).sort()) {
      if (name === "node_modules" || name.endsWith(".test.ts")) continue;
      walk(path.join(entry, name), out);
    }
  } else {
    out.push(`${entry}:${stats.size}:${Math.trunc(stats.mtimeMs)}`);
  }
}

export function sourceFingerprint(): string {
  const entries: string[] = [];
  for (const input of INPUTS) walk(input, entries);
  return createHash("sha256").update(entries.join("\n")).digest("hex");
}

export async function buildIfStale(env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<void> {
  const fingerprint = sourceFingerprint();
  const built =
    existsSync(path.join(DIST_DIR, "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === fingerprint;
  if (built) {
    log("production build is up to date");
    return;
  }
  log("building the app (first start or sources changed; about a minute)…");
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  writeFileSync(STAMP, fingerprint);
}
