import pg from "pg";
import PgBoss from "pg-boss";
import { JOBS, type JobName, type JobPayload } from "./job-definitions";

/**
 * Sluice's job queue: pg-boss on Sluice's own PostgreSQL (schema `pgboss`), so every machine
 * pointed at the same database shares one queue and no other service is needed.
 */
export interface JobQueue {
  send<Name extends JobName>(
    name: Name,
    payload: JobPayload<Name>,
    options?: { id?: string; startAfterSeconds?: number },
  ): Promise<string | null>;
  /** Runs `handler` for each job of `name`; the payload is parsed with the job's schema first. */
  work<Name extends JobName>(
    name: Name,
    handler: (payload: JobPayload<Name>, job: { id: string }) => Promise<unknown>,
  ): Promise<string>;
  /** Runs `handler` for up to `limit` jobs of `name` at once; `stop` waits for the jobs in hand.
   * Resolves once the worker listens for "due now" notices, as `work` does. */
  workConcurrently<Name extends JobName>(
    name: Name,
    options: { limit: number },
    handler: (payload: JobPayload<Name>, job: { id: string }) => Promise<unknown>,
  ): Promise<void>;
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
   * a single-backend database (DatabaseProfile), whose one backend session is shared by every connection (the sync
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
  const dispatchers: JobDispatcher[] = [];
  const wakeUps =
    isWorker && options.wakeUps !== false
      ? new WakeUps(
          connectionString,
          (queue) => {
            workersOf.get(queue)?.forEach((id) => boss.notifyWorker(id));
            for (const dispatcher of dispatchers) if (dispatcher.queue === queue) dispatcher.poke();
          },
          reportError,
        )
      : null;

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
        await boss
          .getDb()
          .executeSql("SELECT pg_notify($1, $2)", [WAKE_CHANNEL, definition.name])
          .catch(() => undefined);
      }
      return id;
    },
    async work(name, handler) {
      const definition = JOBS[name];
      const id = await boss.work<unknown>(definition.name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
        if (!job) return;
        const parsed = definition.schema.safeParse(job.data);
        // A payload that does not match can never succeed: fail it, with the reason, once.
        if (!parsed.success)
          throw new Error(
            `invalid ${definition.name} payload: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`,
          );
        return handler(parsed.data as JobPayload<typeof name>, { id: job.id });
      });
      workersOf.set(definition.name, [...(workersOf.get(definition.name) ?? []), id]);
      await wakeUps?.listen();
      return id;
    },
    async workConcurrently(name, workOptions, handler) {
      const definition = JOBS[name];
      const dispatcher = new JobDispatcher(
        boss,
        definition.name,
        workOptions,
        pollingIntervalSeconds * 1000,
        reportError,
        async (data, id) => {
          const parsed = definition.schema.safeParse(data);
          if (!parsed.success)
            throw new Error(
              `invalid ${definition.name} payload: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`,
            );
          return handler(parsed.data as JobPayload<typeof name>, { id });
        },
      );
      dispatchers.push(dispatcher);
      // A job sent before the LISTEN is in place would wait for the next poll.
      await wakeUps?.listen();
    },
    async stop(stopOptions = {}) {
      await Promise.all(
        dispatchers.map((dispatcher) =>
          dispatcher.stop(stopOptions.graceful === false ? 0 : (stopOptions.timeoutMs ?? 30_000)),
        ),
      );
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
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: "sluice-worker-wakeups",
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
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

/**
 * Takes jobs one at a time while there is room and runs them side by side; completes or fails
 * each in pg-boss as its handler ends, as `boss.work` would. pg-boss 10's own workers run one
 * batch at a time, so a worker holding many long jobs at once (sync runs that mostly wait on
 * X's rate limit) would need one poller per job.
 */
class JobDispatcher {
  private readonly active = new Set<Promise<void>>();
  private stopped = false;
  private wake: (() => void) | null = null;
  /** A poke that came while the loop was not asleep: the next sleep is skipped. */
  private poked = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly boss: PgBoss,
    readonly queue: string,
    private readonly options: { limit: number },
    private readonly pollMs: number,
    private readonly onError: (error: Error) => void,
    private readonly handle: (data: unknown, id: string) => Promise<unknown>,
  ) {
    this.loop = this.run();
  }

  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.loop;
    const all = Promise.all([...this.active]);
    await (timeoutMs > 0
      ? Promise.race([all, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())])
      : Promise.resolve());
  }

  private hasRoom(): boolean {
    return this.active.size < this.options.limit;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.poked = false;
      if (this.hasRoom()) {
        // As many as there is room for in one query: fifty runs queued together start together.
        const room = Math.min(16, this.options.limit - this.active.size);
        const jobs = await this.boss.fetch<unknown>(this.queue, { batchSize: room }).catch((error: unknown) => {
          this.onError(error instanceof Error ? error : new Error(String(error)));
          return [];
        });
        for (const job of jobs) {
          // Fetched while stopping: hand it straight back to be retried.
          if (this.stopped)
            await this.boss.fail(this.queue, job.id, { message: "the worker is stopping" }).catch(() => undefined);
          else this.start(job.id, job.data);
        }
        if (jobs.length > 0) continue;
      }
      if (this.poked) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private start(id: string, data: unknown): void {
    const task: Promise<void> = this.handle(data, id)
      .then(
        (output) => this.boss.complete(this.queue, id, isObject(output) ? output : {}),
        (error: unknown) =>
          this.boss.fail(this.queue, id, { message: error instanceof Error ? error.message : String(error) }),
      )
      .catch((error: unknown) => this.onError(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        this.active.delete(task);
        this.poke();
      });
    this.active.add(task);
  }
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
