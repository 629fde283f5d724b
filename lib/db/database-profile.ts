import pg from "pg";

/**
 * What the rest of Sluice adapts to in a database, decided once when a process starts and passed
 * down, so no module outside lib/db needs to know which database it is. The one difference today:
 * the embedded PGlite (`npm start` without DATABASE_URL, and its demo database) serves every
 * connection from a single backend, one statement at a time, so a connection's open transaction
 * makes every other connection wait (embedded-postgres.ts keeps their messages apart).
 */
export interface DatabaseProfile {
  /** One backend for every connection: a worker takes no LISTEN wake-ups (a NOTIFY reaches only
   * the connection that sent it) and at most two runs at once; a source on it is read in pages
   * (query-source-for-server.ts). */
  singleBackend: boolean;
}

const SERVER: DatabaseProfile = { singleBackend: false };
const EMBEDDED: DatabaseProfile = { singleBackend: true };

/** The profile of a database whose `SELECT version()` answered `version`. */
export function profileOfVersion(version: string | undefined): DatabaseProfile {
  return version?.includes("PGlite") ? EMBEDDED : SERVER;
}

/** The profile of the database at `url`, asked over one short connection of its own. */
export async function detectDatabaseProfile(url: string): Promise<DatabaseProfile> {
  const client = new pg.Client({ connectionString: url, application_name: "sluice-profile" });
  await client.connect();
  try {
    return profileOfVersion((await client.query<{ version: string }>("SELECT version()")).rows[0]?.version);
  } finally {
    await client.end();
  }
}
