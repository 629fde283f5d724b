import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, inject, test } from "vitest";
import { isEmbeddedPglite, NEEDS_REAL_POSTGRES } from "@/lib/sync/sync-test-harness";
import { createJobQueue, type JobQueue } from "./job-queue";

const url = inject("databaseUrl");
const embedded = await isEmbeddedPglite(url);
if (embedded) console.warn(`${import.meta.url.split("/").pop()} skipped: ${NEEDS_REAL_POSTGRES}`);
const queues: JobQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.stop({ graceful: false })));
});

/** A worker polling only every 30 s, and when it took the job sent after its first poll. */
async function pickUpDelay(wakeUps: boolean, waitMs: number, beforeSending?: (worker: JobQueue) => Promise<void>): Promise<number | null> {
  const worker = await createJobQueue(url, { role: "worker", pollingIntervalSeconds: 30, wakeUps, onError: () => undefined });
  const producer = await createJobQueue(url, { role: "producer", max: 1 });
  queues.push(worker, producer);
  // Nothing left over by other tests that the worker would take first (one job per fetch).
  await producer.boss.purgeQueue("run-alert");
  const mine = `wake-${randomUUID()}`;
  let takenAt: number | null = null;
  const workerId = await worker.work("runAlert", async (payload) => {
    if (payload.runId === mine) takenAt = Date.now();
  });
  // Its first poll (made at once) has found nothing of ours by now.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await beforeSending?.(worker);
  const sentAt = Date.now();
  await producer.send("runAlert", { runId: mine });
  const waitUntil = async (deadline: number) => {
    while (takenAt === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  await waitUntil(sentAt + waitMs);
  const delay = takenAt === null ? null : takenAt - sentAt;
  // Not left for another test's worker: the job was there all along, and goes when asked for.
  if (takenAt === null) {
    worker.boss.notifyWorker(workerId);
    await waitUntil(Date.now() + 10_000);
    expect(takenAt).not.toBeNull();
  }
  return delay;
}

describe.skipIf(embedded)("waking workers", () => {
  test("a job due now is taken at once, not at the worker's next poll", async () => {
    const delay = await pickUpDelay(true, 10_000);
    expect(delay).not.toBeNull();
    expect(delay!).toBeLessThan(2_000);
  });

  test("a worker whose wake-up connection was cut listens again", async () => {
    const cut = async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ cut: boolean }>(
          `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = 'sluice-worker-wakeups'`,
        );
        expect(rows.some((row) => row.cut)).toBe(true);
      } finally {
        await admin.end();
      }
      // Reconnecting waits 5 s.
      await new Promise((resolve) => setTimeout(resolve, 6_500));
    };
    const delay = await pickUpDelay(true, 10_000, cut);
    expect(delay).not.toBeNull();
    expect(delay!).toBeLessThan(2_000);
  }, 30_000);

  test("without the wake-up the same job waits for the poll", async () => {
    expect(await pickUpDelay(false, 3_000)).toBeNull();
  });
});
