// Proves the README's first command works on a machine with no database server: `npm start`
// with DATABASE_URL unset must bring the app up on the embedded PGlite, serve the first-run page,
// restart a part that crashes while the others keep running, and stop cleanly. Uses its own port
// and a throwaway data folder. Runs after the end-to-end tests in `npm test`, so the production
// build they made is reused (a start with no build would build it first).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import { createSecretBox } from "../lib/crypto/secret-box";
import { embeddedPostgresUrl } from "../lib/db/embedded-postgres-url";
import type { RunView } from "../lib/runs/run-view";
import { DEMO_MAPPING, insertDestination, insertXConnection } from "../lib/testing/seed-records";
import { createStandinControl } from "../standin/standin-control";
import { waitForHttp } from "./lib/wait-for-http";

const port = 3199;
const health = `http://127.0.0.1:${port}/api/health`;
const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-smoke-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: String(port),
  SLUICE_DATA_DIR: dataDir,
  SLUICE_EMBEDDED_DB_PORT: "0",
  STANDIN_PORT: "4199",
  // Short, so the smoke test sees a stuck demo database restarted.
  SLUICE_DEMO_DB_STUCK_SECONDS: "10",
};
delete env.DATABASE_URL;
const child = spawn("npx", ["tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "inherit"], detached: true });
const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
let output = "";
child.stdout.on("data", (chunk: Buffer) => {
  output += chunk.toString();
  process.stdout.write(chunk);
});

/** Waits until the output written after `from` matches `pattern` (the start script's own log lines). */
async function logged(pattern: RegExp, from: number, timeoutMs = 60_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output.slice(from));
    if (match) return match;
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before logging ${pattern}`);
    if (Date.now() > deadline) throw new Error(`the start script did not log ${pattern} within ${timeoutMs / 1000} s`);
    await delay(100);
  }
}

const pidOf = async (part: string, from: number) =>
  Number((await logged(new RegExp(`\\[sluice\\] ${part} started \\(pid (\\d+)\\)`), from))[1]);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm run sluice -- …` against the embedded database, as someone at this machine would run it. */
function sluice(databaseUrl: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const cli = spawn("npx", ["tsx", "scripts/sluice.ts", ...args], {
      env: { ...env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    cli.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    cli.once("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`sluice ${args[0]} exited ${code}:\n${out}`)),
    );
  });
}

/**
 * The demo orders synced on the embedded databases alone: an X connection (a token the stand-in
 * issues, sealed with the generated key) and a destination on the demo source, run twice through
 * the CLI. Every row read is accounted for, and the second run sends nothing again.
 */
async function syncDemoOrders(databaseUrl: string): Promise<void> {
  const { encryptionKey } = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as {
    encryptionKey: string;
  };
  const box = createSecretBox(Buffer.from(encryptionKey, "base64"));
  const issued = await createStandinControl(`http://127.0.0.1:${env.STANDIN_PORT}`).issueToken("2417045708");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let destinationId: string;
  try {
    const source = await client.query<{ id: string }>(`SELECT id FROM "Source" WHERE name = 'Demo orders'`);
    if (!source.rows[0]) throw new Error("no demo source to sync");
    const connectionId = await insertXConnection(client, {
      xUserId: issued.user_id,
      screenName: issued.screen_name,
      tokenSealed: box.seal(issued.oauth_token),
      tokenSecretSealed: box.seal(issued.oauth_token_secret),
    });
    destinationId = await insertDestination(client, {
      name: "Smoke: demo orders",
      connectionId,
      sourceId: source.rows[0].id,
      active: true,
      mapping: DEMO_MAPPING,
    });
  } finally {
    await client.end();
  }
  const run = async () => JSON.parse(await sluice(databaseUrl, ["run", destinationId, "--wait", "--json"])) as RunView;
  const first = await run();
  const { read, sent, invalid, duplicate, alreadySent, stillInvalid, rejected, failed } = first.counts;
  if (first.status !== "SUCCEEDED" && first.status !== "PARTIAL")
    throw new Error(`the demo sync ended ${first.status}: ${first.error ?? ""}`);
  if (read === 0 || sent === 0 || sent + invalid + duplicate + alreadySent + stillInvalid + rejected + failed !== read)
    throw new Error(`the demo sync lost rows: ${JSON.stringify(first.counts)}`);
  const second = await run();
  if (second.counts.sent !== 0 || second.counts.alreadySent !== sent)
    throw new Error(`the second demo sync sent again: ${JSON.stringify(second.counts)}`);
  console.log(
    `smoke: the demo orders synced on the embedded databases: ${read} read, ${sent} sent, ${invalid} invalid; run again: ${second.status}, nothing sent twice`,
  );
}

/**
 * A source query on the demo database that takes its time (PGlite ignores statement_timeout and
 * runs it on its process' one thread) holds up that database alone: the app and its own
 * database answer meanwhile.
 */
async function slowDemoQueryStopsNothingElse(demoUrl: string): Promise<void> {
  const demo = new pg.Client({ connectionString: demoUrl });
  await demo.connect();
  try {
    const sleeping = demo.query("SELECT pg_sleep(3)");
    await delay(500);
    const started = Date.now();
    const answer = await fetch(health);
    const tookMs = Date.now() - started;
    if (!answer.ok || tookMs > 1_500)
      throw new Error(`the app answered ${answer.status} after ${tookMs} ms while the demo database was busy`);
    await sleeping;
    console.log(`smoke: with the demo database busy for 3 s, the app answered its health check in ${tookMs} ms`);
  } finally {
    await demo.end();
  }
}

/**
 * A demo-source query that never ends: the start script kills the deaf demo database and starts
 * it again on the same data, and the demo source reads as before. Returns the new process' pid.
 */
async function stuckDemoDatabaseIsRestarted(demoUrl: string): Promise<number> {
  const stuck = await pidOf("demo database", 0);
  const mark = output.length;
  const demo = new pg.Client({ connectionString: demoUrl });
  demo.on("error", () => undefined);
  await demo.connect();
  const forever = demo.query("SELECT pg_sleep(86400)").catch(() => "dropped");
  await logged(new RegExp(`demo database \\(pid ${stuck}\\) has not answered for 10 s`), mark, 40_000);
  const restarted = await pidOf("demo database", mark);
  if ((await forever) !== "dropped") throw new Error("the endless query ended on its own");
  let rows = -1;
  for (const deadline = Date.now() + 30_000; rows < 0 && Date.now() < deadline;) {
    const client = new pg.Client({ connectionString: demoUrl });
    client.on("error", () => undefined);
    rows = await client
      .connect()
      .then(() => client.query<{ n: number }>("SELECT count(*)::int AS n FROM demo_conversions"))
      .then((result) => result.rows[0]?.n ?? -1)
      .catch(() => -1)
      .finally(() => client.end().catch(() => undefined));
    if (rows < 0) await delay(500);
  }
  if (rows !== 3_000) throw new Error(`after its restart the demo database holds ${rows} demo orders, not 3000`);
  console.log(
    `smoke: a demo query that never ends: the deaf demo database was killed and restarted (pid ${stuck} → ${restarted}), its 3000 orders intact`,
  );
  return restarted;
}

/** The parent of a process (Linux): here, the start script itself, under npx and tsx. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // "pid (command) state ppid …": the command may hold anything, so read from its last ")".
  return Number(stat.slice(stat.lastIndexOf(") ") + 2).split(" ")[1]);
}

try {
  await waitForHttp(health, 240_000);
  const page = await fetch(`http://127.0.0.1:${port}/setup`);
  const html = await page.text();
  if (page.status !== 200 || !html.includes("Create owner account"))
    throw new Error(`/setup answered ${page.status} without the owner form`);
  if (!output.includes("embedded PostgreSQL (PGlite)"))
    throw new Error("the start script did not report the embedded database");
  // The demo source reads a demo database of its own, never Sluice's (a source may not read it).
  if (!output.includes('demo source "Demo orders": created'))
    throw new Error("the demo source was not created on the embedded demo database");
  console.log("smoke: the app runs on the embedded PGlite and shows first-run setup");
  // Where the start script says its two embedded databases listen.
  const urlLogged = async (line: RegExp) => embeddedPostgresUrl(Number((await logged(line, 0))[1]));
  await syncDemoOrders(await urlLogged(/embedded PostgreSQL \(PGlite\) in .* on port (\d+)/));
  const demoUrl = await urlLogged(/demo database \(PGlite, demo orders only\) in .* on port (\d+)/);
  await slowDemoQueryStopsNothingElse(demoUrl);
  const demoDatabase = await stuckDemoDatabaseIsRestarted(demoUrl);

  // The web server dies (as from running out of memory on a request): it alone is started again.
  const [standin, worker, web] = [
    await pidOf("X stand-in", 0),
    await pidOf("sync worker", 0),
    await pidOf("web server", 0),
  ];
  let mark = output.length;
  process.kill(web, "SIGKILL");
  await logged(
    new RegExp(`web server \\(pid ${web}\\) stopped unexpectedly \\(SIGKILL\\); restarting it in 1 s`),
    mark,
  );
  const web2 = await pidOf("web server", mark);
  await waitForHttp(health, 60_000);
  if (!isAlive(worker) || !isAlive(standin))
    throw new Error("the worker or the stand-in stopped when the web server died");
  if (/sync worker|X stand-in/.test(output.slice(mark)))
    throw new Error(`the worker or the stand-in was restarted with the web server:\n${output.slice(mark)}`);
  console.log(
    `smoke: the web server was killed and restarted (pid ${web} → ${web2}); the worker (pid ${worker}) kept running`,
  );

  // The worker dies: it alone is started again, and takes jobs again.
  mark = output.length;
  process.kill(worker, "SIGKILL");
  const worker2 = await pidOf("sync worker", mark);
  await logged(/\[sluice worker\] started: /, mark);
  if (!isAlive(web2) || !isAlive(standin))
    throw new Error("the web server or the stand-in stopped when the worker died");
  await waitForHttp(health, 10_000);
  console.log(`smoke: the worker was killed and restarted (pid ${worker} → ${worker2}); the web server kept running`);

  // SIGTERM to the start script alone (as a service manager sends it) stops every part, and
  // nothing is restarted meanwhile.
  const supervisor = parentOf(web2);
  if (parentOf(worker2) !== supervisor) throw new Error("the web server and the worker have different parents");
  mark = output.length;
  process.kill(supervisor, "SIGTERM");
  const code = await exited;
  if (code !== 0) throw new Error(`npm start exited with ${code} on SIGTERM`);
  const left = [demoDatabase, standin, web2, worker2, supervisor].filter(isAlive);
  if (left.length > 0) throw new Error(`still running after npm start stopped: pids ${left.join(", ")}`);
  if (/started \(pid/.test(output.slice(mark)))
    throw new Error(`a part was restarted while stopping:\n${output.slice(mark)}`);
  console.log("smoke: SIGTERM stopped every part");
} finally {
  if (child.exitCode === null && child.signalCode === null) {
    process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
}
