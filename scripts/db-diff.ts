// Writes a new Prisma migration from the difference between prisma/migrations and schema.prisma:
//   npm run db:diff -- add_destinations
// (`prisma migrate dev` needs the native schema engine, which cannot be downloaded here.)
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { diffMigrationsToSchema } from "../lib/db/schema-engine";
import { MIGRATIONS_DIR } from "../lib/db/migrate";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:diff -- <name_in_snake_case>");
  process.exit(2);
}
const sql = await diffMigrationsToSchema();
if (!sql) {
  console.log("schema.prisma and prisma/migrations already agree: no migration written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
