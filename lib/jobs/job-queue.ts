import pg from "pg";
import PgBoss from "pg-boss";
import { JOBS, type JobName, type JobPayload } from "./job-definitions";

/**
 * Sluice's job queue: pg-boss on Sluice's own PostgreSQL (schema `pgboss`), so every machine
 * pointed at the same database shares one queue and no other service is needed.
 */
export interface JobQueue {
  send<Name extends JobName>(name: Name, payload: JobPayload<Name>, options?: { id?: string; startAfterSeconds?: number }): Promise<string | null>;
  /** Runs `handler` for each job of `name`; the payload is parsed with the job's schema first. */
  work<Name extends JobName>(name: Name, handler: (payload: JobPayload<Name>, job: { id: string }) => Promise<unknown>): Promise<string>;
  boss: PgBoss;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export interface JobQueueOptions {
  /** Connections in pg-boss' pool (each counts against the embedded database's limit). */
  max?: number;
  /** Workers run pg-boss' maintenance and cron; a process that only sends jobs (the web app) does not. */
  role: "producer" | "worker";
  pollingIntervalSeconds?: number;
  /** A worker listens for "due now" notices and takes such jobs at once (default). Pass false on
   * the embedded PGlite, whose one backend session is shared by every connection (the sync
   * worker does). */
  wakeUps?: boolean;
  onError?: (error: Error) => void;
}

export async function createJobQueue(connectionString: string, options: JobQueueOptions): Promise<JobQueue> {
  const isWorker = options.role === "worker";
  const reportError = options.onError ?? ((e: Error) => console.error(`[sluice] job queue: ${e.message}`));
  const boss = new PgBoss({
    connectionString,
    max: options.max ?? 2,
    schema: "pgboss",
    application_name: `sluice-${options.role}`,
    supervise: isWorker,
    schedule: isWorker,
    // Completed jobs are kept a day for inspection; runs keep their own history in SyncRun.
    archiveCompletedAfterSeconds: 24 * 3600,
  });
  boss.on("error", reportError);
  await boss.start();
  for (const definition of Object.values(JOBS)) {
    await boss.createQueue(definition.name, { name: definition.name, policy: "standard", ...definition.queue });
  }
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  const workersOf = new Map<string, string[]>();
  const wakeUps =
    isWorker && options.wakeUps !== false ? new WakeUps(connectionString, (queue) => workersOf.get(queue)?.forEach((id) => boss.notifyWorker(id)), reportError) : null;

  return {
    boss,
    async send(name, payload, sendOptions = {}) {
      const definition = JOBS[name];
      const id = await boss.send(definition.name, definition.schema.parse(payload) as object, {
        ...(sendOptions.id ? { id: sendOptions.id } : {}),
        ...(sendOptions.startAfterSeconds ? { startAfter: sendOptions.startAfterSeconds } : {}),
      });
      // Due now: wake the workers rather than leave the job to their next poll. If the notice is
      // lost, the poll still finds the job.
      if (id !== null && !sendOptions.startAfterSeconds) {
        await boss.getDb().executeSql("SELECT pg_notify($1, $2)", [WAKE_CHANNEL, definition.name]).catch(() => undefined);
      }
      return id;
    },
    async work(name, handler) {
      const definition = JOBS[name];
      const id = await boss.work<unknown>(definition.name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
        if (!job) return;
        const parsed = definition.schema.safeParse(job.data);
        // A payload that does not match can never succeed: fail it, with the reason, once.
        if (!parsed.success) throw new Error(`invalid ${definition.name} payload: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
        return handler(parsed.data as JobPayload<typeof name>, { id: job.id });
      });
      workersOf.set(definition.name, [...(workersOf.get(definition.name) ?? []), id]);
      await wakeUps?.listen();
      return id;
    },
    async stop(stopOptions = {}) {
      await wakeUps?.close();
      await boss.stop({ graceful: stopOptions.graceful ?? true, timeout: stopOptions.timeoutMs ?? 30_000, wait: true });
    },
  };
}

/** NOTIFY channel on which a sender says "a job of this queue is due now" (payload: the queue). */
const WAKE_CHANNEL = "sluice_job_due";

/**
 * A worker's LISTEN connection: a job sent to run now is picked up at once instead of at the next
 * poll (pg-boss polls every second at best). Best effort: if the connection cannot be made or is
 * lost, polling alone still finds every job.
 */
class WakeUps {
  private client: pg.Client | null = null;
  private opening: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly onWake: (queue: string) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  listen(): Promise<void> {
    this.opening ??= this.open();
    return this.opening;
  }

  private async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: "sluice-worker-wakeups", keepAlive: true, connectionTimeoutMillis: 5_000 });
    client.on("error", (error) => void this.lost(client, error));
    client.on("notification", (message) => {
      if (message.channel === WAKE_CHANNEL && message.payload) this.onWake(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${WAKE_CHANNEL}`);
      if (this.closed) return void (await client.end().catch(() => undefined));
      this.client = client;
    } catch (error) {
      await this.lost(client, error as Error);
    }
  }

  /** The connection failed or was lost: polling carries on, and listening starts again shortly. */
  private async lost(client: pg.Client, error: Error): Promise<void> {
    if (this.client === client) this.client = null;
    await client.end().catch(() => undefined);
    if (this.closed || this.retry) return;
    this.onError(new Error(`wake-up connection lost (${error.message}); polling until it is back`));
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.closed) this.opening = this.open();
    }, 5_000);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.opening;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
