import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../db/embedded-postgres";
import { migrateDatabase } from "../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** A database for source data, apart from Sluice's own (which a source may not read). */
    sourceAdminUrl: string;
    /** The same database as a user that may only read (lib/sources/postgres/source-guard.ts refuses others). */
    sourceReaderUrl: string;
  }
}

/**
 * Gives the integration tests a fresh, migrated database for this run, and a second database for
 * the data their sources read, with a read-only user: new databases on the PostgreSQL server
 * named by DATABASE_URL (dropped afterwards), or in-memory embedded PostgreSQLs when DATABASE_URL
 * is unset. Tests read them with `inject("databaseUrl")`, `inject("sourceReaderUrl")` and
 * `inject("sourceAdminUrl")` (to create tables the reader can then SELECT).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ maxConnections: 60 });
    await migrateDatabase(embedded.url);
    // PGlite has one user, a superuser: its source database is the sandbox Sluice trusts, as
    // `npm start` trusts its demo database.
    const sources = await startEmbeddedPostgres({ maxConnections: 20 });
    process.env.SLUICE_DEMO_DATABASE_URL = sources.url;
    project.provide("databaseUrl", embedded.url);
    project.provide("sourceAdminUrl", sources.url);
    project.provide("sourceReaderUrl", sources.url);
    return async () => {
      await sources.stop();
      await embedded.stop();
    };
  }
  const suffix = `${Date.now()}_${randomBytes(3).toString("hex")}`;
  const name = `sluice_it_${suffix}`;
  const sourceName = `${name}_src`;
  const reader = `sluice_it_reader_${suffix}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.query(`CREATE DATABASE "${sourceName}"`);
  await admin.query(`CREATE ROLE "${reader}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION`);
  await admin.end();
  const urlOf = (database: string, user?: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    if (user) {
      url.username = user;
      url.password = "";
    }
    return url.toString();
  };
  // Everything the admin creates in the source database is readable by the reader, and only that.
  const sourceAdmin = new pg.Client({ connectionString: urlOf(sourceName) });
  await sourceAdmin.connect();
  await sourceAdmin.query(
    `GRANT USAGE ON SCHEMA public TO "${reader}"; ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "${reader}"`,
  );
  await sourceAdmin.end();
  await migrateDatabase(urlOf(name));
  project.provide("databaseUrl", urlOf(name));
  project.provide("sourceAdminUrl", urlOf(sourceName));
  project.provide("sourceReaderUrl", urlOf(sourceName, reader));
  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.query(`DROP DATABASE IF EXISTS "${sourceName}" WITH (FORCE)`);
    await cleanup.query(`DROP ROLE IF EXISTS "${reader}"`);
    await cleanup.end();
  };
}
