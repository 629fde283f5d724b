import pg from "pg";
import { inject } from "vitest";
import { createDb } from "../db/client";
import { loadSourceGuard } from "../sources/load-source-guard";
import type { SourceGuard } from "../sources/source-guard";

/** The source database of this test run (see global-db-setup): a URL for the read-only user that
 * sources connect as, and a way to create and fill tables as its administrator. */
export function sourceDatabase() {
  const adminUrl = inject("sourceAdminUrl");
  return {
    readerUrl: inject("sourceReaderUrl"),
    adminUrl,
    async query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<T>> {
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
