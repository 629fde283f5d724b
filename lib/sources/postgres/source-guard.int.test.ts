import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { asUser, sourceDatabase, testSourceGuard } from "../../testing/source-database";
import { createPostgresQuerySource } from "./postgres-query-source";
import { MAX_SOURCE_FETCH_BYTES } from "./size-limited-messages";
import type { SourceError } from "../source-error";

// Issue 20, items 1-4, replayed: every attack an editor made through a source, against a real
// PostgreSQL. Roles exist only on a real server (PGlite has one superuser), so those parts need it.
const onServer = Boolean(process.env.DATABASE_URL);
const suffix = randomBytes(3).toString("hex");
const role = (name: string) => `sluice_probe_${name}_${suffix}`;

async function asAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const urlFor = (user: string) => asUser(sourceDatabase().adminUrl, user);

async function readError(connectionString: string, query: string, connectTimeoutMs?: number): Promise<SourceError> {
  const reader = createPostgresQuerySource({
    connectionString,
    query,
    guard: await testSourceGuard(),
    connectTimeoutMs,
  });
  return reader.sample(5).then(
    () => {
      throw new Error(`expected ${query} to be refused`);
    },
    (error: SourceError) => error,
  );
}

describe.runIf(onServer)("users that can do more than read are refused before the query runs", () => {
  const roles = ["signal", "replication", "files", "reload", "statreset", "monitor", "plain", "nested"].map(role);
  const [signal, replication, files, reload, statReset, monitor, plain, nested] = roles as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];

  beforeAll(async () => {
    await asAdmin(sourceDatabase().adminUrl, async (client) => {
      for (const name of roles) await client.query(`CREATE ROLE "${name}" LOGIN`);
      await client.query(`GRANT pg_signal_backend TO "${signal}"`);
      await client.query(`ALTER ROLE "${replication}" REPLICATION`);
      await client.query(`GRANT pg_read_server_files TO "${files}"`);
      await client.query(`GRANT EXECUTE ON FUNCTION pg_reload_conf() TO "${reload}"`);
      await client.query(`GRANT EXECUTE ON FUNCTION pg_stat_reset() TO "${statReset}"`);
      await client.query(`GRANT pg_monitor TO "${monitor}"`);
      // Membership counts, not just the user's own attributes: set_config('role', …) switches.
      await client.query(`GRANT "${replication}" TO "${nested}"`);
    });
  });

  afterAll(async () => {
    await asAdmin(sourceDatabase().adminUrl, async (client) => {
      await client.query(`REVOKE EXECUTE ON FUNCTION pg_reload_conf() FROM "${reload}"`);
      await client.query(`REVOKE EXECUTE ON FUNCTION pg_stat_reset() FROM "${statReset}"`);
      await client.query(
        `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'sluice_probe_%'`,
      );
      for (const name of [...roles].reverse()) await client.query(`DROP ROLE IF EXISTS "${name}"`);
    });
  });

  it("a superuser (the issue's pg_read_file('/etc/passwd'))", async () => {
    const error = await readError(sourceDatabase().adminUrl, "SELECT pg_read_file('/etc/passwd')");
    expect(error.code).toBe("privileged_role");
    expect(error.message).toMatch(/is a superuser/);
    expect(error.roleSql).toMatch(/CREATE ROLE sluice_reader LOGIN/);
    expect(error.roleSql).toContain(
      `GRANT CONNECT ON DATABASE "${new URL(sourceDatabase().adminUrl).pathname.slice(1)}"`,
    );
  });

  it("a member of pg_signal_backend: pg_terminate_backend never runs, the other session lives", async () => {
    const victim = new pg.Client({ connectionString: sourceDatabase().adminUrl });
    await victim.connect();
    try {
      const pid = (await victim.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
      const error = await readError(urlFor(signal), `SELECT pg_terminate_backend(${pid})`);
      expect(error.code).toBe("privileged_role");
      expect(error.message).toContain("pg_signal_backend");
      expect((await victim.query("SELECT 1 AS alive")).rows).toEqual([{ alive: 1 }]);
      // A user that may only read cannot do it either: the server refuses.
      const refused = await readError(urlFor(plain), `SELECT pg_terminate_backend(${pid})`);
      expect(refused.code).toBe("permission_denied");
      expect((await victim.query("SELECT 1 AS alive")).rows).toEqual([{ alive: 1 }]);
    } finally {
      await victim.end();
    }
  });

  it("a replication user, directly or through a role it belongs to: no slot is created", async () => {
    for (const user of [replication, nested]) {
      const slot = `sluice_probe_${user.slice(-12)}`;
      const error = await readError(urlFor(user), `SELECT pg_create_physical_replication_slot('${slot}')`);
      expect(error.code).toBe("privileged_role");
      expect(error.message).toMatch(/may start replication/);
    }
    const slots = await asAdmin(sourceDatabase().adminUrl, (client) =>
      client.query(`SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'sluice_probe_%'`),
    );
    expect(slots.rows).toEqual([]);
  });

  it("a member of pg_read_server_files: pg_read_file never runs", async () => {
    const error = await readError(urlFor(files), "SELECT pg_read_file('/etc/passwd')");
    expect(error.code).toBe("privileged_role");
    expect(error.message).toContain("pg_read_server_files");
  });

  it("a user granted pg_reload_conf() or pg_stat_reset() itself", async () => {
    const reloadError = await readError(urlFor(reload), "SELECT pg_reload_conf()");
    expect(reloadError.code).toBe("privileged_role");
    expect(reloadError.message).toContain("pg_reload_conf()");
    const resetError = await readError(urlFor(statReset), "SELECT pg_stat_reset()");
    expect(resetError.code).toBe("privileged_role");
    expect(resetError.message).toContain("pg_stat_reset()");
  });

  it("a member of pg_monitor (sees every session's queries)", async () => {
    const error = await readError(urlFor(monitor), "SELECT query FROM pg_stat_activity");
    expect(error.code).toBe("privileged_role");
    expect(error.message).toContain("pg_monitor");
  });

  it("a user that may only read reads, and the calls above are refused by the server", async () => {
    const reader = createPostgresQuerySource({
      connectionString: urlFor(plain),
      query: "SELECT 1 AS one",
      guard: await testSourceGuard(),
    });
    expect((await reader.sample(1)).rows.map((row) => row.values.one)).toEqual([1]);
    expect((await readError(urlFor(plain), "SELECT pg_reload_conf()")).code).toBe("permission_denied");
    expect((await readError(urlFor(plain), "SELECT pg_read_file('/etc/passwd')")).code).toBe("permission_denied");
    expect((await readError(urlFor(plain), "SELECT pg_stat_reset()")).code).toBe("permission_denied");
  });

  it("testConnection (the form's check) refuses the same way", async () => {
    const reader = createPostgresQuerySource({
      connectionString: urlFor(signal),
      query: "SELECT 1",
      guard: await testSourceGuard(),
    });
    await expect(reader.testConnection()).rejects.toMatchObject({ code: "privileged_role" });
  });
});

describe("a source never reads Sluice's own database", () => {
  it("as the app's own user", async () => {
    const error = await readError(inject("databaseUrl"), `SELECT email, role, "passwordHash" FROM "User"`);
    expect(error.code).toBe("own_database");
    expect(error.message).toMatch(/Sluice's own database/);
  });

  it.runIf(onServer)("spelled another way, as a user that may only read", async () => {
    const reader = role("ownreader");
    await asAdmin(inject("databaseUrl"), (client) => client.query(`CREATE ROLE "${reader}" LOGIN`));
    try {
      for (const host of ["localhost", "127.0.0.1"]) {
        const url = new URL(asUser(inject("databaseUrl"), reader));
        url.hostname = host;
        const error = await readError(url.toString(), "SELECT 1");
        expect(error.code).toBe("own_database");
      }
    } finally {
      await asAdmin(inject("databaseUrl"), (client) => client.query(`DROP ROLE "${reader}"`));
    }
  });
});

describe("no row larger than the limit is loaded, and it never stops the others", () => {
  it("oversized rows become problems with their row numbers; the rest are read", async () => {
    const query =
      "SELECT g, CASE WHEN g IN (2, 5) THEN repeat('x', 3000000) ELSE 'small' END AS v FROM generate_series(1, 6) g ORDER BY g";
    const reader = createPostgresQuerySource({
      connectionString: sourceDatabase().readerUrl,
      query,
      guard: await testSourceGuard(),
    });
    const sample = await reader.sample(10);
    expect(sample.rows.map((row) => [row.rowNumber, row.values.g, row.values.v])).toEqual([
      [1, 1, "small"],
      [3, 3, "small"],
      [4, 4, "small"],
      [6, 6, "small"],
    ]);
    expect(sample.problems.map((problem) => [problem.rowNumber, problem.code])).toEqual([
      [2, "row_too_large"],
      [5, "row_too_large"],
    ]);
    expect(sample.problems[0]!.message).toMatch(/^Row 2 is 2\.9 MiB, over the 1 MiB a row may be/);
    const streamed = { rows: [] as number[], problems: [] as number[] };
    for await (const chunk of reader.stream({ chunkSize: 2 })) {
      streamed.rows.push(...chunk.rows.map((row) => row.rowNumber));
      streamed.problems.push(...chunk.problems.map((problem) => problem.rowNumber!));
    }
    expect(streamed).toEqual({ rows: [1, 3, 4, 6], problems: [2, 5] });
  });

  // The query had 40 such rows; the server alone takes ~2 s to make each one here, so
  // two show the same thing (before, the first FETCH tried to hold them all and the process died).
  it("the issue's query: rows of 250 MB each, read with flat memory", async () => {
    const query = "SELECT g, repeat('x', 250000000) FROM generate_series(1, 2) g";
    const reader = createPostgresQuerySource({
      connectionString: sourceDatabase().readerUrl,
      query,
      guard: await testSourceGuard(),
      statementTimeoutMs: 120_000,
    });
    const before = process.memoryUsage().rss;
    let peak = before;
    const problems: number[] = [];
    for await (const chunk of reader.stream({ chunkSize: 1_000 })) {
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(chunk.rows).toEqual([]);
      problems.push(...chunk.problems.map((problem) => problem.rowNumber!));
    }
    expect(problems).toEqual([1, 2]);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  }, 300_000);

  it("rows that turn wide mid-FETCH are read again in smaller FETCHes: every row once, in order", async () => {
    const query =
      "SELECT g, CASE WHEN g > 20 THEN repeat('y', 700000) ELSE 's' END AS v FROM generate_series(1, 200) g ORDER BY g";
    const reader = createPostgresQuerySource({
      connectionString: sourceDatabase().readerUrl,
      query,
      guard: await testSourceGuard(),
    });
    const seen: number[] = [];
    for await (const chunk of reader.stream({ chunkSize: 1_000 })) {
      const table = chunk.table!;
      let bytes = 0;
      table.cells.forEach((cells, index) => {
        expect(cells[0]).toBe(table.rowNumbers[index]);
        bytes += String(cells[1]).length;
      });
      expect(bytes).toBeLessThanOrEqual(MAX_SOURCE_FETCH_BYTES);
      seen.push(...Array.from(table.rowNumbers));
    }
    expect(seen).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
  });

  it("a huge error message from the server is cut to a short one", async () => {
    const error = await readError(sourceDatabase().readerUrl, "SELECT repeat('x', 3000000)::int");
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toMatch(/error message was larger than 1 MiB/);
  });
});

describe("connection errors are a few fixed messages", () => {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const listen = async (server: Server) => {
    servers.push(server);
    // The silent and banner servers never hang up: their sockets are ended here, not awaited.
    server.on("connection", (socket: Socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as { port: number }).port;
  };
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  it("a web server, an SSH-like banner, a silent port and a closed port say nothing of what answered", async () => {
    const http = await listen(
      createHttpServer((_, response) => response.end("<html>secret internal dashboard</html>")) as unknown as Server,
    );
    const ssh = await listen(createServer((socket) => socket.write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")));
    const silent = await listen(createServer(() => undefined));
    // A port that was just free: listened on, then closed again.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closed = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));

    const at = (port: number) => `postgresql://u:p@127.0.0.1:${port}/d`;
    const web = await readError(at(http), "SELECT 1", 2_000);
    expect([web.code, web.message]).toEqual([
      "not_postgres",
      `127.0.0.1:${http} did not answer as a PostgreSQL server does. Check the host and port, and sslmode (disable for a server without TLS).`,
    ]);
    const started = Date.now();
    const banner = await readError(at(ssh), "SELECT 1", 5_000);
    expect(banner.code).toBe("not_postgres");
    expect(Date.now() - started).toBeLessThan(4_000);
    const quiet = await readError(at(silent), "SELECT 1", 500);
    expect(quiet.code).toBe("connection_timeout");
    const refused = await readError(at(closed), "SELECT 1", 2_000);
    expect([refused.code, refused.message]).toEqual([
      "connection_failed",
      `Could not connect to 127.0.0.1:${closed}. Check the host and port, and that the server accepts connections from Sluice.`,
    ]);
    for (const error of [web, banner, quiet, refused])
      expect(error.message).not.toMatch(/html|SSH|OpenSSH|ECONN|terminated/i);
  });

  // The embedded database lets anyone in, to any database name.
  it.runIf(onServer)("a wrong password is 'could not log in', with nothing of the server's text", async () => {
    const url = new URL(sourceDatabase().readerUrl);
    url.pathname = "/no_such_database_here";
    const error = await readError(url.toString(), "SELECT 1");
    expect(error.code).toBe("auth_failed");
    expect(error.message).not.toContain("does not exist");
  });
});
