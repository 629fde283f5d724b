import "server-only";
import { createDb, type Db } from "../db/client";
import { getEnv } from "../config/env";

// One client per server process; in development Next reloads modules, so it is kept on globalThis.
const globalForDb = globalThis as unknown as { sluiceDb?: Db };

export function getDb(): Db {
  if (!globalForDb.sluiceDb) {
    const url = getEnv().DATABASE_URL;
    if (!url)
      throw new Error(
        "DATABASE_URL is not set. Start Sluice with `npm start`, which starts an embedded database when none is configured.",
      );
    globalForDb.sluiceDb = createDb(url);
  }
  return globalForDb.sluiceDb;
}
