// Proves the README's first command works on a machine with no database server: `npm start`
// with DATABASE_URL unset must bring the app up on the embedded PGlite, serve the first-run page,
// and stop cleanly. Uses its own port and a throwaway data folder.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { waitForHttp } from "./lib/wait-for-http";

const port = 3199;
const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-smoke-"));
const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SLUICE_DATA_DIR: dataDir, SLUICE_EMBEDDED_DB_PORT: "0", STANDIN_PORT: "4199" };
delete env.DATABASE_URL;
const child = spawn("npx", ["tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "inherit"], detached: true });
let output = "";
child.stdout.on("data", (chunk: Buffer) => {
  output += chunk.toString();
  process.stdout.write(chunk);
});

try {
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 240_000);
  const page = await fetch(`http://127.0.0.1:${port}/setup`);
  const html = await page.text();
  if (page.status !== 200 || !html.includes("Create owner account")) throw new Error(`/setup answered ${page.status} without the owner form`);
  if (!output.includes("embedded PostgreSQL (PGlite)")) throw new Error("the start script did not report the embedded database");
  // The demo source reads a demo database of its own, never Sluice's (a source may not read it).
  if (!output.includes('demo source "Demo orders": created')) throw new Error("the demo source was not created on the embedded demo database");
  console.log("smoke: the app runs on the embedded PGlite and shows first-run setup");
} finally {
  process.kill(-child.pid!, "SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
