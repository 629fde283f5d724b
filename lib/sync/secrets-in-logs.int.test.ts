import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test, vi } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { alertWebhookHint } from "@/lib/destinations/alert-webhook";
import { createJobQueue, type JobQueue } from "@/lib/jobs/job-queue";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { createStandinControl } from "@/standin/standin-control";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { requestSyncRun } from "./lifecycle/request-sync-run";
import {
  engineDeps,
  isSingleBackendDatabase,
  ONLY_ON_POSTGRES,
  seedDestination,
  seedOrders,
  STORE,
  testSecrets,
  uniqueTable,
  withPg,
} from "./sync-test-harness";
import { startSyncWorker, type SyncWorker } from "./lifecycle/sync-worker";
import { sourceDatabase } from "@/lib/testing/source-database";

// Whole syncs (and their alert webhooks) through the queue and a real worker, with everything the worker process logs
// captured (its log function and the console): no source password, X token, token secret, webhook URL or
// consumer secret appears in a log line, in a run or problem row, in the queue's job records, or
// in plain text in any table at all; and no raw e-mail or phone of the rows appears in a log line.

const url = inject("databaseUrl");
// The customer's table lives in the run's source database, read as its read-only user.
const sourceDb = sourceDatabase();
const embedded = await isSingleBackendDatabase(url);
// Its failing syncs include a login the server refuses.
if (embedded) console.warn(`${import.meta.url.split("/").pop()} skipped: ${ONLY_ON_POSTGRES.logins}`);

const secrets = testSecrets();
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const suffix = randomBytes(4).toString("hex");
// The test server trusts local logins, so any password connects: it still travels in the
// connection string through every layer, which is what is being watched.
const SOURCE_PASSWORD = `Src-Pw-${suffix}-Zq8`;
const BOGUS_TOKEN = {
  token: `2417045708-bogusToken${suffix}0000000000`,
  secret: `bogus-token-secret-${suffix}-000000`,
};
const BOGUS_PIXEL_TOKEN = `xpt_bogusPixelToken${suffix}000000`;
// An alert webhook's URL is its secret: this part of its path is watched like a token.
const HOOK_SECRET = `hookSecret${suffix}Xq`;
const withPassword = (user?: string) => {
  const target = new URL(sourceDb.readerUrl);
  if (user) target.username = user;
  target.password = SOURCE_PASSWORD;
  return target.toString();
};

let db: Db;
let queue: JobQueue;
let standin: RunningStandin;
let worker: SyncWorker;
let pixelToken: string;
let hook: Server;
const hookPaths: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  if (embedded) return;
  db = createDb(url, { max: 3 });
  queue = await createJobQueue(url, { role: "producer", max: 2 });
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 100_000_000 } });
  pixelToken = (await createStandinControl(standin.url).issuePixelToken(STORE.pixelId)).token;
  // Takes one alert, refuses the other: the refusal goes through the queue's retry records.
  hook = createServer((request, response) => {
    hookPaths.push(request.url ?? "");
    request.resume();
    request.on("end", () => response.writeHead(request.url?.includes("refuse") ? 500 : 204).end());
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  // Everything the worker could print: its own log lines and anything written to the console.
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) =>
        void logged.push(
          args
            .map((arg) =>
              arg instanceof Error
                ? `${arg.message}\n${arg.stack}`
                : typeof arg === "string"
                  ? arg
                  : JSON.stringify(arg),
            )
            .join(" "),
        ),
    );
  }
  const deps = engineDeps(db, secrets, { url: standin.url, credentials }, { concurrency: 2, maxRetries: 1 });
  worker = await startSyncWorker({
    databaseUrl: url,
    access: deps.access,
    settings: deps.settings,
    concurrency: 2,
    staleSeconds: 30,
    log: (line) => logged.push(line),
    allowPrivateWebhooks: true,
  });
});

afterAll(async () => {
  if (embedded) return;
  await worker?.stop();
  vi.restoreAllMocks();
  await queue?.stop({ graceful: false });
  await standin?.stop();
  await new Promise((resolve) => (hook ? hook.close(resolve) : resolve(undefined)));
  await db?.$disconnect();
});

async function runToEnd(destinationId: string) {
  const { runId } = await requestSyncRun(db, queue, { destinationId, trigger: "MANUAL" });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    if (!["QUEUED", "RUNNING"].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not finish: ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Tables (Sluice's and the queue's, or those of the database at `databaseUrl`) with a row whose
 * text form holds `secret`. */
async function tablesHolding(secret: string, databaseUrl = url): Promise<string[]> {
  return withPg(databaseUrl, async (client: pg.Client) => {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname IN ('public', 'pgboss') ORDER BY 1`,
    );
    const holding: string[] = [];
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${name} t WHERE strpos(t::text, $1) > 0`,
        [secret],
      );
      if ((rows[0]?.n ?? 0) > 0) holding.push(name);
    }
    return holding;
  });
}

describe.skipIf(embedded)("secrets stay out of logs, errors and tables", () => {
  test("successful and failing syncs: no password, token or secret in any log line, run, problem, job or table", async () => {
    const table = uniqueTable("sync_secrets");
    await seedOrders(sourceDb.adminUrl, table, { rows: 120 });
    const query = `SELECT * FROM ${table} ORDER BY order_id`;

    const good = await seedDestination(db, secrets, { url: withPassword(), credentials, query });
    const wrongUser = await seedDestination(db, secrets, {
      url: withPassword(`sluice_ghost_${suffix}`),
      credentials,
      query,
    });
    const badQuery = await seedDestination(db, secrets, {
      url: withPassword(),
      credentials,
      query: `SELECT order_id,\nFROM ${table}`,
    });
    const revokedToken = await seedDestination(db, secrets, {
      url: withPassword(),
      credentials: { ...credentials, token: BOGUS_TOKEN },
      query,
    });
    const pixel = async (token: string) => {
      const { destinationId } = await seedDestination(db, secrets, { url: withPassword(), credentials, query });
      const connection = await db.xConnection.create({
        data: {
          kind: "PIXEL_TOKEN",
          pixelId: STORE.pixelId,
          label: `Pixel ${suffix}`,
          tokenSealed: secrets.seal(token),
        },
      });
      await db.destination.update({ where: { id: destinationId }, data: { connectionId: connection.id } });
      return destinationId;
    };
    const goodPixel = await pixel(pixelToken);
    const bogusPixel = await pixel(BOGUS_PIXEL_TOKEN);
    // Alerts for two of the failing runs: one delivered, one refused by the endpoint.
    const hookUrl = (name: string) => `http://127.0.0.1:${(hook.address() as AddressInfo).port}/${name}/${HOOK_SECRET}`;
    for (const [destinationId, name] of [
      [badQuery.destinationId, "take"],
      [wrongUser.destinationId, "refuse"],
    ] as const) {
      await db.destination.update({
        where: { id: destinationId },
        data: { alertWebhookSealed: secrets.seal(hookUrl(name)), alertWebhookHint: alertWebhookHint(hookUrl(name)) },
      });
    }

    const runs = {
      good: await runToEnd(good.destinationId),
      wrongUser: await runToEnd(wrongUser.destinationId),
      badQuery: await runToEnd(badQuery.destinationId),
      revokedToken: await runToEnd(revokedToken.destinationId),
      goodPixel: await runToEnd(goodPixel),
      bogusPixel: await runToEnd(bogusPixel),
    };

    // The runs did what they were meant to: the secrets were really used, and really failed.
    expect(runs.good.status).toBe("PARTIAL"); // the demo rows include a few invalid ones
    expect(runs.good.rowsSent).toBeGreaterThan(100);
    expect(runs.goodPixel.rowsSent).toBe(runs.good.rowsSent);
    expect(runs.wrongUser).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining(`did not let user "sluice_ghost_${suffix}" log in`),
    });
    expect(runs.badQuery).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining('Syntax error at or near "FROM" (line 2, column 1)'),
    });
    expect(runs.revokedToken).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("X no longer accepts this connection's token"),
    });
    expect(runs.bogusPixel).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("X no longer accepts this connection's token"),
    });
    // Both alerts were really called, and recorded.
    const deadline = Date.now() + 30_000;
    while (
      (await db.webhookDelivery.count({ where: { runId: { in: [runs.badQuery.id, runs.wrongUser.id] } } })) < 2 &&
      Date.now() < deadline
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      await db.webhookDelivery.findMany({
        where: { runId: { in: [runs.badQuery.id, runs.wrongUser.id] } },
        select: { statusCode: true },
        orderBy: { statusCode: "asc" },
      }),
    ).toEqual([{ statusCode: 204 }, { statusCode: 500 }]);
    expect(hookPaths.filter((path) => path.endsWith(HOOK_SECRET))).toHaveLength(2);
    // And the log was captured: the worker reported each run.
    for (const run of Object.values(runs)) expect(logged.some((line) => line.includes(`run ${run.id} `))).toBe(true);

    const watched = {
      "source password": SOURCE_PASSWORD,
      "X access token": credentials.token.token,
      "X token secret": credentials.token.secret,
      "X consumer secret": DEMO_CONSUMER_SECRET,
      "revoked X token": BOGUS_TOKEN.token,
      "revoked X token secret": BOGUS_TOKEN.secret,
      "pixel token": pixelToken,
      "bogus pixel token": BOGUS_PIXEL_TOKEN,
      "alert webhook URL": HOOK_SECRET,
    };
    const runIds = Object.values(runs).map((run) => run.id);
    const runRows = JSON.stringify(await db.syncRun.findMany({ where: { id: { in: runIds } } }));
    const problemRows = JSON.stringify(
      await db.syncProblem.findMany({ where: { runId: { in: runIds } } }),
      (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    );
    for (const [what, secret] of Object.entries(watched)) {
      expect(
        logged.filter((line) => line.includes(secret)),
        `${what} in a log line`,
      ).toEqual([]);
      expect(runRows.includes(secret), `${what} in a run row`).toBe(false);
      expect(problemRows.includes(secret), `${what} in a problem row`).toBe(false);
      expect(await tablesHolding(secret), `${what} in plain text`).toEqual([]);
    }
    // Nor is any e-mail or phone of the rows synced, as the source has it or normalised
    // (pii-in-run-history.int.test.ts watches runs, problems and pages for them).
    const identifiers = await withPg(
      sourceDb.adminUrl,
      async (client) =>
        (await client.query<{ email: string | null; phone: string | null }>(`SELECT email, phone FROM ${table}`)).rows,
    );
    const personal = identifiers
      .flatMap(({ email, phone }) => [email?.trim(), email?.trim().toLowerCase(), phone?.trim()])
      .filter((value): value is string => Boolean(value) && value!.length >= 6);
    expect(personal.length).toBeGreaterThan(200);
    expect(
      personal.filter((value) => logged.some((line) => line.includes(value))),
      "a raw e-mail or phone in a log line",
    ).toEqual([]);
    // The scan itself finds what is there: the table the source reads (in the source database),
    // by one of its e-mails, and in Sluice's own tables the source's query, by the table's name.
    const anEmail = await withPg(
      sourceDb.adminUrl,
      async (client) =>
        (await client.query<{ email: string }>(`SELECT email FROM ${table} WHERE email IS NOT NULL LIMIT 1`)).rows[0]!
          .email,
    );
    expect(await tablesHolding(anEmail, sourceDb.adminUrl)).toContain(`public.${table}`);
    expect(await tablesHolding(table)).toContain('public."Source"');
  });
});
