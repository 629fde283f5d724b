import { getEnv } from "@/lib/config/env";
import { createJobQueue, type JobQueue } from "./job-queue";

// One sending-only queue per web server process, kept on globalThis so Next's module reloading
// in development does not open a new pool each time.
const holder = globalThis as unknown as { sluiceJobQueue?: Promise<JobQueue> };

/** The job queue for code that only enqueues (server actions, the CLI): a small pool, no
 * maintenance or cron of its own (the workers do that). */
export function getSharedJobQueue(): Promise<JobQueue> {
  if (!holder.sluiceJobQueue) {
    const url = getEnv().DATABASE_URL;
    if (!url) return Promise.reject(new Error("DATABASE_URL is not set"));
    holder.sluiceJobQueue = createJobQueue(url, { role: "producer", max: 2 }).catch((error: unknown) => {
      holder.sluiceJobQueue = undefined;
      throw error;
    });
  }
  return holder.sluiceJobQueue;
}
