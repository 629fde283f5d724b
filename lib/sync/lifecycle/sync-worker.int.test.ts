import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from "vitest";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { createDb, type Db } from "@/lib/db/client";
import { alertWebhookHint } from "@/lib/destinations/alert-webhook";
import { JOBS } from "@/lib/jobs/job-definitions";
import { createJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { AppError } from "@/lib/errors";
import { SIGN_IN_ATTEMPT_RETENTION_MS } from "@/lib/users/prune-sign-in-attempts";
import { createStandinControl } from "@/standin/standin-control";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { cancelSyncRun } from "./cancel-sync-run";
import { requestSyncRun } from "./request-sync-run";
import { deliverRunAlert } from "../../alerts/run-alert";
import { scheduleDueRuns } from "./schedule-due-runs";
import { ledgerKeyCount } from "../engine/sent-ledger";
import { engineDeps, seedDestination, seedOrders, testSecrets, uniqueTable } from "../sync-test-harness";
import { startSyncWorker, type SyncWorker } from "./sync-worker";
import { sourceDatabase } from "@/lib/testing/source-database";

const url = inject("databaseUrl");
// Source tables live in the run's source database, read as its read-only user.
const sourceDb = sourceDatabase();
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const secrets = testSecrets();
let actor: { id: string; email: string };
let db: Db;
let queue: JobQueue;
let standin: RunningStandin;
let worker: SyncWorker;
let hook: Server;
const hookCalls: Array<{ body: Record<string, unknown> }> = [];

beforeAll(async () => {
  db = createDb(url, { max: 3 });
  const email = `editor-${Date.now()}@example.com`;
  actor = await db.user.create({
    data: { email, name: "Editor", passwordHash: "-", role: "EDITOR" },
    select: { id: true, email: true },
  });
  queue = await createJobQueue(url, { role: "producer", max: 2 });
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 100_000_000 } });
  const deps = engineDeps(db, secrets, { url: standin.url, credentials }, { concurrency: 2 });
  worker = await startSyncWorker({
    databaseUrl: url,
    access: deps.access,
    settings: deps.settings,
    concurrency: 2,
    staleSeconds: 30,
    log: () => undefined,
    allowPrivateWebhooks: true,
  });
  hook = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      hookCalls.push({ body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
});

beforeEach(() => createStandinControl(standin.url).clearFaults());

afterAll(async () => {
  await worker?.stop();
  await queue?.stop({ graceful: false });
  await standin?.stop();
  await new Promise((resolve) => hook?.close(resolve));
  await db?.$disconnect();
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in time: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const finished = (runId: string) =>
  waitFor(
    () => db.syncRun.findUniqueOrThrow({ where: { id: runId } }),
    (run) => !["QUEUED", "RUNNING"].includes(run.status),
  );

async function slowDestination(rows: number) {
  const table = uniqueTable("sync_worker");
  await seedOrders(sourceDb.adminUrl, table, { rows });
  await createStandinControl(standin.url).addFault({
    kind: "slow",
    probability: 1,
    pathIncludes: "/measurement/conversions",
    delayMs: 150,
  });
  return seedDestination(db, secrets, {
    url: sourceDb.readerUrl,
    credentials,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
  });
}

describe("the queue and the worker", () => {
  test("a run requested through the queue is run by the worker; a second request meanwhile is refused", async () => {
    const { destinationId } = await slowDestination(4_000);
    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL", actor });
    const second = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL", actor }).catch(
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(AppError);
    expect((second as AppError).code).toBe("CONFLICT");
    expect((second as AppError).message).toMatch(/already (queued to run|running)/);
    expect(await db.syncRun.count({ where: { destinationId } })).toBe(1);

    const run = await finished(runId);
    expect(run.status).toBe("PARTIAL");
    expect(run.rowsRead).toBe(4_000);
    expect(run.triggeredByEmail).toBe(actor.email);
    // Done: a new run may start.
    const { runId: next } = await requestSyncRun(db, queue, { destinationId, trigger: "CLI" });
    expect((await finished(next)).rowsSent).toBe(0);
  });

  test("cancelling a running sync lets in-flight batches finish, sends nothing more, and the next run sends the rest", async () => {
    const { destinationId } = await slowDestination(10_000);
    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL", actor });
    await waitFor(
      () => db.syncRun.findUniqueOrThrow({ where: { id: runId } }),
      (run) => run.rowsSent > 0,
    );
    expect((await cancelSyncRun(db, actor, runId)).status).toBe("CANCELLING");

    const run = await finished(runId);
    expect(run.status).toBe("CANCELLED");
    expect(run.rowsRead).toBeLessThan(10_000);
    expect(await ledgerKeyCount(db, destinationId)).toBe(run.rowsSent);
    expect(await db.auditEvent.count({ where: { action: "run.cancel", targetId: runId } })).toBe(1);
    await expect(cancelSyncRun(db, actor, runId)).rejects.toThrow(/already finished/);

    const { runId: next } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });
    const rest = await finished(next);
    expect(rest.rowsRead).toBe(10_000);
    expect(rest.rowsAlreadySent).toBe(run.rowsSent);
    expect(standin.state.conversions.list({}).duplicates).toBe(0);
  });

  test("a queued run cancelled before a worker takes it never starts", async () => {
    const { destinationId } = await slowDestination(10);
    await worker.stop();
    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL", actor });
    expect((await cancelSyncRun(db, actor, runId)).status).toBe("CANCELLED");
    const deps = engineDeps(db, secrets, { url: standin.url, credentials }, { concurrency: 2 });
    worker = await startSyncWorker({
      databaseUrl: url,
      access: deps.access,
      settings: deps.settings,
      concurrency: 2,
      staleSeconds: 30,
      log: () => undefined,
      allowPrivateWebhooks: true,
    });
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("CANCELLED");
    expect(run.startedAt).toBeNull();
  });
});

describe("schedules", () => {
  test("a due destination gets exactly one run however many workers tick at once, and its next run time moves on", async () => {
    const { destinationId } = await slowDestination(50);
    const due = new Date(Date.now() - 5 * 60_000);
    await db.destination.update({
      where: { id: destinationId },
      data: { scheduleKind: "INTERVAL", scheduleIntervalMinutes: 60, nextRunAt: due },
    });

    const ticks = await Promise.all([
      scheduleDueRuns(db, queue),
      scheduleDueRuns(db, queue),
      scheduleDueRuns(db, queue),
    ]);
    const runs = await db.syncRun.findMany({ where: { destinationId } });
    expect(runs).toHaveLength(1);
    // Its one run was queued by exactly one tick (other destinations in this database, from
    // other test files, may be due as well and are not this test's concern).
    const queued = ticks.flatMap((tick) => tick.queued);
    expect(queued.filter((id) => id === runs[0]!.id)).toEqual([runs[0]!.id]);
    expect(runs[0]!.trigger).toBe("SCHEDULE");
    const destination = await db.destination.findUniqueOrThrow({ where: { id: destinationId } });
    expect(destination.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(destination.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now() + 61 * 60_000);
    await finished(runs[0]!.id);
  });
});

describe("housekeeping", () => {
  test("the worker schedules it hourly, and a housekeeping job prunes sign-in attempts past their retention", async () => {
    const schedules = await queue.boss.getSchedules();
    expect(schedules.find((schedule) => schedule.name === JOBS.housekeeping.name)?.cron).toBe("7 * * * *");
    const email = `prune-${Date.now()}@example.com`;
    const old = new Date(Date.now() - SIGN_IN_ATTEMPT_RETENTION_MS - 60_000);
    await db.signInAttempt.createMany({
      data: [
        { email, ip: null, succeeded: false, createdAt: old },
        { email, ip: null, succeeded: true },
      ],
    });
    await queue.send("housekeeping", {});
    const left = await waitFor(
      () => db.signInAttempt.findMany({ where: { email } }),
      (rows) => rows.length === 1,
    );
    expect(left[0]!.succeeded).toBe(true);
  });
});

describe("alerts", () => {
  test("a run that rejects more than the destination's share calls its webhook with a JSON summary, recorded as a delivery", async () => {
    const table = uniqueTable("sync_alert");
    // o87nf is an event of the account (so Sluice's tag check passes it) that X is told to refuse.
    await seedOrders(sourceDb.adminUrl, table, {
      rows: 40,
      eventFor: (index) => (index % 4 === 0 ? "o87nf" : "o87ne"),
    });
    standin.state.rejectedValues.add({ values: [{ parameter: "event_id", value: "o87nf" }] });
    const query = `SELECT order_id, event_id, coalesce(ordered_at, now()) AS ordered_at, md5(order_id) || md5(order_id) AS hashed FROM ${table} ORDER BY order_id`;
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query,
      mapping: {
        version: 1,
        fields: {
          conversion_time: { kind: "column", column: "ordered_at" },
          conversion_id: { kind: "column", column: "order_id" },
          hashed_email: { kind: "column", column: "hashed" },
        },
        eventId: { kind: "column", column: "event_id" },
      },
    });
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/sluice-alerts`;
    await db.destination.update({
      where: { id: destinationId },
      data: {
        alertWebhookSealed: secrets.seal(hookUrl),
        alertWebhookHint: alertWebhookHint(hookUrl),
        alertRejectedShare: 0.2,
      },
    });

    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });
    const run = await finished(runId);
    expect(run.rowsRejected).toBe(10);
    const delivery = await waitFor(
      () => db.webhookDelivery.findFirst({ where: { runId } }),
      (row) => row !== null,
    );
    expect(delivery).toMatchObject({
      target: `${new URL(hookUrl).origin}/…erts`,
      event: "run.rejected_share_exceeded",
      statusCode: 204,
      error: null,
    });
    const call = hookCalls.find((entry) => (entry.body.run as { id: string }).id === runId);
    expect(call?.body.text).toMatch(
      /^Sluice: X rejected 10 of 40 rows \(25%\) in a sync of “.+”, more than the 20% allowed\. Most common reason: \S+ \(10 rows\)\.$/,
    );
    expect(call?.body).toMatchObject({
      event: "run.rejected_share_exceeded",
      run: { status: "PARTIAL", counts: { read: 40, rejected: 10, sent: 30 } },
      destination: { id: destinationId },
    });
    expect(JSON.stringify(call?.body)).not.toMatch(/ORD-/);
  });

  test("a failed run alerts too", async () => {
    const { destinationId, connectionId } = await slowDestination(10);
    await db.xConnection.update({ where: { id: connectionId }, data: { revokedAt: new Date() } });
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/failed`;
    // Slack reads <!channel> as "notify everyone": a name is escaped as text.
    await db.destination.update({
      where: { id: destinationId },
      data: {
        name: "Orders <!channel> & co",
        alertWebhookSealed: secrets.seal(hookUrl),
        alertWebhookHint: alertWebhookHint(hookUrl),
      },
    });
    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });
    const run = await finished(runId);
    expect(run.status).toBe("FAILED");
    expect(run.error).toMatch(/disconnected/);
    const delivery = await waitFor(
      () => db.webhookDelivery.findFirst({ where: { runId } }),
      (row) => row !== null,
    );
    expect(delivery?.event).toBe("run.failed");
    const call = hookCalls.find((entry) => (entry.body.run as { id: string }).id === runId);
    expect(call?.body.text).toMatch(
      /^Sluice: a sync of “Orders &lt;!channel&gt; &amp; co” failed: .*disconnected.*\. 0 of \d+ rows read were sent\.$/,
    );

    // The same alert from a worker that may not call private addresses (the default): refused
    // before connecting, recorded with what to do, and not retried (it returns instead of throwing).
    await db.webhookDelivery.deleteMany({ where: { runId } });
    const calls = hookCalls.length;
    expect(await deliverRunAlert(db, secrets, runId)).toEqual({ delivered: false });
    expect(hookCalls).toHaveLength(calls);
    expect(await db.webhookDelivery.findFirst({ where: { runId } })).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/private network or this machine.*public URL/),
    });
  });

  test("a webhook sealed with another encryption key is not called; the delivery says what to do, and the job does not retry", async () => {
    const { destinationId, connectionId } = await slowDestination(10);
    await db.xConnection.update({ where: { id: connectionId }, data: { revokedAt: new Date() } });
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/other-key`;
    const otherKey = createSecretBox(randomBytes(32));
    await db.destination.update({
      where: { id: destinationId },
      data: { alertWebhookSealed: otherKey.seal(hookUrl), alertWebhookHint: alertWebhookHint(hookUrl) },
    });
    const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });
    expect((await finished(runId)).status).toBe("FAILED");
    const delivery = await waitFor(
      () => db.webhookDelivery.findFirst({ where: { runId } }),
      (row) => row !== null,
    );
    expect(delivery).toMatchObject({ event: "run.failed", statusCode: null, target: alertWebhookHint(hookUrl) });
    expect(delivery?.error).toMatch(/cannot be decrypted with this server's encryption key.*Schedule step/);
    // Done at the first attempt: retrying cannot open the URL either.
    const jobs = await waitFor(
      () =>
        db.$queryRaw<
          Array<{ state: string; retry_count: number }>
        >`SELECT state::text, retry_count FROM pgboss.job WHERE name = ${JOBS.runAlert.name} AND data->>'runId' = ${runId}`,
      (rows) => rows.length === 1 && rows[0]!.state === "completed",
    );
    expect(jobs).toEqual([{ state: "completed", retry_count: 0 }]);
    expect(hookCalls.some((entry) => (entry.body.run as { id: string }).id === runId)).toBe(false);
  });
});
