import pg from "pg";
import { inject } from "vitest";
import { createDb } from "../db/client";
import { loadSourceGuard } from "../sources/postgres/load-source-guard";
import type { SourceGuard } from "../sources/postgres/source-guard";

/** The source database of this test run (see global-db-setup): a URL for the read-only user that
 * sources connect as (`reader`, its name), and a way to create and fill tables as its
 * administrator. */
export function sourceDatabase() {
  const adminUrl = inject("sourceAdminUrl");
  const readerUrl = inject("sourceReaderUrl");
  return {
    readerUrl,
    adminUrl,
    /** The read-only user's name, quoted for SQL (for GRANTs in a test's setup). */
    reader: `"${decodeURIComponent(new URL(readerUrl).username).replaceAll('"', '""')}"`,
    async query<T extends pg.QueryResultRow = pg.QueryResultRow>(
      text: string,
      values?: unknown[],
    ): Promise<pg.QueryResult<T>> {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        return await client.query<T>(text, values);
      } finally {
        await client.end();
      }
    },
  };
}

/** `url` with another user (and password, none unless given): for logins the server refuses, and
 * for roles a test creates in the source database. */
export function asUser(url: string, user: string, password?: string): string {
  const target = new URL(url);
  target.username = user;
  target.password = password ?? "";
  return target.toString();
}

let guard: Promise<SourceGuard> | undefined;

/** The guard of this run's Sluice database, for tests that build a source reader themselves. */
export function testSourceGuard(): Promise<SourceGuard> {
  guard ??= (async () => {
    const db = createDb(inject("databaseUrl"), { max: 1 });
    try {
      return await loadSourceGuard(db);
    } finally {
      await db.$disconnect();
    }
  })();
  return guard;
}

/**
 * The same guard, read with a plain client rather than Prisma: for a test that measures the
 * memory a read takes, which a Prisma client made in the same process moments before would skew
 * by tens of MB. The sandbox is the demo database named in the environment, as loadSourceGuard's.
 */
export async function testSourceGuardWithoutPrisma(): Promise<SourceGuard> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    const { rows } = await client.query<{ marker: string }>(`SELECT marker FROM "SluiceInstance" WHERE id = 1`);
    if (!rows[0]) throw new Error("This run's Sluice database has no instance marker.");
    const demo = process.env.SLUICE_DEMO_DATABASE_URL ? new URL(process.env.SLUICE_DEMO_DATABASE_URL) : null;
    return {
      instanceMarker: rows[0].marker,
      sandbox: demo ? { host: demo.hostname, port: Number(demo.port || 5432) } : null,
    };
  } finally {
    await client.end();
  }
}
