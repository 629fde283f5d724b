import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { findUserByEmail, seedApiToken, seedUser, withDb } from "./support/db";
import {
  ACTIONS,
  API_SCOPE_ROWS,
  CALLERS,
  METHODS,
  MISSING_ID,
  actionResultOf,
  builtActions,
  builtRoutes,
  describeActionResult,
  describeResponse,
  isLetIn,
  postServerAction,
  routeTable,
  scopeLetsIn,
  TOKEN_SCOPES,
  type BuiltAction,
  type Caller,
  type Outcome,
} from "./support/role-matrix";
import { callServerAction, signIn } from "./support/session";
import { seedCsvSource, seedPostgresSource, sourceRow } from "./support/sources";

// Security checks as tests (issue 8): every server action and route handler against every kind
// of caller, from the table in support/role-matrix.ts; requests from foreign origins; and the
// security headers. Each probe is an input that cannot change anything, so the matrix can be
// run against any role without side effects.

interface Callers {
  request: Record<Caller, APIRequestContext>;
  email: Partial<Record<Caller, string>>;
  close(): Promise<void>;
}

/** One browser context per kind of caller: signed out, and each role signed in through the form. */
async function openCallers(browser: Browser, baseURL: string): Promise<Callers> {
  const contexts: BrowserContext[] = [];
  const request = {} as Record<Caller, APIRequestContext>;
  const email: Partial<Record<Caller, string>> = {};
  for (const caller of CALLERS) {
    const context = await browser.newContext({ baseURL });
    contexts.push(context);
    if (caller !== "signed out") {
      const user = await seedUser(caller, `matrix-${caller.toLowerCase()}`);
      await signIn(await context.newPage(), user.email, user.password);
      email[caller] = user.email;
    }
    request[caller] = context.request;
  }
  return { request, email, close: async () => void (await Promise.all(contexts.map((context) => context.close()))) };
}

const baseUrlOf = (use: { baseURL?: string }) => use.baseURL!;
const matching = (outcome: Outcome) => (typeof outcome === "string" ? outcome : expect.stringMatching(outcome));
const key = (file: string, name: string) => `${file} ${name}`;

function builtAction(name: string): BuiltAction {
  const found = builtActions().filter((action) => action.name === name);
  expect(found, `exactly one server action named ${name}`).toHaveLength(1);
  return found[0]!;
}

test("the matrix lists every server action and every route handler in this build, and nothing more", () => {
  const built = builtActions();
  // A new action fails here until its row says who may call it.
  expect(built.map((action) => key(action.file, action.name)).sort()).toEqual(
    ACTIONS.map((row) => key(row.file, row.name)).sort(),
  );
  // callServerAction finds actions by exported name alone, so names must not repeat.
  expect(new Set(built.map((action) => action.name)).size).toBe(built.length);
  // ...and callServerAction reads only the Node runtime's actions: an Edge one would go unprobed.
  expect(built.every((action) => action.runtime === "node")).toBe(true);

  expect(builtRoutes()).toEqual(
    routeTable("")
      .map((row) => row.route)
      .sort(),
  );
});

test.describe("who may do what", () => {
  let callers: Callers;
  test.beforeAll(async ({ browser }, testInfo) => {
    callers = await openCallers(browser, baseUrlOf(testInfo.project.use));
  });
  test.afterAll(async () => {
    await callers?.close();
  });

  test("every server action lets in exactly the roles its row names (the server itself, not a hidden button)", async () => {
    const built = new Map(builtActions().map((action) => [key(action.file, action.name), action]));
    const expected: Record<string, Record<Caller, string>> = {};
    const actual: Record<string, Record<Caller, string>> = {};
    for (const row of ACTIONS) {
      const action = built.get(key(row.file, row.name));
      if (!action) throw new Error(`${row.name} is in the matrix but not in this build`);
      const rowKey = `${row.name} (${row.minRole})`;
      expected[rowKey] = {} as Record<Caller, string>;
      actual[rowKey] = {} as Record<Caller, string>;
      for (const caller of CALLERS) {
        expected[rowKey][caller] = isLetIn(caller, row.minRole)
          ? `VALIDATION of ${row.emptyInputField}`
          : caller === "signed out"
            ? "UNAUTHENTICATED"
            : "FORBIDDEN";
        // An empty input: refused by the schema at the latest, so nothing can change.
        const call = await callServerAction(callers.request[caller], action.page, row.name, [null, {}]);
        expect(call.status, `${row.name} as ${caller}`).toBe(200);
        actual[rowKey][caller] = describeActionResult(actionResultOf(call.body), row.emptyInputField);
      }
    }
    expect(actual).toEqual(expected);
  });

  test("the calls above are well formed: the same request with a real input reaches the action", async () => {
    // A viewer may preview a source: with an id that exists nowhere, the action itself answers.
    const preview = await callServerAction(
      callers.request.VIEWER,
      builtAction("previewSourceAction").page,
      "previewSourceAction",
      [null, { sourceId: MISSING_ID }],
    );
    expect(actionResultOf(preview.body)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    // An editor renames a source: done, in the database.
    const source = await seedPostgresSource();
    const renamed = `Renamed ${randomUUID().slice(0, 6)}`;
    const rename = await callServerAction(
      callers.request.EDITOR,
      builtAction("renameSourceAction").page,
      "renameSourceAction",
      [null, { sourceId: source.id, name: renamed }],
    );
    expect(actionResultOf(rename.body)).toMatchObject({ ok: true });
    expect((await sourceRow(source.id))?.name).toBe(renamed);
  });

  test("the first-owner action takes no session but refuses everyone once Sluice has a user", async () => {
    const action = builtAction("createOwnerAction");
    for (const caller of CALLERS) {
      const email = `second-owner-${caller.replace(" ", "-").toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
      const password = "second-owner-password";
      const call = await callServerAction(callers.request[caller], action.page, action.name, [
        null,
        { name: "Mallory", email, password, confirmPassword: password },
      ]);
      expect(actionResultOf(call.body), caller).toMatchObject({ ok: false, code: "CONFLICT" });
      expect(await findUserByEmail(email)).toBeNull();
    }
  });

  test("every route handler answers each role as its row says; the methods it does not export answer 405", async () => {
    const rows = routeTable(process.env.SLUICE_E2E_STANDIN_URL!);
    const expected: Record<string, Record<Caller, unknown>> = {};
    const actual: Record<string, Record<Caller, string>> = {};
    for (const row of rows) {
      const rowKey = `${row.probe.method} ${row.route} (${row.minRole})`;
      expected[rowKey] = {} as Record<Caller, unknown>;
      actual[rowKey] = {} as Record<Caller, string>;
      for (const caller of CALLERS) {
        const outcome = isLetIn(caller, row.minRole)
          ? row.allowed
          : caller === "signed out"
            ? row.signedOut
            : row.belowRole;
        if (outcome === undefined) throw new Error(`${row.route}: the matrix says nothing about a ${caller} caller`);
        expected[rowKey][caller] = matching(outcome);
        const response = await callers.request[caller].fetch(row.probe.path, {
          method: row.probe.method,
          headers: row.probe.headers,
          data: row.probe.data,
          maxRedirects: 0,
        });
        actual[rowKey][caller] = await describeResponse(response);
      }
      for (const method of METHODS.filter((candidate) => !row.methods.includes(candidate))) {
        const response = await callers.request.OWNER.fetch(row.probe.path, { method, maxRedirects: 0 });
        expect(response.status(), `${method} ${row.route}`).toBe(405);
      }
    }
    expect(actual).toEqual(expected);

    // next-auth's session endpoint is public, and tells each caller only about themselves.
    for (const caller of CALLERS) {
      const session = (await (await callers.request[caller].get("/api/auth/session")).json()) as {
        user?: { email?: string };
      };
      if (caller === "signed out") expect(session).toEqual({});
      else expect(session.user?.email).toBe(callers.email[caller]);
    }
  });
});

test("every /api/v1 operation lets in exactly the token scopes its row names; no, revoked and expired tokens get 401", async ({
  request,
}) => {
  const owner = await seedUser("OWNER", "matrix-api-owner");
  const draft = randomUUID();
  await withDb((client) =>
    client.query(
      `INSERT INTO "Destination" (id, name, status, "updatedAt") VALUES ($1, 'Token matrix draft', 'DRAFT', now())`,
      [draft],
    ),
  );
  const tokens: Record<string, string | null> = {
    "no token": null,
    revoked: await seedApiToken(owner.id, "ADMIN", { revoked: true }),
    expired: await seedApiToken(owner.id, "ADMIN", { expiresAt: new Date(Date.now() - 60_000) }),
    read: await seedApiToken(owner.id, "READ"),
    run: await seedApiToken(owner.id, "RUN"),
    admin: await seedApiToken(owner.id, "ADMIN"),
  };
  const expected: Record<string, Record<string, unknown>> = {};
  const actual: Record<string, Record<string, string>> = {};
  for (const row of API_SCOPE_ROWS) {
    const rowKey = `${row.probe.method} ${row.route} (${row.scope})`;
    expected[rowKey] = {};
    actual[rowKey] = {};
    for (const [caller, token] of Object.entries(tokens)) {
      const scope = TOKEN_SCOPES.find((candidate) => candidate === caller);
      expected[rowKey][caller] = !scope
        ? "401 UNAUTHENTICATED"
        : scopeLetsIn(scope, row.scope)
          ? matching(row.allowed)
          : "403 FORBIDDEN";
      const response = await request.fetch(row.probe.path.replace("{draft}", draft), {
        method: row.probe.method,
        headers: { ...row.probe.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        data: row.probe.data,
        maxRedirects: 0,
      });
      actual[rowKey][caller] = await describeResponse(response);
    }
  }
  expect(actual).toEqual(expected);
  // Every API route in the build has its token rows.
  expect([...new Set(API_SCOPE_ROWS.map((row) => row.route)), "/api/v1/openapi.json"].sort()).toEqual(
    builtRoutes().filter((route) => route.startsWith("/api/v1/")),
  );
  const runs = await withDb(
    async (client) =>
      (await client.query(`SELECT count(*)::int AS n FROM "SyncRun" WHERE "destinationId" = $1`, [draft])).rows[0]
        .n as number,
  );
  expect(runs).toBe(0);
});

test.describe("requests from another site", () => {
  let owner: BrowserContext;
  let origin: string;
  test.beforeAll(async ({ browser }, testInfo) => {
    origin = new URL(baseUrlOf(testInfo.project.use)).origin;
    owner = await browser.newContext({ baseURL: origin });
    const user = await seedUser("OWNER", "matrix-csrf-owner");
    await signIn(await owner.newPage(), user.email, user.password);
  });
  test.afterAll(async () => {
    await owner?.close();
  });

  test("a server action posted from a foreign Origin is refused before it runs, even for a signed-in owner", async () => {
    const action = builtAction("renameSourceAction");
    const source = await seedPostgresSource();
    const foreignPort = Number(new URL(origin).port) + 1;
    for (const foreign of ["https://evil.example", "null", `http://127.0.0.1:${foreignPort}`]) {
      const call = await postServerAction(
        owner.request,
        action,
        [null, { sourceId: source.id, name: `Hijacked ${foreign}` }],
        foreign,
      );
      // Next compares Origin with Host and aborts the action: a 500 with no action result.
      expect(call.status, foreign).toBe(500);
      expect(call.result, foreign).toBeNull();
      expect((await sourceRow(source.id))?.name).toBe(source.name);
    }
    // Next believes X-Forwarded-Host when comparing; with no trusted proxy the server drops a
    // client's, so naming the foreign host in it does not make the foreign Origin ours.
    const forged = await postServerAction(
      owner.request,
      action,
      [null, { sourceId: source.id, name: "Hijacked via X-Forwarded-Host" }],
      "https://evil.example",
      { "X-Forwarded-Host": "evil.example" },
    );
    expect(forged.result).toBeNull();
    expect((await sourceRow(source.id))?.name).toBe(source.name);
    // The very same request from Sluice's own origin goes through, so only the Origin was refused.
    const renamed = `Renamed ${randomUUID().slice(0, 6)}`;
    const own = await postServerAction(owner.request, action, [null, { sourceId: source.id, name: renamed }], origin);
    expect(own.status).toBe(200);
    expect(own.result).toMatchObject({ ok: true });
    expect((await sourceRow(source.id))?.name).toBe(renamed);
  });

  test("CSV uploads from a foreign Origin are refused and store nothing", async () => {
    const name = `Cross-site ${randomUUID().slice(0, 6)}`;
    const upload = (requestOrigin: string, extraHeaders: Record<string, string> = {}) =>
      owner.request.post(`/api/sources/csv?name=${encodeURIComponent(name)}`, {
        headers: {
          ...extraHeaders,
          "X-Sluice-Filename": "orders.csv",
          "Content-Type": "text/csv",
          Origin: requestOrigin,
        },
        data: "order_id,email\n1,a@example.com\n",
      });
    const sourcesNamed = () =>
      withDb(async (client) => (await client.query(`SELECT id FROM "Source" WHERE name = $1`, [name])).rowCount);
    const refused = await upload("https://evil.example");
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await sourcesNamed()).toBe(0);
    // X-Forwarded-Host is believed only behind trusted proxies (SLUICE_TRUSTED_PROXIES, 0 here):
    // a client naming the foreign host in it is refused all the same.
    for (const forwarded of ["evil.example", `evil.example, ${new URL(origin).host}`]) {
      const forged = await upload("https://evil.example", { "X-Forwarded-Host": forwarded });
      expect(forged.status(), forwarded).toBe(403);
      expect(await sourcesNamed(), forwarded).toBe(0);
    }
    const accepted = await upload(origin);
    expect(accepted.status()).toBe(201);
    expect(await sourcesNamed()).toBe(1);

    const csv = await seedCsvSource({ csv: "order_id,email\n1,a@example.com\n" });
    const replace = (requestOrigin: string) =>
      owner.request.post(`/api/sources/${csv.id}/csv`, {
        headers: { "X-Sluice-Filename": "v2.csv", "Content-Type": "text/csv", Origin: requestOrigin },
        data: "order_id,email\n2,b@example.com\n",
      });
    const refusedVersion = await replace("https://evil.example");
    expect(refusedVersion.status()).toBe(403);
    expect((await sourceRow(csv.id))?.csvFileId).toBe(csv.fileId);
    const acceptedVersion = await replace(origin);
    expect(acceptedVersion.status()).toBe(200);
    expect((await sourceRow(csv.id))?.csvFileId).not.toBe(csv.fileId);
  });

  test("the session cookie stays home, and next-auth ignores a sign-out without its CSRF token", async ({
    browser,
  }) => {
    const session = (await owner.cookies()).find((cookie) => cookie.name.endsWith("next-auth.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    const context = await browser.newContext({ baseURL: origin });
    const user = await seedUser("EDITOR", "matrix-signout");
    await signIn(await context.newPage(), user.email, user.password);
    const signedInAs = async () =>
      ((await (await context.request.get("/api/auth/session")).json()) as { user?: { email?: string } }).user?.email;
    const signOut = (form: Record<string, string>) =>
      context.request.post("/api/auth/signout", { headers: { Origin: "https://evil.example" }, form, maxRedirects: 0 });

    await signOut({ callbackUrl: "https://evil.example/" });
    expect(await signedInAs()).toBe(user.email);
    // With next-auth's CSRF token (which a foreign page cannot read) the same request signs out.
    const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await signOut({ callbackUrl: "https://evil.example/", csrfToken });
    expect(await signedInAs()).toBeUndefined();
    await context.close();
  });
});

test("pages and API responses carry the security headers", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ baseURL: baseUrlOf(testInfo.project.use) });
  const owner = await seedUser("OWNER", "matrix-headers");
  await signIn(await context.newPage(), owner.email, owner.password);
  const anonymous = await browser.newContext({ baseURL: baseUrlOf(testInfo.project.use) });
  const responses = [
    ["signed-out page /sign-in", await anonymous.request.get("/sign-in")],
    ["owner's page /destinations", await context.request.get("/destinations")],
    ["route handler /api/health", await anonymous.request.get("/api/health")],
  ] as const;
  for (const [what, response] of responses) {
    expect(response.status(), what).toBe(200);
    const headers = response.headers();
    const csp = new Map(
      (headers["content-security-policy"] ?? "")
        .split(";")
        .map((directive) => directive.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name!, values.join(" ")]),
    );
    expect(csp.get("frame-ancestors"), what).toBe("'none'");
    expect(csp.get("default-src"), what).toBe("'self'");
    expect(csp.get("object-src"), what).toBe("'none'");
    expect(csp.get("base-uri"), what).toBe("'self'");
    expect(csp.get("form-action"), what).toBe("'self'");
    expect(csp.get("script-src"), what).not.toContain("unsafe-eval");
    expect(headers["x-frame-options"], what).toBe("DENY");
    expect(headers["x-content-type-options"], what).toBe("nosniff");
    expect(headers["referrer-policy"], what).toBe("same-origin");
    expect(headers["x-powered-by"], what).toBeUndefined();
  }
  await context.close();
  await anonymous.close();
});
