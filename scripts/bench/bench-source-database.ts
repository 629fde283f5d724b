import { createHash } from "node:crypto";
import pg from "pg";
import { ensureDatabaseExists } from "../../lib/db/ensure-database";

export interface BenchSourceDatabase {
  /** The administrator (DATABASE_URL's user): creates and fills the bench tables. */
  adminUrl: string;
  /** A user that may only read them: what the bench sources connect as. */
  readerUrl: string;
}

const READER = "sluice_bench_reader";

/**
 * The database the benchmark's sources read, as the integration tests' setup makes theirs
 * (lib/testing/global-db-setup.ts): apart from Sluice's own (which a source may not read), kept
 * between runs like it so the generated tables are reused, and read by a user that is not a
 * superuser and may only SELECT (lib/sources/postgres/source-guard.ts refuses any other). The user has a
 * password (derived from the administrator's URL, so every run on this server sets the same one),
 * so servers that ask for one work too.
 */
export async function prepareBenchSourceDatabase(benchUrl: string): Promise<BenchSourceDatabase> {
  const admin = new URL(benchUrl);
  admin.pathname = `${admin.pathname}_src`;
  const adminUrl = admin.toString();
  await ensureDatabaseExists(adminUrl);
  const password = createHash("sha256").update(`sluice-bench-reader:${adminUrl}`).digest("base64url").slice(0, 24);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [READER]);
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '${password}'`;
    await client.query(rowCount ? `ALTER ROLE ${READER} ${attributes}` : `CREATE ROLE ${READER} ${attributes}`);
    // The tables made from now on, and those earlier runs left.
    await client.query(
      `GRANT USAGE ON SCHEMA public TO ${READER}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER}; ` +
        `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${READER}`,
    );
  } finally {
    await client.end();
  }
  const reader = new URL(adminUrl);
  reader.username = READER;
  reader.password = password;
  return { adminUrl, readerUrl: reader.toString() };
}
