import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { detectDatabaseProfile } from "../../db/database-profile";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../db/embedded-postgres";
import { sourceDatabase, testSourceGuard } from "../../testing/source-database";
import type { SourceReader } from "../types";
import { createPostgresQuerySource } from "./postgres-query-source";
import { createQuerySourceForServer } from "./query-source-for-server";
import type { SourceGuard } from "./source-guard";

// A single-backend database stands in for the demo database `npm start` runs. Like it, it is the
// guard's sandbox: its one user is a superuser, which the guard allows there only.
let embedded: EmbeddedPostgres;
let other: pg.Client;
let guard: SourceGuard;
const query = "SELECT id FROM sluice_orders ORDER BY id";

beforeAll(async () => {
  embedded = await startEmbeddedPostgres({ maxConnections: 8 });
  other = new pg.Client({ connectionString: embedded.url });
  await other.connect();
  await other.query("CREATE TABLE sluice_orders AS SELECT g AS id FROM generate_series(1, 50) g");
  guard = { ...(await testSourceGuard()), sandbox: { host: "127.0.0.1", port: embedded.port } };
});

afterAll(async () => {
  await other?.end();
  await embedded?.stop();
});

/** Whether `work` settles within `ms`. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Streams `reader` in chunks of 10, asking the other connection for a count after the first
 * chunk: whether it was answered mid-stream, and the row numbers read. */
async function readWhileAnotherAsks(reader: SourceReader) {
  const rowNumbers: number[] = [];
  let answeredMidStream: boolean | undefined;
  let asked: Promise<unknown> | undefined;
  for await (const chunk of reader.stream({ chunkSize: 10 })) {
    rowNumbers.push(...chunk.rows.map((row) => row.rowNumber));
    if (!asked) {
      asked = other.query("SELECT count(*) FROM sluice_orders");
      answeredMidStream = await settlesWithin(asked, 1_500);
    }
  }
  await asked;
  return { answeredMidStream, rowNumbers };
}

const oneToFifty = Array.from({ length: 50 }, (_, index) => index + 1);

test("a single-backend database is read in pages, so its other connections are answered mid-read", async () => {
  const read = await readWhileAnotherAsks(createQuerySourceForServer({ connectionString: embedded.url, query, guard }));
  expect(read).toEqual({ answeredMidStream: true, rowNumbers: oneToFifty });

  // What paging spares it: one cursor holds the backend's transaction until the read ends.
  const throughCursor = await readWhileAnotherAsks(
    createPostgresQuerySource({ connectionString: embedded.url, query, guard }),
  );
  expect(throughCursor).toEqual({ answeredMidStream: false, rowNumbers: oneToFifty });
});

test("a PostgreSQL server is read through one cursor, in one transaction", async ({ skip }) => {
  const source = sourceDatabase();
  if ((await detectDatabaseProfile(source.adminUrl)).singleBackend)
    skip("the run's source database is the embedded one");
  const table = `sluice_cursor_${randomBytes(4).toString("hex")}`;
  await source.query(`CREATE TABLE ${table} AS SELECT g AS id FROM generate_series(1, 50) g`);
  try {
    const reader = createQuerySourceForServer({
      connectionString: source.readerUrl,
      query: `SELECT id FROM ${table} ORDER BY id`,
      guard: await testSourceGuard(),
    });
    const openTransactions: number[] = [];
    let rows = 0;
    for await (const chunk of reader.stream({ chunkSize: 10 })) {
      rows += chunk.rows.length;
      const { rows: found } = await source.query<{ count: string }>(
        `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = $1 AND state = 'idle in transaction'`,
        [decodeURIComponent(new URL(source.readerUrl).username)],
      );
      openTransactions.push(Number(found[0]?.count));
    }
    expect(rows).toBe(50);
    expect(openTransactions).toEqual([1, 1, 1, 1, 1]);
  } finally {
    await source.query(`DROP TABLE ${table}`);
  }
});
