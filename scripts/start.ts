// `npm start`: everything a newcomer needs, on one machine, with nothing configured.
//  - DATABASE_URL unset → an embedded PostgreSQL (PGlite) persisted in the data folder.
//  - migrations applied, the app built when its sources changed, then served.
// A part that dies (web server, worker, stand-in, demo database) is restarted alone; Ctrl-C stops
// every part.
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { getEnv } from "../lib/config/env";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { embeddedPostgresUrl } from "../lib/db/embedded-postgres-url";
import { ensureDatabaseExists } from "../lib/db/ensure-database";
import { migrateDatabase } from "../lib/db/migrate";
import { prepareDemoSource } from "../lib/sources/demo/ensure-demo-source";
import { buildWorker, WORKER_NODE_OPTIONS, workerEnv } from "./build-worker.mjs";
import { buildIfStale } from "./lib/build-if-stale";
import { waitForHttp } from "./lib/wait-for-http";

const env = getEnv();
/** Child processes alive now (a restarted child replaces the one that died). */
const children = new Set<ChildProcess>();
let embedded: EmbeddedPostgres | undefined;
const log = (message: string) => console.log(`[sluice] ${message}`);

// A child that dies unexpectedly is restarted after FIRST_RESTART_DELAY_MS, doubling with every
// crash up to MAX_RESTART_DELAY_MS; a child that stayed up STAYED_UP_MS starts over at the first.
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
const STAYED_UP_MS = 60_000;
// A part that has not stopped this long after SIGTERM (a demo database stuck in a query cannot
// even hear it) is killed.
const STOP_GRACE_MS = 15_000;
const pendingRestarts = new Set<NodeJS.Timeout>();
let stopping: Promise<void> | null = null;

function shutdown(code: number): Promise<void> {
  stopping ??= (async () => {
    for (const timer of pendingRestarts) clearTimeout(timer);
    pendingRestarts.clear();
    const running = [...children];
    for (const child of running) child.kill("SIGTERM");
    const overdue = setTimeout(() => {
      for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }, STOP_GRACE_MS);
    await Promise.all(
      running.map(
        (child) =>
          new Promise((resolve) =>
            child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve),
          ),
      ),
    );
    clearTimeout(overdue);
    await embedded?.stop().catch(() => undefined);
    process.exit(code);
  })();
  return stopping;
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

/**
 * Starts a part of Sluice and keeps it running: if it dies (a crash, out of memory, killed) while
 * Sluice is not stopping, only that part is started again, after a backoff, and the others carry
 * on (a web request that crashes the web server does not stop the worker). Returns the first
 * process; each start logs its pid. `onStart` sees every process started, over an IPC channel.
 */
function run(
  name: string,
  command: string,
  args: string[],
  childEnv: NodeJS.ProcessEnv,
  onStart?: (child: ChildProcess) => void,
): ChildProcess {
  let delayMs = FIRST_RESTART_DELAY_MS;
  const start = (): ChildProcess => {
    const child = spawn(command, args, {
      env: childEnv,
      stdio: onStart ? ["ignore", "inherit", "inherit", "ipc"] : ["ignore", "inherit", "inherit"],
    });
    onStart?.(child);
    const startedAt = Date.now();
    children.add(child);
    log(`${name} started (pid ${child.pid})`);
    child.once("exit", (code, signal) => {
      children.delete(child);
      if (stopping) return;
      if (Date.now() - startedAt >= STAYED_UP_MS) delayMs = FIRST_RESTART_DELAY_MS;
      log(
        `${name} (pid ${child.pid}) stopped unexpectedly (${signal ?? `exit ${code}`}); restarting it in ${delayMs / 1000} s, the rest keeps running.`,
      );
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        if (!stopping) start();
      }, delayMs);
      pendingRestarts.add(timer);
      delayMs = Math.min(delayMs * 2, MAX_RESTART_DELAY_MS);
    });
    return child;
  };
  return start();
}

async function main() {
  let databaseUrl = env.DATABASE_URL;
  if (databaseUrl) {
    await ensureDatabaseExists(databaseUrl);
    log(`database: ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}`);
  } else {
    // Every pool that connects counts against PGlite's socket server limit: the app's Prisma pool,
    // the worker's, the job queue's and the stand-in's, with room to spare.
    embedded = await startEmbeddedPostgres({
      dataDir: `${env.dataDir}/pglite`,
      port: env.SLUICE_EMBEDDED_DB_PORT,
      maxConnections: 60,
    });
    databaseUrl = embedded.url;
    log(`no DATABASE_URL: embedded PostgreSQL (PGlite) in ${env.SLUICE_DATA_DIR}/pglite on port ${embedded.port}`);
  }
  const migrated = await migrateDatabase(databaseUrl);
  log(`migrations: ${migrated.applied.length} applied, ${migrated.alreadyApplied.length} already there`);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SLUICE_EMBEDDED_DATABASE: embedded ? "1" : "0",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (env.SLUICE_DEMO_SOURCE) {
    // The demo data lives in a database of its own, never in Sluice's: a source may not read
    // Sluice's database (lib/sources/postgres/source-guard.ts), and this one holds nothing but demo orders.
    const demoPort = await startDemoDatabase();
    const demoUrl = embeddedPostgresUrl(demoPort);
    childEnv.SLUICE_DEMO_DATABASE_URL = demoUrl;
    log(`demo database (PGlite, demo orders only) in ${env.SLUICE_DATA_DIR}/demo-pglite on port ${demoPort}`);
    log(await prepareDemoSource(databaseUrl, demoUrl));
  }
  if (!env.X_CONSUMER_KEY) {
    // No X app configured: run the local stand-in for X and point Sluice at it (demo mode; the
    // app shows a banner). With X_CONSUMER_KEY/SECRET set, Sluice talks to the real X.
    const standinUrl = `http://127.0.0.1:${env.STANDIN_PORT}`;
    run(
      "X stand-in",
      process.execPath,
      ["--import", "tsx", "standin/main.ts", "--port", String(env.STANDIN_PORT)],
      childEnv,
    );
    await waitForHttp(`${standinUrl}/_standin/health`, 30_000);
    Object.assign(childEnv, {
      X_ADS_API_BASE_URL: standinUrl,
      X_API_BASE_URL: standinUrl,
      X_CONSUMER_KEY: "sluice-demo-consumer-key",
      X_CONSUMER_SECRET: "sluice-demo-consumer-secret",
      SLUICE_X_STANDIN: "1",
    });
    log(`no X app configured: using the local X stand-in at ${standinUrl} (demo mode)`);
  }
  await buildIfStale(childEnv, log);
  // The sync worker takes runs from the job queue (in the same database) and runs them.
  // Bundled to plain JavaScript first (scripts/build-worker.mjs): less memory than a TS loader.
  run("sync worker", process.execPath, [...WORKER_NODE_OPTIONS, await buildWorker()], workerEnv(childEnv));

  const url = `http://${env.HOST}:${env.PORT}`;
  // Next behind our own HTTP server, which takes the client's address from the connection
  // (scripts/web-server.mjs): `next start` would believe any X-Forwarded-For a client sends.
  run("web server", process.execPath, ["scripts/web-server.mjs", "-H", env.HOST, "-p", String(env.PORT)], {
    ...childEnv,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? url,
  });
  await waitForHttp(`${url}/api/health`, 120_000);
  log(`Sluice is running at ${url}`);
}

/** Starts the demo database's own process (scripts/demo-database.ts), kept running like the other
 * parts and always on the port it first listened on; resolves to that port. */
function startDemoDatabase(): Promise<number> {
  const demoEnv: NodeJS.ProcessEnv = {
    ...process.env,
    SLUICE_DEMO_DB_DIR: `${env.dataDir}/demo-pglite`,
    SLUICE_DEMO_DB_PORT: String(env.SLUICE_DEMO_DB_PORT),
  };
  let current: ChildProcess | null = null;
  let answeredAt = Date.now();
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the demo database did not start within 120 s")), 120_000);
    run("demo database", process.execPath, ["--import", "tsx", "scripts/demo-database.ts"], demoEnv, (child) => {
      current = null;
      child.on("message", (message: { port?: number }) => {
        if (typeof message?.port !== "number") return;
        current = child;
        answeredAt = Date.now();
        if (started) return;
        started = true;
        demoEnv.SLUICE_DEMO_DB_PORT = String(message.port);
        clearTimeout(timer);
        resolve(message.port);
        watchDemoDatabase(message.port);
      });
    });
  });

  // A query that never ends leaves the demo database deaf to everyone (PGlite ignores
  // statement_timeout and cannot be interrupted): past SLUICE_DEMO_DB_STUCK_SECONDS without an
  // answer, it is killed and started again, on the same data.
  function watchDemoDatabase(port: number) {
    const stuckMs = env.SLUICE_DEMO_DB_STUCK_SECONDS * 1000;
    const everyMs = Math.min(10_000, stuckMs / 4);
    let probing = false;
    const probe = async () => {
      const child = current;
      if (!child || stopping || probing) return;
      probing = true;
      const answered = await answers(port, everyMs).finally(() => (probing = false));
      if (answered) answeredAt = Date.now();
      else if (child === current && Date.now() - answeredAt > stuckMs) {
        log(
          `demo database (pid ${child.pid}) has not answered for ${env.SLUICE_DEMO_DB_STUCK_SECONDS} s (a query that never ends?); killing it`,
        );
        current = null;
        child.kill("SIGKILL");
      }
    };
    setInterval(() => void probe(), everyMs).unref();
  }
}

/** Whether the database on `port` answers a query within `timeoutMs`. */
async function answers(port: number, timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({
    connectionString: embeddedPostgresUrl(port),
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: "sluice-start-probe",
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    void client.end().catch(() => undefined);
  }
}

main().catch(async (error: unknown) => {
  console.error(`[sluice] could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
