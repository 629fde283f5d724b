import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withPg } from "@/lib/sync/sync-test-harness";
import { asUser, sourceDatabase, testSourceGuard } from "@/lib/testing/source-database";
import { openReadOnlyCursor } from "./open-read-only-cursor";
import { createPostgresQuerySource } from "./postgres-query-source";
import { parseSourceConnectionString } from "./source-connection-config";
import { SourceError } from "../source-error";
import type { SourceGuard } from "./source-guard";

// What postgres-query-source.int.test.ts does not already try: more ways for a source query to
// write (DDL after a semicolon, writes hidden in functions, COPY to a program, large objects,
// set_config), each against the real server, checking afterwards that nothing changed; and a
// query that switches its own time limit off.
//
// Each is tried as the two most powerful users a source can read with, so that the read-only
// transaction is what refuses the write, not a missing privilege: a superuser in the demo
// sandbox (the embedded demo database's one user is a superuser, and the role checks are skipped
// for it alone: source-guard.ts), and elsewhere a user that owns the table and its sequence and
// may create tables, which the role checks let through.

const sourceDb = sourceDatabase();
const adminUrl = sourceDb.adminUrl;
const suffix = randomBytes(4).toString("hex");
const table = `sluice_ro_${suffix}`;
const owner = `sluice_ro_owner_${suffix}`;
// The embedded PGlite has one user, so the second one only exists on a real server.
const oneUserOnly = sourceDb.readerUrl === adminUrl;

const withClient = <T>(work: (client: pg.Client) => Promise<T>) => withPg(adminUrl, work);

async function errorOf(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}

/** Everything a write could change: the rows, the table's shape, the sequence, large objects,
 * the database's settings. */
async function fingerprint(): Promise<unknown> {
  return withClient(async (client) => {
    const { rows } = await client.query(
      `SELECT (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM ${table} t) AS rows,
              (SELECT string_agg(attname || ':' || atttypid::regtype::text, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attnum > 0 AND NOT attisdropped) AS shape,
              (SELECT last_value FROM ${table}_seq) AS seq,
              (SELECT count(*)::int FROM pg_largeobject_metadata) AS large_objects,
              (SELECT count(*)::int FROM pg_class WHERE relname LIKE '${table}%') AS relations,
              (SELECT count(*)::int FROM pg_db_role_setting) AS settings,
              current_setting('default_transaction_read_only') AS read_only_default`,
    );
    return rows[0];
  });
}

let before: unknown;
let guard: SourceGuard;

beforeAll(async () => {
  guard = await testSourceGuard();
  await withClient(async (client) => {
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, email text)`);
    await client.query(`INSERT INTO ${table} VALUES (1, 'ana@example.com'), (2, 'bo@example.com')`);
    await client.query(`CREATE SEQUENCE ${table}_seq`);
    if (!oneUserOnly) {
      await client.query(`CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION`);
      await client.query(
        `ALTER TABLE ${table} OWNER TO ${owner}; ALTER SEQUENCE ${table}_seq OWNER TO ${owner}; GRANT CREATE ON SCHEMA public TO ${owner}`,
      );
    }
  });
  before = await fingerprint();
});

afterAll(async () => {
  await withClient(async (client) => {
    await client.query(
      `DROP TABLE IF EXISTS ${table}; DROP SEQUENCE IF EXISTS ${table}_seq; DROP TABLE IF EXISTS ${table}_new`,
    );
    if (!oneUserOnly) await client.query(`DROP OWNED BY ${owner}; DROP ROLE ${owner}`);
  });
});

interface SourceUser {
  connectionString: string;
  guard: () => SourceGuard;
}

const sandbox = new URL(adminUrl);
const superuserInSandbox: SourceUser = {
  connectionString: adminUrl,
  guard: () => ({ ...guard, sandbox: { host: sandbox.hostname, port: Number(sandbox.port || 5432) } }),
};
const tableOwner: SourceUser = { connectionString: asUser(sourceDb.readerUrl, owner), guard: () => guard };
const users: Array<[string, SourceUser]> = [
  ["a superuser of the demo sandbox", superuserInSandbox],
  ...(oneUserOnly ? [] : [["the table's owner", tableOwner] as [string, SourceUser]]),
];

describe.each(users)("as %s", (_who, user) => {
  const source = (query: string, statementTimeoutMs = 5_000) =>
    createPostgresQuerySource({
      connectionString: user.connectionString,
      query,
      statementTimeoutMs,
      guard: user.guard(),
    });

  describe("a source query cannot write", () => {
    test.each([
      // Smuggled after a semicolon, with comments in the way.
      [`SELECT 1; DROP TABLE ${table}`, "multiple_statements"],
      [`SELECT 1 /* ; */; -- gone\n DROP TABLE ${table}`, "multiple_statements"],
      [`VALUES (1); TRUNCATE ${table}`, "multiple_statements"],
      [`SELECT 1; ALTER TABLE ${table} ADD COLUMN x int`, "multiple_statements"],
      // Data-modifying CTEs other than DELETE, and a WITH that ends in a write.
      [`WITH changed AS (UPDATE ${table} SET email = 'x' RETURNING *) SELECT * FROM changed`, "read_only"],
      [`WITH added AS (INSERT INTO ${table} VALUES (3, 'c') RETURNING *) SELECT * FROM added`, "read_only"],
      [`WITH x AS (SELECT 1) DELETE FROM ${table}`, "syntax_error"],
      [`WITH x AS (SELECT 1) UPDATE ${table} SET email = 'x'`, "syntax_error"],
      // Row locks are writes too.
      [`SELECT * FROM ${table} FOR SHARE`, "read_only"],
      [`SELECT * FROM ${table} FOR NO KEY UPDATE`, "read_only"],
      [`SELECT * FROM ${table} FOR KEY SHARE SKIP LOCKED`, "read_only"],
      // Sequences, through any function.
      [`SELECT setval('${table}_seq', 100)`, "read_only"],
      [`SELECT nextval('${table}_seq'::regclass)`, "read_only"],
      // Writes run by a function from inside a SELECT.
      [`SELECT query_to_xml('DROP TABLE ${table}', true, false, '')`, "query_failed"],
      [`SELECT query_to_xml('INSERT INTO ${table} VALUES (4, ''d'') RETURNING 1', true, false, '')`, "query_failed"],
      [`SELECT set_config('transaction_read_only', 'off', false)`, "query_failed"],
      // Statements that are not queries at all, however they are dressed.
      [`DROP TABLE ${table}`, "read_only"],
      [`/* just a comment */ ((TRUNCATE ${table}))`, "read_only"],
      [`ALTER TABLE ${table} RENAME TO ${table}_new`, "read_only"],
      [`CREATE TABLE ${table}_new AS SELECT * FROM ${table}`, "read_only"],
      [`SELECT * INTO ${table}_new FROM ${table}`, "syntax_error"],
      [
        `MERGE INTO ${table} t USING (SELECT 9 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (9, 'z')`,
        "read_only",
      ],
      [`ALTER DATABASE CURRENT SET default_transaction_read_only = off`, "read_only"],
      [`EXPLAIN ANALYZE DELETE FROM ${table}`, "not_a_query"],
      [`DO $$ BEGIN DELETE FROM ${table}; END $$`, "read_only"],
    ])("%s → %s", async (query, code) => {
      const error = await errorOf(source(query).sample(5));
      expect(error.code).toBe(code);
      expect(await fingerprint()).toEqual(before);
    });

    test("the server refuses DDL and writes even when they get past the keyword check", async () => {
      // checkSourceQuery refuses these by their first word before connecting; the read-only
      // transaction and DECLARE ... CURSOR FOR are the guard that counts, so they are tried directly.
      const config = parseSourceConnectionString(user.connectionString);
      for (const query of [
        `DROP TABLE ${table}`,
        `DELETE FROM ${table}`,
        `CREATE TABLE ${table}_new (a int)`,
        `COPY ${table} TO STDOUT`,
      ]) {
        const context = {
          connectionString: user.connectionString,
          host: config.host,
          port: config.port,
          user: config.user,
          database: config.database,
          query,
          statementTimeoutMs: 5_000,
        };
        const error = await errorOf(
          openReadOnlyCursor({ context, config, guard: user.guard(), connectTimeoutMs: 5_000 }),
        );
        expect(error.code).toMatch(/^(syntax_error|read_only)$/);
      }
      expect(await fingerprint()).toEqual(before);
    });

    test("large objects a query creates are rolled back with its read-only transaction", async () => {
      const query = source("SELECT lo_from_bytea(0, 'written by a source query') AS oid").sample(1);
      // PostgreSQL lets a read-only transaction create one and rolls it back; the embedded
      // PGlite refuses it outright.
      if (oneUserOnly) expect((await errorOf(query)).code).toBe("read_only");
      else expect((await query).rows).toHaveLength(1);
      expect(await fingerprint()).toEqual(before);
    });

    test("COPY ... TO PROGRAM never runs, however it is dressed up", async () => {
      const marker = path.join(tmpdir(), `sluice-copy-${suffix}`);
      const program = `COPY (SELECT 1) TO PROGRAM 'touch ${marker}'`;
      // Proof that this server would run it for this user if asked directly, where it can (only a
      // superuser or a member of pg_execute_server_program may, and the role checks refuse those).
      // The embedded PGlite cannot start programs: asked directly, its one backend hangs.
      const direct =
        !oneUserOnly &&
        (await withPg(user.connectionString, (client) => client.query(program)).then(
          () => true,
          () => false,
        ));
      if (direct) expect(existsSync(marker)).toBe(true);
      rmSync(marker, { force: true });

      for (const query of [
        program,
        `  -- export\n(${program})`,
        `WITH x AS (SELECT 1) ${program}`,
        `SELECT query_to_xml('${program.replaceAll("'", "''")}', true, false, '')`,
        `SELECT 1; ${program}`,
      ]) {
        const error = await errorOf(source(query).sample(1));
        expect(error.code).toMatch(/^(read_only|syntax_error|query_failed|multiple_statements)$/);
        expect(existsSync(marker)).toBe(false);
      }
      expect(await fingerprint()).toEqual(before);
    });
  });

  describe("a source query cannot lift its own time limit", () => {
    test("set_config('statement_timeout', '0') in the query: the next FETCH is still cancelled on the server", async ({
      skip,
    }) => {
      const pglite = await withClient(async (client) =>
        (await client.query<{ v: string }>("SELECT version() AS v")).rows[0]?.v.includes("PGlite"),
      );
      skip(Boolean(pglite), "the embedded PGlite ignores statement_timeout");
      // Row 1 switches the session's limit off (the FETCH reading it is already timed); the FETCH
      // of row 2 would then sleep for a minute with no limit on the server.
      const query = `SELECT g, CASE WHEN g = 1 THEN set_config('statement_timeout', '0', false) END AS off, CASE WHEN g > 1 THEN pg_sleep(60) END AS slept FROM generate_series(1, 3) g`;
      const started = Date.now();
      const read = (async () => {
        for await (const chunk of source(query, 500).stream({ chunkSize: 1 })) expect(chunk.rows).toHaveLength(1);
      })();
      const error = await errorOf(read);
      expect(error.code).toBe("timeout");
      // Cancelled by the server at its 500 ms limit, not by our back-up deadline (2.5 s) dropping the connection.
      expect(Date.now() - started).toBeLessThan(2_000);
      // And nothing is left running on the server.
      const running = await withClient(async (client) => {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'sluice-source' AND state = 'active' AND datname = current_database()`,
        );
        return rows[0]?.n;
      });
      expect(running).toBe(0);
    });
  });
});
