import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "@/lib/db/client";
import type { ConversionsOutcome } from "@/lib/x-ads";

/** Told how each conversions request to X went: how long it took and what X answered. */
export type ConversionsObserver = (seconds: number, outcome: ConversionsOutcome["kind"]) => void;

export interface SyncMetrics {
  registry: Registry;
  observeConversions: ConversionsObserver;
  /** Runs this process holds now. */
  setActiveRuns(runs: number): void;
}

/**
 * The sync metrics one process exposes, in Prometheus' conventions. Requests to X are counted
 * and timed as this process sends them; runs, rows, requests, retries, 429s and the queue are
 * read from the database at each scrape, so they cover every worker, not only this one.
 */
export function createSyncMetrics(db: Db): SyncMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: "sluice_x_requests_total",
    help: "Conversions requests this process sent to X, by X's answer.",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "sluice_x_request_duration_seconds",
    help: "Time from sending a conversions request to X's answer (or the failure), in seconds.",
    labelNames: ["outcome"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const active = new Gauge({
    name: "sluice_worker_runs_active",
    help: "Sync runs this worker process holds now.",
    registers: [registry],
  });

  new Gauge({
    name: "sluice_sync_runs",
    help: "Sync runs by status (every worker's).",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const rows = await db.$queryRaw<
        Array<{ status: string; runs: number }>
      >`SELECT status::text, count(*)::int AS runs FROM "SyncRun" GROUP BY status`;
      this.reset();
      for (const row of rows) this.set({ status: row.status.toLowerCase() }, row.runs);
    },
  });
  // Sums over the runs in the database: they only grow, as counters must, while runs are kept.
  const readTotals = async () => {
    const [row] = await db.$queryRaw<Array<Record<string, number>>>`
      SELECT coalesce(sum("rowsSent"), 0)::float8 AS sent, coalesce(sum("rowsInvalid" + "rowsStillInvalid"), 0)::float8 AS invalid,
             coalesce(sum("rowsRejected"), 0)::float8 AS rejected, coalesce(sum("rowsDuplicate"), 0)::float8 AS duplicate, coalesce(sum("rowsFailed"), 0)::float8 AS failed,
             coalesce(sum(requests), 0)::float8 AS requests, coalesce(sum(retries), 0)::float8 AS retries, coalesce(sum("rateLimited"), 0)::float8 AS "rateLimited"
      FROM "SyncRun"`;
    return row!;
  };
  let reading: Promise<Record<string, number>> | null = null;
  const shared = () => (reading ??= readTotals().finally(() => setTimeout(() => (reading = null), 0)));
  new Counter({
    name: "sluice_sync_rows_total",
    help: "Rows of every run, by what became of them: sent, invalid, rejected by X, duplicate (a repeated conversion id, not sent), failed.",
    labelNames: ["outcome"],
    registers: [registry],
    async collect() {
      const rows = await shared();
      this.reset();
      for (const outcome of ["sent", "invalid", "rejected", "duplicate", "failed"])
        this.inc({ outcome }, rows[outcome] ?? 0);
    },
  });
  for (const [name, field, help] of [
    ["sluice_sync_requests_total", "requests", "Conversions requests every run sent to X."],
    ["sluice_sync_retries_total", "retries", "Requests resent after a 5xx, a time-out or a dropped connection."],
    ["sluice_sync_rate_limited_total", "rateLimited", "429 answers from X (rate limit exceeded)."],
  ] as const) {
    new Counter({
      name,
      help,
      registers: [registry],
      async collect() {
        const values = await shared();
        this.reset();
        this.inc(values[field] ?? 0);
      },
    });
  }
  new Gauge({
    name: "sluice_sync_queue_depth",
    help: "Sync runs queued and not yet taken by a worker.",
    registers: [registry],
    async collect() {
      this.set(await db.syncRun.count({ where: { status: "QUEUED" } }));
    },
  });
  new Gauge({
    name: "sluice_sync_oldest_queued_age_seconds",
    help: "How long the oldest queued run has waited for a worker, in seconds (0 with none queued).",
    registers: [registry],
    async collect() {
      const [row] = await db.$queryRaw<
        Array<{ age: number | null }>
      >`SELECT extract(epoch FROM now() - min("createdAt"))::float8 AS age FROM "SyncRun" WHERE status = 'QUEUED'`;
      this.set(Math.max(0, row?.age ?? 0));
    },
  });

  return {
    registry,
    observeConversions(seconds, outcome) {
      requests.inc({ outcome });
      duration.observe({ outcome }, seconds);
    },
    setActiveRuns: (runs) => active.set(runs),
  };
}
