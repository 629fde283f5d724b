import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { afterEach, afterAll, beforeAll, beforeEach, describe, expect, inject, test, vi } from "vitest";
import { createSecretBox } from "../../crypto/secret-box";
import { createDb, type Db } from "../../db/client";
import { detectDatabaseProfile } from "../../db/database-profile";
import { parseActionInput } from "../../server/action-input";
import { toActionError, type ActionResult } from "../../errors";
import { getSource } from "../get-source";
import { createPostgresSource, updatePostgresSource } from "../manage-sources";
import { previewSource, testSourceConnection } from "../preview-source";
import {
  createPostgresSourceSchema,
  previewSourceSchema,
  sourceIdSchema,
  updatePostgresSourceSchema,
} from "../source-schemas";
import { freePort } from "../../testing/free-port";
import { sourceDatabase } from "../../testing/source-database";

// A source's password, whatever goes wrong with the source, reaches neither the person (the
// action's result, field errors included) nor the logs (anything written to the console), nor
// the audit log, nor the redacted copy kept for display. manage-sources.int.test.ts and
// postgres-query-source.int.test.ts check single messages; this goes through what the server
// actions do, for each way a source can fail.

const url = inject("databaseUrl");
// What the sources connect to: the run's source database, as its read-only user.
const sourceUrl = sourceDatabase().readerUrl;
// The embedded PGlite ignores statement_timeout.
const checksTimeouts = !(await detectDatabaseProfile(sourceUrl)).singleBackend;
const tag = randomBytes(4).toString("hex");
const box = createSecretBox(randomBytes(32));
const PASSWORD = `Pg-Src-${tag}-s3cr3t`;
const ENCODED_PASSWORD = `p@ss/w0rd:${tag}`;
let db: Db;
let actor: { id: string; email: string };
let refusedPort: number;
let checksLogins = true;

const logged: string[] = [];
beforeEach(() => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) =>
        void logged.push(
          args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg))).join(" "),
        ),
    );
  }
});
afterEach(() => vi.restoreAllMocks());

beforeAll(async () => {
  db = createDb(url, { max: 3 });
  const user = await db.user.create({
    data: { email: `pw-${tag}@example.com`, name: "Editor", passwordHash: "x", role: "EDITOR" },
  });
  actor = { id: user.id, email: user.email };
  refusedPort = await freePort();
  // The embedded PGlite accepts any user, so the login case needs a real server.
  checksLogins = await createPostgresSource(
    db,
    actor,
    {
      name: `probe ${tag}`,
      connectionString: connectionString({ user: `sluice_nobody_${tag}` }),
      query: "SELECT 1",
      statementTimeoutSeconds: 5,
    },
    { secretBox: box },
  ).then(
    () => false,
    () => true,
  );
});
afterAll(() => db?.$disconnect());

function connectionString(
  options: { user?: string; password?: string; port?: number; host?: string; asParameter?: boolean } = {},
): string {
  const target = new URL(sourceUrl);
  if (options.user) target.username = options.user;
  if (options.host) target.hostname = options.host;
  if (options.port) target.port = String(options.port);
  if (options.asParameter) target.searchParams.set("password", options.password ?? PASSWORD);
  else target.password = encodeURIComponent(options.password ?? PASSWORD);
  return target.toString();
}

async function act<S extends z.ZodType, R>(
  schema: S,
  input: Record<string, unknown>,
  handler: (data: z.output<S>) => Promise<R>,
): Promise<ActionResult<R>> {
  try {
    return { ok: true, data: await handler(parseActionInput(schema, input)) };
  } catch (error) {
    return toActionError(error);
  }
}

/** The password in every form it could be quoted in. */
const formsOf = (password: string) => [password, encodeURIComponent(password), password.slice(0, -2)];

async function expectNowhere(password: string, result: ActionResult<unknown>, sourceName?: string): Promise<void> {
  const shown = JSON.stringify(result);
  const audit = JSON.stringify(await db.auditEvent.findMany({ where: { actorId: actor.id } }));
  for (const form of formsOf(password)) {
    expect(shown, "in the action's result").not.toContain(form);
    expect(
      logged.filter((line) => line.includes(form)),
      "in the logs",
    ).toEqual([]);
    expect(audit, "in the audit log").not.toContain(form);
  }
  if (sourceName) expect(await db.source.count({ where: { name: sourceName } })).toBe(0);
}

describe("creating a source that fails: the password is in no message and no log", () => {
  const cases: Array<[string, () => Record<string, string>, RegExp, string, string?]> = [
    [
      "a refused port",
      () => ({ connectionString: connectionString({ port: refusedPort }) }),
      /^Could not connect to 127\.0\.0\.1:\d+\./,
      "connectionString",
    ],
    // A source connection string may carry no parameter but sslmode or ssl: refused by its name.
    [
      "a refused port, password as a parameter",
      () => ({ connectionString: connectionString({ port: refusedPort, asParameter: true }) }),
      /The parameter "password" is not supported/,
      "connectionString",
    ],
    [
      "an unknown host",
      () => ({ connectionString: connectionString({ host: "sluice-no-such-host.invalid" }) }),
      /^Could not connect to sluice-no-such-host\.invalid:\d+\./,
      "connectionString",
    ],
    [
      "a percent-encoded password",
      () => ({ connectionString: connectionString({ port: refusedPort, password: ENCODED_PASSWORD }) }),
      /^Could not connect to 127\.0\.0\.1:\d+\./,
      "connectionString",
      ENCODED_PASSWORD,
    ],
    [
      "a syntax error in the query",
      () => ({ query: "SELECT id,\nFROM orders" }),
      /Syntax error at or near "FROM"/,
      "query",
    ],
    // The server quotes the query back; a password pasted into it is masked there too.
    [
      "the password pasted into the query",
      () => ({ query: `SELECT "${PASSWORD}" FROM (SELECT 1) t` }),
      /column .* does not exist/i,
      "query",
    ],
    [
      "a query past its time limit",
      () => ({ query: "SELECT pg_sleep(3)", statementTimeoutSeconds: "1" }),
      /longer than the 1-second limit/,
      "query",
    ],
  ];

  test.for(cases)("%s", async ([what, override, message, field, password = PASSWORD], { skip }) => {
    skip(what === "a query past its time limit" && !checksTimeouts, "the embedded PGlite ignores statement_timeout");
    const name = `Failing ${tag} ${Math.random().toString(36).slice(2, 8)}`;
    const input = {
      name,
      connectionString: connectionString(),
      query: "SELECT 1 AS a",
      statementTimeoutSeconds: "5",
      ...override(),
    };
    const result = await act(createPostgresSourceSchema, input, (data) =>
      createPostgresSource(db, actor, data, { secretBox: box }),
    );
    expect(result).toMatchObject({
      ok: false,
      code: "VALIDATION",
      fieldErrors: { [field]: [expect.stringMatching(message)] },
    });
    await expectNowhere(password, result, name);
  });

  test("a login the server refuses names the user, not the password", async ({ skip }) => {
    skip(!checksLogins, "the embedded PGlite accepts any user and password");
    const name = `Ghost ${tag}`;
    const input = {
      name,
      connectionString: connectionString({ user: `sluice_ghost_${tag}` }),
      query: "SELECT 1",
      statementTimeoutSeconds: "5",
    };
    const result = await act(createPostgresSourceSchema, input, (data) =>
      createPostgresSource(db, actor, data, { secretBox: box }),
    );
    expect(result).toMatchObject({
      ok: false,
      code: "VALIDATION",
      fieldErrors: { connectionString: [expect.stringContaining(`did not let user "sluice_ghost_${tag}" log in`)] },
    });
    await expectNowhere(PASSWORD, result, name);
  });

  test("a connection string the form refuses is not quoted back", async () => {
    for (const bad of [
      `postgresql://app:${PASSWORD}@[bad`,
      `postgresql://app:${PASSWORD}@db:99999/shop`,
      `mysql://app:${PASSWORD}@db/shop`,
      `postgresql://app:${PASSWORD}\u0000@db/shop`,
    ]) {
      const result = await act(
        createPostgresSourceSchema,
        { name: `Refused ${tag}`, connectionString: bad, query: "SELECT 1" },
        () => Promise.resolve(null),
      );
      expect(result).toMatchObject({
        ok: false,
        code: "VALIDATION",
        fieldErrors: { connectionString: [expect.any(String)] },
      });
      await expectNowhere(PASSWORD, result);
    }
  });
});

describe("a saved source that later fails", () => {
  test("test, preview and edit of a source whose server refuses: no password anywhere, and the saved copy is masked", async () => {
    // Saved while it worked (the test server trusts local logins, so the password is ignored).
    const saved = await act(
      createPostgresSourceSchema,
      {
        name: `Saved ${tag}`,
        connectionString: connectionString(),
        query: "SELECT 1 AS a",
        statementTimeoutSeconds: "5",
      },
      (data) => createPostgresSource(db, actor, data, { secretBox: box }),
    );
    if (!saved.ok) throw new Error(saved.message);
    const sourceId = saved.data.id;
    const row = await db.source.findUniqueOrThrow({ where: { id: sourceId } });
    expect(row.connectionStringSealed).not.toContain(PASSWORD);
    expect(row.connectionStringRedacted).toContain(":•••@");
    expect(row.connectionStringRedacted).not.toContain(PASSWORD);
    expect(JSON.stringify(await getSource(db, sourceId))).not.toContain(PASSWORD);

    const attempts = async () => {
      const tested = await act(sourceIdSchema, { sourceId }, (data) =>
        testSourceConnection(db, data.sourceId, { secretBox: box }),
      );
      const previewed = await act(previewSourceSchema, { sourceId }, (data) =>
        previewSource(db, data.sourceId, { secretBox: box }),
      );
      const edited = await act(
        updatePostgresSourceSchema,
        { sourceId, name: `Saved ${tag}`, connectionString: "", query: "SELECT 2 AS b", statementTimeoutSeconds: "5" },
        (data) => updatePostgresSource(db, actor, data, { secretBox: box }),
      );
      return [tested, previewed, edited];
    };

    // Then its server goes away.
    await db.source.update({
      where: { id: sourceId },
      data: { connectionStringSealed: box.seal(connectionString({ port: refusedPort })) },
    });
    for (const result of await attempts()) {
      expect(result).toMatchObject({
        ok: false,
        code: "VALIDATION",
        message: expect.stringMatching(/^Could not connect to 127\.0\.0\.1:\d+\./),
      });
      await expectNowhere(PASSWORD, result);
    }
    // A string saved by an earlier version with the password as a parameter, which a source
    // connection string may no longer carry: refused by the parameter's name, its value unsaid.
    await db.source.update({
      where: { id: sourceId },
      data: { connectionStringSealed: box.seal(connectionString({ port: refusedPort, asParameter: true })) },
    });
    for (const result of await attempts()) {
      expect(result).toMatchObject({
        ok: false,
        code: "VALIDATION",
        message: expect.stringContaining('The parameter "password" is not supported'),
      });
      await expectNowhere(PASSWORD, result);
    }
    expect((await db.source.findUniqueOrThrow({ where: { id: sourceId } })).query).toBe("SELECT 1 AS a");
  });
});
