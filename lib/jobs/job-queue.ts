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
  onError?: (error: Error) => void;
}

export async function createJobQueue(connectionString: string, options: JobQueueOptions): Promise<JobQueue> {
  const isWorker = options.role === "worker";
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
  boss.on("error", (error) => (options.onError ?? ((e: Error) => console.error(`[sluice] job queue: ${e.message}`)))(error));
  await boss.start();
  for (const definition of Object.values(JOBS)) {
    await boss.createQueue(definition.name, { name: definition.name, policy: "standard", ...definition.queue });
  }
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;

  return {
    boss,
    send(name, payload, sendOptions = {}) {
      const definition = JOBS[name];
      return boss.send(definition.name, definition.schema.parse(payload) as object, {
        ...(sendOptions.id ? { id: sendOptions.id } : {}),
        ...(sendOptions.startAfterSeconds ? { startAfter: sendOptions.startAfterSeconds } : {}),
      });
    },
    work(name, handler) {
      const definition = JOBS[name];
      return boss.work<unknown>(definition.name, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
        if (!job) return;
        const parsed = definition.schema.safeParse(job.data);
        // A payload that does not match can never succeed: fail it, with the reason, once.
        if (!parsed.success) throw new Error(`invalid ${definition.name} payload: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
        return handler(parsed.data as JobPayload<typeof name>, { id: job.id });
      });
    },
    stop(stopOptions = {}) {
      return boss.stop({ graceful: stopOptions.graceful ?? true, timeout: stopOptions.timeoutMs ?? 30_000, wait: true });
    },
  };
}
