// `npm run db:migrate`: applies pending migrations to DATABASE_URL (creating the database if the
// server lacks it). `npm start` does the same on every start; this is for deployments that
// migrate as a separate step.
import { getEnv } from "../lib/config/env";
import { ensureDatabaseExists } from "../lib/db/ensure-database";
import { migrateDatabase } from "../lib/db/migrate";

const url = getEnv().DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. (`npm start` migrates the embedded database by itself.)");
  process.exit(2);
}
await ensureDatabaseExists(url);
const result = await migrateDatabase(url);
console.log(
  `applied: ${result.applied.length ? result.applied.join(", ") : "none"}; already applied: ${result.alreadyApplied.length}`,
);
