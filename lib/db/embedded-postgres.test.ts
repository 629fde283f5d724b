import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";

/**
 * The embedded PGlite has one backend behind a socket server that takes messages from many
 * connections. An extended-protocol query is several messages (Parse, Bind, Execute, Sync); if
 * another connection's messages land between them, queries are crossed — wrong parameters bound
 * to another client's statement. These tests hammer it from several clients at once.
 */
let embedded: EmbeddedPostgres;
beforeAll(async () => {
  embedded = await startEmbeddedPostgres({ maxConnections: 10 });
}, 60_000);
afterAll(() => embedded.stop());

describe("embedded PostgreSQL under concurrent clients", () => {
  it("never crosses parameterized queries between connections", async () => {
    const clients = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const client = new pg.Client({ connectionString: embedded.url });
        await client.connect();
        return client;
      }),
    );
    try {
      const work = clients.map(async (client, index) => {
        for (let i = 0; i < 40; i += 1) {
          // Each client's statement has a different shape and number of parameters; the large
          // first parameter makes a message span several TCP reads, as real inserts of payloads do.
          const params = Array.from({ length: index + 1 }, (_, p) =>
            p === 0 ? `${index}:${i}:`.padEnd(100_000, "x") : `${index}:${i}:${p}`,
          );
          const placeholders = params.map((_, p) => `$${p + 1}::text`).join(" || '|' || ");
          const { rows } = await client.query<{ v: string }>(`SELECT ${placeholders} AS v`, params);
          expect(rows[0]?.v).toBe(params.join("|"));
        }
      });
      await Promise.all(work);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  }, 60_000);

  it("keeps a transaction's statements on its own connection while others query", async () => {
    const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
    try {
      await pool.query("CREATE TABLE IF NOT EXISTS probe (n int)");
      const inTransaction = (async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          for (let i = 0; i < 50; i += 1) await client.query("INSERT INTO probe VALUES ($1)", [i]);
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      })();
      const readers = Array.from({ length: 3 }, async () => {
        for (let i = 0; i < 50; i += 1) {
          const { rows } = await pool.query<{ x: number }>("SELECT $1::int + 1 AS x", [i]);
          expect(rows[0]?.x).toBe(i + 1);
        }
      });
      await Promise.all([inTransaction, ...readers]);
      const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM probe");
      expect(rows[0]?.n).toBe(50);
    } finally {
      await pool.end();
    }
  }, 60_000);

  // Why the sync worker takes no wake-ups on it (sync-worker.ts): the one backend is both the
  // listener and the sender, and it answers on the connection whose statement it was running.
  it("hands a NOTIFY to the connection that sent it, not to the one listening", async () => {
    const listener = new pg.Client({ connectionString: embedded.url });
    const sender = new pg.Client({ connectionString: embedded.url });
    await Promise.all([listener.connect(), sender.connect()]);
    const heard: string[] = [];
    listener.on("notification", (message) => heard.push(`listener ${message.payload}`));
    sender.on("notification", (message) => heard.push(`sender ${message.payload}`));
    try {
      await listener.query("LISTEN sluice_probe");
      await sender.query("SELECT pg_notify('sluice_probe', 'due')");
      // The listener's next round trip would carry a notice queued for it.
      await listener.query("SELECT 1");
      expect(heard).toEqual(["sender due"]);
    } finally {
      await Promise.all([listener.end(), sender.end()]);
    }
  });
});
