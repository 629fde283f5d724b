import pg from "pg";

/** Drops this run's database on a PostgreSQL server (the embedded one vanishes with its folder). */
export default async function globalTeardown() {
  const url = process.env.SLUICE_E2E_DATABASE_URL;
  if (!url || process.env.SLUICE_E2E_EMBEDDED) return;
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
