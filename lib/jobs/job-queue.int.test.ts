import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, inject, test } from "vitest";
import { isSingleBackendDatabase, ONLY_ON_POSTGRES } from "@/lib/sync/sync-test-harness";
import { createJobQueue, type JobQueue } from "./job-queue";

const url = inject("databaseUrl");
const embedded = await isSingleBackendDatabase(url);
if (embedded) console.warn(`${import.meta.url.split("/").pop()}: waking workers skipped (${ONLY_ON_POSTGRES.wakeUps})`);
const queues: JobQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.stop({ graceful: false })));
});

/** A worker polling only every 30 s, and when it took the job sent after its first poll. */
async function pickUpDelay(
  wakeUps: boolean,
  waitMs: number,
  beforeSending?: (worker: JobQueue) => Promise<void>,
): Promise<number | null> {
  const worker = await createJobQueue(url, {
    role: "worker",
    pollingIntervalSeconds: 30,
    wakeUps,
    onError: () => undefined,
  });
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
        // Only this database's: the end-to-end tests' app runs beside this suite on the same server.
        const { rows } = await admin.query<{ cut: boolean }>(
          `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = 'sluice-worker-wakeups' AND datname = current_database()`,
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

describe("taking many jobs at once", () => {
  test("workConcurrently runs up to its limit side by side, completes what ends well and fails what throws", async () => {
    // Woken where the database can; polled every second where it cannot, as the sync worker is.
    const worker = await createJobQueue(url, {
      role: "worker",
      pollingIntervalSeconds: embedded ? 1 : 30,
      wakeUps: !embedded,
      onError: () => undefined,
    });
    const producer = await createJobQueue(url, { role: "producer", max: 1 });
    queues.push(worker, producer);
    await producer.boss.purgeQueue("run-alert");
    const ids = Array.from({ length: 5 }, (_, i) => `many-${i}-${randomUUID()}`);
    let running = 0;
    let most = 0;
    const finished: string[] = [];
    await worker.workConcurrently("runAlert", { limit: 3 }, async ({ runId }) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 400));
      running -= 1;
      finished.push(runId);
      if (runId === ids[4]) throw new Error("this one fails");
      return { done: runId };
    });
    const jobIds = [];
    for (const runId of ids) jobIds.push((await producer.send("runAlert", { runId }))!);
    const deadline = Date.now() + 20_000;
    while (finished.length < ids.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished.sort()).toEqual([...ids].sort());
    expect(most).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const states = await Promise.all(jobIds.map((id) => producer.boss.getJobById("run-alert", id)));
    expect(states.slice(0, 4).map((job) => job?.state)).toEqual(["completed", "completed", "completed", "completed"]);
    // run-alert retries a failed job later (its retry policy), so it waits to be retried.
    expect(states[4]?.state).toBe("retry");
    expect(states[0]?.output).toEqual({ done: ids[0] });
  });
});
