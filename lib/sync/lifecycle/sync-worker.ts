import { randomUUID } from "node:crypto";
import { createDb } from "@/lib/db/client";
import { detectDatabaseProfile } from "@/lib/db/database-profile";
import { JOBS } from "@/lib/jobs/job-definitions";
import { createJobQueue } from "@/lib/jobs/job-queue";
import { openSourceReader } from "@/lib/sources/open-source-reader";
import { pruneSignInAttempts } from "@/lib/users/prune-sign-in-attempts";
import { sealLegacyWebhooks } from "@/lib/destinations/seal-legacy-webhooks";
import type { AlertEmailSettings } from "../../alerts/alert-email";
import { alertEventFor, deliverRunAlert } from "../../alerts/run-alert";
import { defaultConversionThreads, startConversionThreads } from "../engine/conversion-threads";
import { inlineConverter, type RowConverter } from "../engine/row-converter";
import { estimateSourceRows } from "../engine/estimate-source-rows";
import { createSyncMetrics } from "@/lib/metrics/sync-metrics";
import { startMetricsServer } from "@/lib/metrics/metrics-server";
import { AccountHolds } from "../engine/account-hold";
import { PacerRegistry } from "../engine/pacer-registry";
import { recoverStaleRuns } from "./recover-stale-runs";
import { runSync, type SyncEngineDeps } from "../engine/run-sync";
import { scheduleDueRuns } from "./schedule-due-runs";
import type { XAccess } from "../engine/load-sync-target";
import type { SyncSettings } from "../sync-settings";

export interface SyncWorkerOptions {
  databaseUrl: string;
  access: XAccess;
  settings: SyncSettings;
  /** Runs this process works on at once (at most 2 on the embedded database). */
  concurrency: number;
  staleSeconds: number;
  log?: (message: string) => void;
  /** Threads converting rows (E.164, SHA-256) next to the main thread's I/O; 0 converts inline. */
  conversionThreads?: number;
  /** Alert webhooks may reach private addresses (SLUICE_ALERT_WEBHOOKS_PRIVATE; tests). */
  allowPrivateWebhooks?: boolean;
  /** Where alert e-mail goes out (SMTP_URL); without it, e-mail alerts are recorded as not sent. */
  alertEmail?: AlertEmailSettings | null;
  /** The app's public URL, for links in alerts (NEXTAUTH_URL). */
  appUrl?: string | null;
  /** Serve Prometheus metrics there, to bearers of the token (lib/metrics). */
  metrics?: { port: number; host?: string; token: string };
}

export interface SyncWorker {
  /** Where the metrics are served, when they are. */
  metricsUrl: string | null;
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
  const { singleBackend } = await detectDatabaseProfile(options.databaseUrl);
  // Many runs share the pool, so a transaction may wait its turn for a connection: under load
  // that is seconds, and Prisma's 2 s default would fail the run's attempt for it.
  const db = createDb(options.databaseUrl, {
    max: Math.min(16, 4 + Math.ceil(options.concurrency / 4)),
    transactionMaxWaitMs: 60_000,
  });
  const queue = await createJobQueue(options.databaseUrl, {
    role: "worker",
    max: 3,
    // A single backend hands a NOTIFY to the connection that sent it, never to the listener
    // (embedded-postgres.test.ts), so there the queue is only polled.
    wakeUps: !singleBackend,
    onError: (error) => log(`queue error: ${error.message}`),
  });
  const shutdown = new AbortController();
  const legacy = await sealLegacyWebhooks(db, options.access.secrets);
  if (legacy > 0) log(`sealed ${legacy} alert webhook URL(s) that were stored in plain text`);
  const converter = startConverter(options.conversionThreads ?? defaultConversionThreads(), log);
  // One worker at a time paces an ad account (account-hold.ts); a dead worker's holds lapse
  // with its runs' heartbeats.
  const pacers = new PacerRegistry(options.settings, {
    holds: new AccountHolds(db, `worker-${randomUUID()}`, options.staleSeconds * 1000),
  });
  const metrics = options.metrics ? createSyncMetrics(db) : null;
  const access: XAccess = metrics
    ? { ...options.access, config: { ...options.access.config, observeConversions: metrics.observeConversions } }
    : options.access;
  const deps: SyncEngineDeps = {
    db,
    openReader: (database, sourceId, read) =>
      openSourceReader(database, sourceId, { secretBox: options.access.secrets, incremental: read?.incremental }),
    access,
    settings: options.settings,
    pacerFor: (pacingKey) => pacers.join(pacingKey),
    estimateRows: (database, target, read) => estimateSourceRows(database, options.access.secrets, target, read),
    interrupt: shutdown.signal,
    converter,
  };

  // Runs mostly wait on their account's rate limit, which costs a run's buffers and its source
  // connection but no CPU: the CPU-heavy conversion is bounded by the conversion threads, so a
  // worker holds many runs, for many accounts, side by side (issue 22). Not on a single backend,
  // which runs every statement of every run in turn: there two runs keep it busy, and their
  // source connections stay well inside the embedded servers' connection limits (start.ts).
  const maxRuns = singleBackend ? Math.min(2, options.concurrency) : options.concurrency;
  let running = 0;
  await queue.workConcurrently("syncRun", { limit: maxRuns }, async ({ runId }) => {
    running += 1;
    metrics?.setActiveRuns(running);
    let result: Awaited<ReturnType<typeof runSync>>;
    try {
      result = await runSync({ ...deps, chunkSize: () => chunkSizeFor(running, options.settings) }, runId);
    } finally {
      running -= 1;
      metrics?.setActiveRuns(running);
    }
    if (result.kind === "interrupted") throw new Error("the worker is shutting down; the run will be resumed");
    if (result.kind !== "finished") return result;
    log(
      `run ${runId} ${result.status.toLowerCase()}: ${result.counts.rowsSent} sent, ${result.counts.rowsInvalid} invalid, ${result.counts.rowsStillInvalid} still invalid, ${result.counts.rowsRejected} rejected, ${result.counts.rowsDuplicate} duplicate, ${result.counts.rowsFailed} failed`,
    );
    const finished = await db.syncRun.findUnique({
      where: { id: runId },
      select: {
        error: true,
        destination: { select: { alertWebhookSealed: true, alertEmails: true, alertRejectedShare: true } },
      },
    });
    if (
      finished &&
      alertEventFor({ ...result.counts, status: result.status, error: finished.error }, finished.destination)
    )
      await queue.send("runAlert", { runId });
    return { status: result.status };
  });
  await queue.work("syncSchedule", async () => scheduleDueRuns(db, queue));
  await queue.work("runAlert", async ({ runId }) =>
    deliverRunAlert(db, options.access.secrets, runId, {
      allowPrivate: options.allowPrivateWebhooks ?? false,
      email: options.alertEmail ?? null,
      appUrl: options.appUrl ?? null,
    }),
  );
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
  const sweepMs = Math.min(2_000, Math.max(500, (options.staleSeconds * 1000) / 3));
  const timer = setInterval(() => void sweep(), sweepMs);
  void sweep();
  // Holds on ad accounts are renewed as often, so they outlive a live worker's pauses.
  const renewing = setInterval(
    () =>
      void pacers
        .renewHolds()
        .catch((error: unknown) =>
          log(`renewing account holds failed: ${error instanceof Error ? error.message : String(error)}`),
        ),
    sweepMs,
  );
  const metricsServer = metrics && options.metrics ? await startMetricsServer(metrics.registry, options.metrics) : null;
  if (metricsServer) log(`metrics at ${metricsServer.url} (bearer token required)`);
  log(
    `started: up to ${maxRuns} run(s) at a time, ${options.settings.concurrency} requests in flight per run, ${converter.threadCount === 0 ? "converting on the main thread" : `${converter.threadCount} conversion threads`}`,
  );

  return {
    metricsUrl: metricsServer?.url ?? null,
    async stop() {
      await metricsServer?.close();
      clearInterval(timer);
      clearInterval(renewing);
      shutdown.abort();
      await queue.stop({ graceful: true, timeoutMs: 60_000 });
      await converter.close();
      await db.$disconnect();
    },
  };
}

/**
 * Rows per read for a run starting while `runs` runs are under way: each run keeps up to three
 * chunks in memory (the one being sent and two read ahead), so the worker's rows in memory stay
 * near settings.rowsInMemory however many runs it holds. One run alone reads full chunks.
 */
export function chunkSizeFor(runs: number, settings: Pick<SyncSettings, "chunkSize" | "rowsInMemory">): number {
  const share = Math.floor(settings.rowsInMemory / (Math.max(1, runs) * 3));
  return Math.max(Math.min(250, settings.chunkSize), Math.min(settings.chunkSize, share));
}

function startConverter(threads: number, log: (message: string) => void): RowConverter {
  if (threads <= 0) return inlineConverter;
  // Slower, not wrong: the same conversion on the main thread.
  return startConversionThreads(threads, (error) =>
    log(
      `conversion threads could not start (${error instanceof Error ? error.message : String(error)}); converting on the main thread`,
    ),
  );
}
