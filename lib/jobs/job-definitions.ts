import { z } from "zod";

/**
 * Every background job Sluice runs, with the schema its payload must match when it runs
 * (conventions.md §8: a payload is checked by the worker, not trusted because we sent it).
 */
export interface JobDefinition<Schema extends z.ZodType> {
  name: string;
  schema: Schema;
  /** pg-boss queue settings: how often and how soon a failed job is retried, how long it may run. */
  queue: { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number };
}

function defineJob<Schema extends z.ZodType>(
  name: string,
  schema: Schema,
  queue: JobDefinition<Schema>["queue"],
): JobDefinition<Schema> {
  return { name, schema, queue };
}

const runId = z.string().trim().min(1).max(64);

export const JOBS = {
  /** Runs (or resumes) one sync run. Retried when a worker dies or the database is unreachable;
   * the run resumes from its ledger. A run may take hours, hence the long expiry. */
  syncRun: defineJob("sync-run", z.strictObject({ runId }), {
    retryLimit: 25,
    retryDelay: 1,
    retryBackoff: true,
    expireInSeconds: 23 * 3600,
  }),
  /** Once a minute (pg-boss cron): queue a run for every destination whose schedule is due. */
  syncSchedule: defineJob("sync-schedule", z.strictObject({}), {
    retryLimit: 1,
    retryDelay: 10,
    retryBackoff: false,
    expireInSeconds: 120,
  }),
  /** Once an hour (pg-boss cron): deletes what is past its retention (sign-in attempts after 30 days). */
  housekeeping: defineJob("housekeeping", z.strictObject({}), {
    retryLimit: 1,
    retryDelay: 60,
    retryBackoff: false,
    expireInSeconds: 1800,
  }),
  /** Calls a destination's alert webhook about a finished run. */
  runAlert: defineJob("run-alert", z.strictObject({ runId }), {
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 120,
  }),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<Name extends JobName> = z.output<(typeof JOBS)[Name]["schema"]>;
