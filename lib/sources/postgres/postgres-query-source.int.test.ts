import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPostgresQuerySource, type PostgresQuerySourceOptions } from "./postgres-query-source";
import { SourceError } from "../source-error";
import type { SourceGuard } from "./source-guard";
import { freePort } from "@/lib/testing/free-port";
import { asUser, sourceDatabase, testSourceGuard } from "@/lib/testing/source-database";

// The data lives in the run's source database, read as its read-only user (a source may not read
// Sluice's own database, nor read as a superuser: source-guard.int.test.ts); the table is made
// and checked as that database's administrator.
const sourceDb = sourceDatabase();
const url = sourceDb.readerUrl;
const adminUrl = sourceDb.adminUrl;
const suffix = randomBytes(4).toString("hex");
const table = `sluice_src_orders_${suffix}`;
let guard: SourceGuard;
const source = (query: string, options: Partial<PostgresQuerySourceOptions> = {}) =>
  createPostgresQuerySource({ connectionString: url, query, guard, ...options });

async function errorOf(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}

async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// The embedded PostgreSQL (PGlite) used when DATABASE_URL is unset accepts any user, password and
// database name, so the tests about logins can only run against a real server.
let checksLogins = true;
const LOGINS_NOT_CHECKED = "the embedded PGlite server accepts any user, password and database";

beforeAll(async () => {
  guard = await testSourceGuard();
  checksLogins = await withClient(asUser(adminUrl, `sluice_nobody_${suffix}`), async () => false).catch(() => true);
  await withClient(adminUrl, async (client) => {
    await client.query(
      `CREATE TABLE ${table} (id int PRIMARY KEY, email text, value numeric(10,2), paid boolean, ordered_at timestamptz, meta jsonb)`,
    );
    await client.query(
      `INSERT INTO ${table} VALUES (1, ' Jane@Example.com', 19.90, true, '2024-05-01T10:00:00Z', '{"a":1}'), (2, NULL, 5, false, NULL, NULL)`,
    );
    await client.query(`CREATE SEQUENCE ${table}_seq`);
    // Everything the refused queries below try, the reader would be allowed to do outside a
    // read-only transaction (a superuser could, before), so that transaction is what refuses them.
    await client.query(
      `GRANT INSERT, UPDATE, DELETE ON ${table} TO ${sourceDb.reader}; GRANT USAGE, UPDATE ON SEQUENCE ${table}_seq TO ${sourceDb.reader}; GRANT CREATE ON SCHEMA public TO ${sourceDb.reader}`,
    );
  });
});

afterAll(async () => {
  await withClient(adminUrl, async (client) => {
    await client.query(`REVOKE CREATE ON SCHEMA public FROM ${sourceDb.reader}`);
    await client.query(
      `DROP TABLE IF EXISTS ${table}; DROP SEQUENCE IF EXISTS ${table}_seq; DROP TABLE IF EXISTS ${table}_created`,
    );
  });
});

describe("reading rows", () => {
  test("columns carry types from the result's field types; rows keep the driver's values", async () => {
    const sample = await source(`SELECT * FROM ${table} ORDER BY id;`).sample(10);
    expect(sample.columns).toEqual([
      { name: "id", type: "number" },
      { name: "email", type: "text" },
      { name: "value", type: "number" },
      { name: "paid", type: "boolean" },
      { name: "ordered_at", type: "timestamp" },
      { name: "meta", type: "json" },
    ]);
    expect(sample.rows.map((row) => ({ rowNumber: row.rowNumber, ...row.values }))).toEqual([
      {
        rowNumber: 1,
        id: 1,
        email: " Jane@Example.com",
        value: 19.9,
        paid: true,
        ordered_at: new Date("2024-05-01T10:00:00Z"),
        meta: { a: 1 },
      },
      { rowNumber: 2, id: 2, email: null, value: 5, paid: false, ordered_at: null, meta: null },
    ]);
    expect(Object.getPrototypeOf(sample.rows[0]?.values)).toBeNull();
  });

  test("columns() describes the result without reading it", async () => {
    expect(await source(`SELECT id, email FROM ${table} WHERE false`).columns()).toEqual([
      { name: "id", type: "number" },
      { name: "email", type: "text" },
    ]);
  });

  test("repeated column names are renamed and reported; __proto__ is an ordinary column", async () => {
    const sample = await source(`SELECT 1 AS id, 2 AS id, 3 AS "__proto__"`).sample(1);
    expect(sample.columns.map((column) => column.name)).toEqual(["id", "id_2", "__proto__"]);
    expect(sample.problems).toEqual([expect.objectContaining({ code: "duplicate_column_name" })]);
    expect(sample.rows[0]?.values["__proto__"]).toBe(3);
  });

  test("stream yields every row in chunks of at most chunkSize", async () => {
    const sizes: number[] = [];
    let last = 0;
    for await (const chunk of source("SELECT g FROM generate_series(1, 2500) g").stream({ chunkSize: 1000 })) {
      sizes.push(chunk.rows.length);
      last = chunk.rows.at(-1)?.rowNumber ?? last;
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(last).toBe(2500);
  });

  test("each chunk is also its table: the same cells, columns and row numbers as its rows", async () => {
    const query = `SELECT g AS id, 'x' || g AS "__proto__", 'y' AS id, CASE WHEN g % 2 = 0 THEN NULL ELSE g * 1.5 END AS v FROM generate_series(1, 1200) g`;
    let seen = 0;
    for await (const chunk of source(query).stream({ chunkSize: 500 })) {
      const table = chunk.table!;
      expect(table.columns).toEqual(["id", "__proto__", "id_2", "v"]);
      expect(table.cells).toHaveLength(chunk.rows.length);
      chunk.rows.forEach((row, index) => {
        expect(table.rowNumbers[index]).toBe(row.rowNumber);
        expect(row.rowNumber).toBe(seen + index + 1);
        expect(table.cells[index]).toEqual(table.columns.map((column) => row.values[column]));
      });
      seen += chunk.rows.length;
    }
    expect(seen).toBe(1200);
  });

  test("with a character bound, wide rows come fewer per chunk, and every row still comes, in order", async () => {
    // Rows of 2,000 characters after 600 narrow ones: 5,000 of them would be 10M characters.
    const query =
      "SELECT g, CASE WHEN g > 600 THEN repeat('w', 2000) ELSE 'n' END AS note FROM generate_series(1, 20000) g ORDER BY g";
    const chunks: Array<{ rows: number; chars: number; first: number }> = [];
    for await (const chunk of source(query).stream({ chunkSize: 5_000, maxChunkChars: 200_000 })) {
      chunks.push({
        rows: chunk.rows.length,
        chars: chunk.rows.reduce((sum, row) => sum + String(row.values.note).length, 0),
        first: chunk.rows[0]!.rowNumber,
      });
    }
    expect(chunks.reduce((sum, chunk) => sum + chunk.rows, 0)).toBe(20_000);
    expect(chunks.map((chunk) => chunk.first)).toEqual(
      chunks.map((_, i) => 1 + chunks.slice(0, i).reduce((sum, chunk) => sum + chunk.rows, 0)),
    );
    // Narrow rows come in full chunks. The reads that cross from narrow to wide rows cannot know
    // what is coming (the read that crosses, and the next, sized from the mixed one's average);
    // from then on every chunk keeps to the bound.
    expect(Math.max(...chunks.map((chunk) => chunk.rows))).toBe(5_000);
    const firstOver = chunks.findIndex((chunk) => chunk.chars > 200_000);
    expect(firstOver).toBeGreaterThan(-1);
    const settled = chunks.slice(firstOver + 2);
    expect(settled.length).toBeGreaterThan(10);
    for (const chunk of settled) expect(chunk.chars).toBeLessThanOrEqual(200_000);
  });

  test("the time limit applies to each step, so a stream longer than the limit in total still finishes", async () => {
    // 20 rows at 50 ms each take a second in all; each FETCH of 2 rows takes 100 ms, under 400 ms.
    let rows = 0;
    const slow = source("SELECT g, pg_sleep(0.05) FROM generate_series(1, 20) g", { statementTimeoutMs: 400 });
    for await (const chunk of slow.stream({ chunkSize: 2 })) rows += chunk.rows.length;
    expect(rows).toBe(20);
  });

  test("testConnection reports who and where, without running the query", async () => {
    const info = await source("SELECT this is not even SQL").testConnection();
    expect(info.user).toBeTruthy();
    expect(info.database).toBeTruthy();
    expect(info.serverVersion).toMatch(/^\d+/);
  });
});

describe("refusing what is not a read", () => {
  test.each([
    [`UPDATE ${table} SET paid = false`, "read_only"],
    [`DELETE FROM ${table}`, "read_only"],
    [`INSERT INTO ${table} (id) VALUES (99)`, "read_only"],
    [`CREATE TABLE ${table}_created (a int)`, "read_only"],
    [`WITH gone AS (DELETE FROM ${table} RETURNING *) SELECT * FROM gone`, "read_only"],
    [`SELECT * FROM ${table} FOR UPDATE`, "read_only"],
    [`SELECT nextval('${table}_seq')`, "read_only"],
    [`SELECT 1; DELETE FROM ${table}`, "multiple_statements"],
    ["   -- nothing", "empty_query"],
  ])("%s → %s", async (query, code) => {
    const error = await errorOf(source(query).sample(5));
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(20);
  });

  test("nothing was changed by the refused queries", async () => {
    const { rows } = await withClient(adminUrl, (client) =>
      client.query<{ n: number; paid: number; created: string | null }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE paid)::int AS paid, to_regclass('${table}_created')::text AS created FROM ${table}`,
      ),
    );
    expect(rows[0]).toEqual({ n: 2, paid: 1, created: null });
  });

  test("a query running past the time limit is cancelled with a clear message", async () => {
    const started = Date.now();
    const error = await errorOf(source("SELECT pg_sleep(4)", { statementTimeoutMs: 500 }).sample(1));
    expect(error.code).toBe("timeout");
    expect(error.message).toBe(
      "The query ran longer than the 500 ms limit and was cancelled. Narrow it with a WHERE clause or ask for an index.",
    );
    expect(Date.now() - started).toBeLessThan(3_500);
  });

  test("a syntax error says where it is, in the user's own lines", async () => {
    // The classic: a comma left after the last column.
    const error = await errorOf(source(`SELECT id,\n  email,\nFROM ${table}`).sample(1));
    expect(error.code).toBe("syntax_error");
    expect(error.position).toMatchObject({ line: 3, column: 1 });
    expect(error.message).toBe('Syntax error at or near "FROM" (line 3, column 1).');
  });

  test("an unknown table or column says where it is", async () => {
    const error = await errorOf(source("SELECT id\nFROM no_such_table_here").sample(1));
    expect(error.code).toBe("invalid_query");
    expect(error.position).toMatchObject({ line: 2, column: 6 });
    expect(error.message).toContain('"no_such_table_here" does not exist');
  });
});

describe("connection problems", () => {
  // Connection errors are one fixed message each, quoting neither the server nor the network
  // (toConnectError): a refused port and an unknown host read the same.
  test("a refused port, with the password nowhere in the message", async () => {
    const port = await freePort();
    const error = await errorOf(
      createPostgresQuerySource({
        connectionString: `postgresql://app:s3cret-pass@127.0.0.1:${port}/shop`,
        query: "SELECT 1",
        guard,
      }).testConnection(),
    );
    expect(error.code).toBe("connection_failed");
    expect(error.message).toBe(
      `Could not connect to 127.0.0.1:${port}. Check the host and port, and that the server accepts connections from Sluice.`,
    );
    expect(error.message).not.toContain("s3cret-pass");
  });

  test("an unknown host", async () => {
    const error = await errorOf(
      createPostgresQuerySource({
        connectionString: "postgresql://app:pw@sluice-no-such-host.invalid:5432/shop",
        query: "SELECT 1",
        guard,
      }).sample(1),
    );
    expect(error.code).toBe("connection_failed");
    expect(error.message).toBe(
      "Could not connect to sluice-no-such-host.invalid:5432. Check the host and port, and that the server accepts connections from Sluice.",
    );
  });

  test("a string that is not a PostgreSQL URL", async () => {
    const error = await errorOf(
      createPostgresQuerySource({
        connectionString: "mysql://app:hunter2@db/shop",
        query: "SELECT 1",
        guard,
      }).testConnection(),
    );
    expect(error.code).toBe("invalid_connection_string");
    expect(error.message).not.toContain("hunter2");
  });

  test("an unknown user is refused with a clear message", async ({ skip }) => {
    skip(!checksLogins, LOGINS_NOT_CHECKED);
    const error = await errorOf(
      source("SELECT 1", {
        connectionString: asUser(url, `sluice_ghost_${suffix}`, "wrong-password"),
      }).testConnection(),
    );
    expect(error.code).toBe("auth_failed");
    expect(error.message).toContain(`user "sluice_ghost_${suffix}"`);
    expect(error.message).not.toContain("wrong-password");
  });

  // An unknown database is a refused login like an unknown user (auth_failed), so that an editor
  // cannot list the server's databases by trying names; the message names what was tried.
  test("an unknown database is named", async ({ skip }) => {
    skip(!checksLogins, LOGINS_NOT_CHECKED);
    const target = new URL(url);
    target.pathname = `/sluice_missing_${suffix}`;
    const error = await errorOf(source("SELECT 1", { connectionString: target.toString() }).sample(1));
    expect(error.code).toBe("auth_failed");
    expect(error.message).toContain(`database "sluice_missing_${suffix}"`);
  });

  test("a user without SELECT on a table gets permission denied", async ({ skip }) => {
    skip(!checksLogins, LOGINS_NOT_CHECKED);
    const role = `sluice_reader_${suffix}`;
    await withClient(adminUrl, (client) => client.query(`CREATE ROLE ${role} LOGIN`));
    try {
      const error = await errorOf(source(`SELECT * FROM ${table}`, { connectionString: asUser(url, role) }).sample(1));
      expect(error.code).toBe("permission_denied");
      expect(error.message).toContain(`permission denied for table ${table}`);
    } finally {
      await withClient(adminUrl, (client) => client.query(`DROP ROLE ${role}`));
    }
  });
});

describe("cancelling", () => {
  test("aborting between chunks stops the stream and frees the connection", async () => {
    const controller = new AbortController();
    let chunks = 0;
    const read = (async () => {
      for await (const chunk of source("SELECT g FROM generate_series(1, 1000000) g").stream({
        chunkSize: 1000,
        signal: controller.signal,
      })) {
        chunks += 1;
        expect(chunk.rows).toHaveLength(1000);
        controller.abort();
      }
    })();
    expect((await errorOf(read)).code).toBe("aborted");
    expect(chunks).toBe(1);
    expect(await sourceConnectionsAfterTheyClose()).toBe(0);
  });

  test("leaving the loop early closes the cursor and the connection", async () => {
    for await (const chunk of source("SELECT g FROM generate_series(1, 1000000) g").stream({ chunkSize: 100 })) {
      expect(chunk.rows[0]?.rowNumber).toBe(1);
      break;
    }
    expect(await sourceConnectionsAfterTheyClose()).toBe(0);
  });

  test("aborting while the server is still working returns at once", async () => {
    const started = Date.now();
    const read = (async () => {
      for await (const chunk of source("SELECT pg_sleep(3)").stream({ signal: AbortSignal.timeout(300) }))
        expect(chunk).toBeUndefined();
    })();
    expect((await errorOf(read)).code).toBe("aborted");
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

/** Connections the source left open, once the server has had the chance to see them close (a
 * backend exits shortly after its client hangs up; each check is a round trip, not a sleep).
 * Only a real server lists its clients: on PGlite this always counts 0. */
async function sourceConnectionsAfterTheyClose(): Promise<number> {
  return withClient(adminUrl, async (client) => {
    let open = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 200 && open > 0; attempt += 1) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'sluice-source' AND datname = current_database()`,
      );
      open = rows[0]?.n ?? 0;
    }
    return open;
  });
}
