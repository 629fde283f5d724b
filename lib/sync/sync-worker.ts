import pg from "pg";
import { createDb } from "@/lib/db/client";
import { JOBS } from "@/lib/jobs/job-definitions";
import { createJobQueue } from "@/lib/jobs/job-queue";
import { openSourceReader } from "@/lib/sources/open-source-reader";
import { pruneSignInAttempts } from "@/lib/users/prune-sign-in-attempts";
import { sealLegacyWebhooks } from "@/lib/destinations/seal-legacy-webhooks";
import { alertEventFor, deliverRunAlert } from "./run-alert";
import { defaultConversionThreads, startConversionThreads } from "./conversion-threads";
import { inlineConverter, type RowConverter } from "./row-converter";
import { estimateSourceRows } from "./estimate-source-rows";
import { createPacerRegistry } from "./pacer-registry";
import { recoverStaleRuns } from "./recover-stale-runs";
import { runSync, type SyncEngineDeps } from "./run-sync";
import { scheduleDueRuns } from "./schedule-due-runs";
import type { XAccess } from "./load-sync-target";
import type { SyncSettings } from "./sync-settings";

export interface SyncWorkerOptions {
  databaseUrl: string;
  access: XAccess;
  settings: SyncSettings;
  /** Runs this process works on at once. */
  concurrency: number;
  staleSeconds: number;
  log?: (message: string) => void;
  /** Threads converting rows (E.164, SHA-256) next to the main thread's I/O; 0 converts inline. */
  conversionThreads?: number;
  /** Alert webhooks may reach private addresses (SLUICE_ALERT_WEBHOOKS_PRIVATE; tests). */
  allowPrivateWebhooks?: boolean;
}

export interface SyncWorker {
  /** Stops taking jobs; runs in progress let their in-flight batches finish and are handed back
   * to the queue, to be resumed by any worker. */
  stop(): Promise<void>;
}

/**
 * A worker process' whole job: take sync runs from the queue (several at once), tick the
 * scheduler once a minute, find runs whose worker died and get them resumed, send alerts, and
 * prune old records once an hour.
 * Pools are small on purpose: every connection counts against the embedded database's limit.
 */
export async function startSyncWorker(options: SyncWorkerOptions): Promise<SyncWorker> {
  const log = options.log ?? ((message: string) => console.log(`[sluice worker] ${message}`));
  // On the embedded PGlite, one connection per pool: its single backend runs one statement at a
  // time anyway, and its socket server can interleave the protocol messages of two busy
  // connections (one's unnamed prepared statement bound with the other's parameters).
  const singleBackend = await isPgliteUrl(options.databaseUrl);
  const db = createDb(options.databaseUrl, { max: singleBackend ? 1 : Math.min(8, 2 + options.concurrency * 2) });
  const queue = await createJobQueue(options.databaseUrl, {
    role: "worker",
    max: singleBackend ? 1 : 3,
    wakeUps: !singleBackend,
    onError: (error) => log(`queue error: ${error.message}`),
  });
  const shutdown = new AbortController();
  const legacy = await sealLegacyWebhooks(db, options.access.secrets);
  if (legacy > 0) log(`sealed ${legacy} alert webhook URL(s) that were stored in plain text`);
  const converter = startConverter(options.conversionThreads ?? defaultConversionThreads(), log);
  const deps: SyncEngineDeps = {
    db,
    openReader: (database, sourceId, read) => openSourceReader(database, sourceId, { secretBox: options.access.secrets, incremental: read?.incremental }),
    access: options.access,
    settings: options.settings,
    pacerFor: createPacerRegistry(options.settings),
    estimateRows: (database, target, read) => estimateSourceRows(database, options.access.secrets, target, read),
    interrupt: shutdown.signal,
    spoolSource: singleBackend,
    converter,
  };

  for (let slot = 0; slot < options.concurrency; slot += 1) {
    await queue.work("syncRun", async ({ runId }) => {
      const result = await runSync(deps, runId);
      if (result.kind === "interrupted") throw new Error("the worker is shutting down; the run will be resumed");
      if (result.kind !== "finished") return result;
      log(`run ${runId} ${result.status.toLowerCase()}: ${result.counts.rowsSent} sent, ${result.counts.rowsInvalid} invalid, ${result.counts.rowsStillInvalid} still invalid, ${result.counts.rowsRejected} rejected, ${result.counts.rowsFailed} failed`);
      const destination = await db.syncRun.findUnique({ where: { id: runId }, select: { destination: { select: { alertWebhookSealed: true, alertRejectedShare: true } } } });
      if (destination && alertEventFor({ ...result.counts, status: result.status }, destination.destination)) await queue.send("runAlert", { runId });
      return { status: result.status };
    });
  }
  await queue.work("syncSchedule", async () => scheduleDueRuns(db, queue));
  await queue.work("runAlert", async ({ runId }) => deliverRunAlert(db, options.access.secrets, runId, { allowPrivate: options.allowPrivateWebhooks ?? false }));
  await queue.boss.schedule(JOBS.syncSchedule.name, "* * * * *", {});
  // A cron job rather than the sweep below: one worker prunes per hour, however many are up.
  await queue.work("housekeeping", async () => ({ signInAttemptsDeleted: await pruneSignInAttempts(db) }));
  await queue.boss.schedule(JOBS.housekeeping.name, "7 * * * *", {});

  let sweeping = false;
  const sweep = async () => {
    if (sweeping || shutdown.signal.aborted) return;
    sweeping = true;
    try {
      const { resumed, failed } = await recoverStaleRuns(db, queue, options.staleSeconds);
      for (const id of resumed) log(`run ${id} lost its worker; resuming it`);
      for (const run of failed) log(`run ${run.id} marked failed: ${run.error}`);
    } catch (error) {
      log(`stale-run check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      sweeping = false;
    }
  };
  // A third of the staleness limit, and at most 2 s, so a dead worker's run is picked up soon
  // after it goes stale: within staleSeconds + 2 s of the death.
  const timer = setInterval(() => void sweep(), Math.min(2_000, Math.max(500, (options.staleSeconds * 1000) / 3)));
  void sweep();
  log(`started: ${options.concurrency} run(s) at a time, ${options.settings.concurrency} requests in flight per run, ${converter.threadCount === 0 ? "converting on the main thread" : `${converter.threadCount} conversion threads`}`);

  return {
    async stop() {
      clearInterval(timer);
      shutdown.abort();
      await queue.stop({ graceful: true, timeoutMs: 60_000 });
      await converter.close();
      await db.$disconnect();
    },
  };
}

function startConverter(threads: number, log: (message: string) => void): RowConverter {
  if (threads <= 0) return inlineConverter;
  // Slower, not wrong: the same conversion on the main thread.
  return startConversionThreads(threads, (error) => log(`conversion threads could not start (${error instanceof Error ? error.message : String(error)}); converting on the main thread`));
}

async function isPgliteUrl(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: "sluice-worker" });
  await client.connect();
  try {
    return (await client.query<{ pglite: boolean }>(`SELECT version() LIKE '%PGlite%' AS pglite`)).rows[0]?.pglite === true;
  } finally {
    await client.end();
  }
}
