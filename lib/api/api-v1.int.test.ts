import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, test, vi } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { getDb } from "@/lib/server/db";
import { startSyncWorker, type SyncWorker } from "@/lib/sync/lifecycle/sync-worker";
import { engineDeps, seedDestination, seedOrders, testSecrets, uniqueTable } from "@/lib/sync/sync-test-harness";
import { serveRouteFiles } from "@/lib/testing/serve-route-files";
import { sourceDatabase } from "@/lib/testing/source-database";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { createStandinControl } from "@/standin/standin-control";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { apiErrorBodySchema } from "./api-error";
import { API_ROUTES } from "./api-routes";
import {
  destinationExportSchema,
  importResultSchema,
  problemsPageSchema,
  runResponseSchema,
  runsPageSchema,
} from "./api-schemas";
import type { ApiTokenScopeName } from "./api-token-scopes";
import { authenticateApiToken } from "./authenticate-api-token";
import { createApiToken, revokeApiToken } from "./manage-api-tokens";
import { waitForRun } from "./wait-for-run";

/**
 * /api/v1 over real HTTP: the app's own route files behind a Node HTTP server, a real
 * PostgreSQL, the job queue the app uses, a sync worker and the X stand-in. Every endpoint is
 * called with every kind of token (and none, a revoked and an expired one); then runs are
 * started and waited for, paged through, exported and imported, and the rate limit is hit.
 */

const RATE_LIMIT = 40;
const url = inject("databaseUrl");
vi.stubEnv("DATABASE_URL", url);
vi.stubEnv("SLUICE_ENCRYPTION_KEY", randomBytes(32).toString("base64"));
vi.stubEnv("NEXTAUTH_SECRET", randomBytes(32).toString("base64url"));
vi.stubEnv("SLUICE_API_RATE_LIMIT", String(RATE_LIMIT));

const appRoot = fileURLToPath(new URL("../../app", import.meta.url));
const sourceDb = sourceDatabase();
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const secrets = testSecrets();
const tag = randomBytes(3).toString("hex");

let db: Db;
let api: { url: string; close(): Promise<void> };
let standin: RunningStandin;
let worker: SyncWorker;
let owner: { id: string; email: string };

async function seedUser(role: "OWNER" | "EDITOR" | "VIEWER", label: string) {
  return db.user.create({
    data: { email: `api-${label}-${tag}@example.com`, name: label, passwordHash: "x", role },
    select: { id: true, email: true },
  });
}
async function token(scope: ApiTokenScopeName, by = owner, expiresInDays: number | null = 30): Promise<string> {
  return (await createApiToken(db, by, { name: `${scope} ${randomBytes(2).toString("hex")}`, scope, expiresInDays }))
    .secret;
}
async function call(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; rawBody?: string } = {},
) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined || options.rawBody ? { "content-type": "application/json" } : {}),
    },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}
const describeCall = (result: { status: number; body: Record<string, unknown> | null }) =>
  `${result.status}${result.body && "error" in result.body ? ` ${(result.body.error as { code: string }).code}` : ""}`;

beforeAll(async () => {
  db = getDb();
  owner = await seedUser("OWNER", "owner");
  api = await serveRouteFiles(appRoot, "api/v1");
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 100_000_000 } });
  const workerDb = createDb(url, { max: 3 });
  const deps = engineDeps(workerDb, secrets, { url: standin.url, credentials });
  worker = await startSyncWorker({
    databaseUrl: url,
    access: deps.access,
    settings: deps.settings,
    concurrency: 1,
    staleSeconds: 30,
    log: () => undefined,
  });
});

afterAll(async () => {
  await worker?.stop();
  await standin?.stop();
  await api?.close();
});

describe("/api/v1", { timeout: 120_000 }, () => {
  test("every endpoint answers every kind of token as its scope says (the role matrix of the API)", async () => {
    const draft = await db.destination.create({
      data: { name: `Draft ${tag}`, status: "DRAFT" },
      select: { id: true },
    });
    const missing = "c0000000000000000000missing";
    const revoked = await createApiToken(db, owner, { name: "revoked", scope: "ADMIN", expiresInDays: null });
    await revokeApiToken(db, owner, revoked.token.id);
    const expired = await createApiToken(
      db,
      owner,
      { name: "expired", scope: "ADMIN", expiresInDays: 30 },
      new Date(Date.now() - 31 * 86_400_000),
    );
    const callers: Record<string, string | null> = {
      "no token": null,
      "not a token": "slc_thisIsNotAnyTokenThatExistsAnywhere0000000000",
      revoked: revoked.secret,
      expired: expired.secret,
      read: await token("READ"),
      run: await token("RUN"),
      admin: await token("ADMIN"),
    };
    // Each probe changes nothing whoever sends it: a draft cannot run (409), an empty import is
    // refused by its schema (400), and missing ids are 404; getting that far proves the token passed.
    const probes: Record<keyof typeof API_ROUTES, { method: string; path: string; body?: unknown; allowed: string }> = {
      startRun: { method: "POST", path: `/api/v1/destinations/${draft.id}/runs`, allowed: "409 CONFLICT" },
      listDestinationRuns: { method: "GET", path: `/api/v1/destinations/${draft.id}/runs`, allowed: "200" },
      getRun: { method: "GET", path: `/api/v1/runs/${missing}`, allowed: "404 NOT_FOUND" },
      listRunProblems: { method: "GET", path: `/api/v1/runs/${missing}/problems`, allowed: "404 NOT_FOUND" },
      exportDestination: { method: "GET", path: `/api/v1/destinations/${draft.id}/export`, allowed: "200" },
      importDestination: { method: "POST", path: "/api/v1/destinations/import", body: {}, allowed: "400 VALIDATION" },
      openApiDocument: { method: "GET", path: "/api/v1/openapi.json", allowed: "200" },
    };
    const LEVEL = { READ: 0, RUN: 1, ADMIN: 2 } as const;
    const expected: Record<string, Record<string, string>> = {};
    const actual: Record<string, Record<string, string>> = {};
    for (const [name, spec] of Object.entries(API_ROUTES)) {
      const probe = probes[name as keyof typeof API_ROUTES];
      const row = `${spec.method} ${spec.path} (${spec.scope.toLowerCase()})`;
      expected[row] = {};
      actual[row] = {};
      for (const [caller, secret] of Object.entries(callers)) {
        const scope = { read: "READ", run: "RUN", admin: "ADMIN" }[caller] as ApiTokenScopeName | undefined;
        expected[row][caller] =
          spec.scope === "PUBLIC"
            ? probe.allowed
            : !scope
              ? "401 UNAUTHENTICATED"
              : LEVEL[scope] >= LEVEL[spec.scope]
                ? probe.allowed
                : "403 FORBIDDEN";
        actual[row][caller] = describeCall(await call(probe.method, probe.path, { token: secret, body: probe.body }));
      }
    }
    expect(actual).toEqual(expected);
    // Nothing ran, nothing was imported.
    expect(await db.syncRun.count({ where: { destinationId: draft.id } })).toBe(0);
  });

  test("errors are JSON with a code and message; 401s say why and ask for a bearer token", async () => {
    const revoked = await createApiToken(db, owner, { name: "gone", scope: "READ", expiresInDays: null });
    await revokeApiToken(db, owner, revoked.token.id);
    const answer = await call("GET", "/api/v1/runs/x", { token: revoked.secret });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="sluice"');
    expect(apiErrorBodySchema.parse(answer.body).error).toEqual({
      code: "UNAUTHENTICATED",
      message: "This API token was revoked.",
    });
    const read = await token("READ");
    const forbidden = await call("POST", "/api/v1/destinations/x/runs", { token: read });
    expect(forbidden.body).toEqual({
      error: { code: "FORBIDDEN", message: "This needs a token with the run scope; this one has read." },
    });
  });

  test("bad input is a 400 with zod's issues, naming where", async () => {
    const run = await token("RUN");
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: "SELECT 1",
    });
    const tooLong = await call("POST", `/api/v1/destinations/${destinationId}/runs?wait=500`, { token: run });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({
      error: {
        code: "VALIDATION",
        message: "The request's query is not valid. wait: wait is at most 120 seconds.",
        issues: [{ path: ["query", "wait"], code: "too_big" }],
      },
    });
    const unknownField = await call("POST", `/api/v1/destinations/${destinationId}/runs`, {
      token: run,
      body: { fullResync: "yes", colour: "red" },
    });
    expect(unknownField.status).toBe(400);
    expect(
      (unknownField.body!.error as { issues: Array<{ path: unknown[] }> }).issues.map((issue) => issue.path),
    ).toEqual(expect.arrayContaining([["body", "fullResync"], ["body"]]));
    const huge = await call("POST", "/api/v1/destinations/import", {
      token: await token("ADMIN"),
      rawBody: JSON.stringify({ padding: "x".repeat(1_100_000) }),
    });
    expect(huge.body).toEqual({ error: { code: "VALIDATION", message: "The body is larger than 1024 KiB." } });
    const notJson = await call("POST", `/api/v1/destinations/${destinationId}/runs`, {
      token: run,
      rawBody: "{not json",
    });
    expect(notJson.body).toEqual({ error: { code: "VALIDATION", message: "The body is not valid JSON." } });
    const badLimit = await call("GET", `/api/v1/destinations/${destinationId}/runs?limit=0`, { token: run });
    expect(badLimit.body).toMatchObject({ error: { issues: [{ path: ["query", "limit"] }] } });
    // None of these queued a run.
    expect(await db.syncRun.count({ where: { destinationId } })).toBe(0);
  });

  test("a run token starts a sync through the worker's queue, waits for it, and reads its counts and problem rows page by page", async () => {
    const table = uniqueTable("api_orders");
    await seedOrders(sourceDb.adminUrl, table, { rows: 120 });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });
    const run = await token("RUN");

    const started = await call("POST", `/api/v1/destinations/${destinationId}/runs?wait=90`, { token: run });
    expect(started.status).toBe(200);
    const finished = runResponseSchema.parse(started.body).run;
    expect(started.headers.get("location")).toBe(`/api/v1/runs/${finished.id}`);
    expect(finished).toMatchObject({
      status: "PARTIAL",
      trigger: "API",
      triggeredByEmail: owner.email,
      counts: { read: 120, failed: 0 },
    });
    const c = finished.counts;
    expect(c.sent + c.invalid + c.alreadySent + c.stillInvalid + c.rejected + c.failed).toBe(120);
    expect(c.invalid).toBeGreaterThan(2);

    const read = await token("READ");
    const got = await call("GET", `/api/v1/runs/${finished.id}`, { token: read });
    expect(runResponseSchema.parse(got.body).run).toEqual(finished);

    // Problem rows, two per page, all of them once.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await call(
        "GET",
        `/api/v1/runs/${finished.id}/problems?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        { token: read },
      );
      const parsed = problemsPageSchema.parse(page.body);
      expect(parsed.problems.length).toBeLessThanOrEqual(2);
      seen.push(...parsed.problems.map((problem) => problem.id));
      cursor = parsed.nextCursor;
      pages += 1;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await db.syncProblem.count({ where: { runId: finished.id } }));
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(pages).toBe(Math.ceil(seen.length / 2));

    // Without waiting: 202 with the queued run; a second request while it is active is a 409.
    const queued = await call("POST", `/api/v1/destinations/${destinationId}/runs`, {
      token: run,
      body: { fullResync: false },
    });
    expect(queued.status).toBe(202);
    const second = runResponseSchema.parse(queued.body).run;
    expect(["QUEUED", "RUNNING"]).toContain(second.status);
    expect((await call("POST", `/api/v1/destinations/${destinationId}/runs`, { token: run })).status).toBe(409);
    const settled = await call("POST", `/api/v1/destinations/${destinationId}/runs?wait=0`, { token: run });
    expect(settled.status).toBe(409);
    // The listing pages through both runs, newest first.
    expect((await waitForRun(db, second.id, 90_000)).status).toBe("UP_TO_DATE");
    const first = runsPageSchema.parse(
      (await call("GET", `/api/v1/destinations/${destinationId}/runs?limit=1`, { token: read })).body,
    );
    expect(first.runs.map((one) => one.id)).toEqual([second.id]);
    const next = runsPageSchema.parse(
      (
        await call("GET", `/api/v1/destinations/${destinationId}/runs?limit=1&cursor=${first.nextCursor}`, {
          token: read,
        })
      ).body,
    );
    expect(next).toEqual({ runs: [expect.objectContaining({ id: finished.id })], nextCursor: null });

    // Starting a run is audited with the token; the token's last use is recorded.
    const audit = await db.auditEvent.findMany({
      where: { action: "run.start", targetId: { in: [finished.id, second.id] } },
    });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: owner.id, details: { via: "api", destinationId } });
    const used = await db.apiToken.findMany({
      where: { id: { in: [(audit[0]!.details as { tokenId: string }).tokenId] } },
    });
    expect(used[0]?.lastUsedAt).not.toBeNull();
  });

  test("a wait that passes before the run ends answers 202 with the run as it stands, which then finishes on its own", async () => {
    const table = uniqueTable("api_slow_orders");
    await seedOrders(sourceDb.adminUrl, table, { rows: 40 });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });
    const control = createStandinControl(standin.url);
    // X answers each batch after 4 s: the run outlasts a 1 s wait.
    await control.addFault({ kind: "slow", probability: 1, pathIncludes: "/measurement/conversions", delayMs: 4_000 });
    try {
      const before = Date.now();
      const answer = await call("POST", `/api/v1/destinations/${destinationId}/runs`, {
        token: await token("RUN"),
        body: { wait: 1 },
      });
      const took = Date.now() - before;
      expect(answer.status).toBe(202);
      expect(took).toBeGreaterThanOrEqual(1_000);
      expect(took).toBeLessThan(4_000);
      const { run } = runResponseSchema.parse(answer.body);
      expect(["QUEUED", "RUNNING"]).toContain(run.status);
      expect((await waitForRun(db, run.id, 60_000)).status).toBe("PARTIAL");
    } finally {
      await control.clearFaults();
    }
  });

  test("an admin token exports a destination without secrets and imports it back as a draft", async () => {
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: "SELECT * FROM nowhere",
    });
    const admin = await token("ADMIN");
    const exported = await call("GET", `/api/v1/destinations/${destinationId}/export`, { token: admin });
    expect(exported.status).toBe(200);
    const file = destinationExportSchema.parse(exported.body);
    const text = JSON.stringify(exported.body);
    expect(text).not.toContain(sourceDb.readerUrl);
    expect(text).not.toContain(DEMO_ACCESS_TOKENS.admin.token);
    expect(text).not.toContain(DEMO_ACCESS_TOKENS.admin.secret);

    const imported = await call("POST", "/api/v1/destinations/import", { token: admin, body: file });
    expect(imported.status).toBe(201);
    const { destination } = importResultSchema.parse(imported.body);
    expect(destination.name).toBe(`${file.destination.name} (imported)`);
    expect(await db.destination.findUniqueOrThrow({ where: { id: destination.id } })).toMatchObject({
      status: "DRAFT",
      pixelId: file.destination.pixelId,
    });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "destination.import", targetId: destination.id },
    });
    expect(audit).toMatchObject({ actorId: owner.id, details: { via: "api" } });
    expect(await db.auditEvent.count({ where: { action: "destination.export", targetId: destinationId } })).toBe(1);
  });

  test("a token never does more than its creator may now: a demoted owner's admin token cannot export; a disabled one's is refused", async () => {
    const other = await seedUser("OWNER", "demoted");
    const admin = await token("ADMIN", other);
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: "SELECT 1",
    });
    expect((await call("GET", `/api/v1/destinations/${destinationId}/export`, { token: admin })).status).toBe(200);
    await db.user.update({ where: { id: other.id }, data: { role: "VIEWER" } });
    const refused = await call("GET", `/api/v1/destinations/${destinationId}/export`, { token: admin });
    expect(refused.body).toEqual({
      error: {
        code: "FORBIDDEN",
        message: "This token's creator is now a viewer, who may not do this; the token may do no more than they can.",
      },
    });
    expect((await call("POST", `/api/v1/destinations/${destinationId}/runs`, { token: admin })).status).toBe(403);
    expect((await call("GET", `/api/v1/destinations/${destinationId}/runs`, { token: admin })).status).toBe(200);
    await db.user.update({ where: { id: other.id }, data: { disabledAt: new Date() } });
    expect(describeCall(await call("GET", `/api/v1/destinations/${destinationId}/runs`, { token: admin }))).toBe(
      "401 UNAUTHENTICATED",
    );
  });

  test(`each token gets ${RATE_LIMIT} requests a minute, counted in PostgreSQL for every process; then 429 with Retry-After`, async () => {
    // A burst that straddles a minute boundary would be counted in two windows: start it in a fresh one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    const limited = await token("READ");
    const other = await token("READ");
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i++)
      statuses.push((await call("GET", "/api/v1/runs/none", { token: limited })).status);
    expect(new Set(statuses)).toEqual(new Set([404]));
    const refused = await call("GET", "/api/v1/runs/none", { token: limited });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: "RATE_LIMITED" } });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another process (its own database pool) sees the same count...
    const elsewhere = createDb(url, { max: 1 });
    try {
      await expect(
        authenticateApiToken(elsewhere, `Bearer ${limited}`, "READ", { requests: RATE_LIMIT, windowSeconds: 60 }),
      ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      await elsewhere.$disconnect();
    }
    // ...and other tokens are not held back.
    expect((await call("GET", "/api/v1/runs/none", { token: other })).status).toBe(404);
    // In the next window the token works again.
    const later = new Date(Date.now() + 60_000);
    await expect(
      authenticateApiToken(db, `Bearer ${limited}`, "READ", { requests: RATE_LIMIT, windowSeconds: 60 }, later),
    ).resolves.toMatchObject({ scope: "READ" });
  });

  test("the OpenAPI document is served without a token", async () => {
    const document = await call("GET", "/api/v1/openapi.json");
    expect(document.status).toBe(200);
    expect(document.body).toMatchObject({
      openapi: "3.1.0",
      paths: { "/api/v1/runs/{id}": { get: { operationId: "getRun" } } },
    });
  });
});
