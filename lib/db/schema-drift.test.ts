import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema, SCHEMA_PATH } from "./schema-engine";

// Prisma's own schema engine replays prisma/migrations on an in-memory PostgreSQL and compares the
// result with schema.prisma: every model, field, type, nullability, default, unique, index and
// foreign key. Any difference is drift, and the SQL that would fix it is printed.
describe("schema.prisma and prisma/migrations", () => {
  it("agree exactly (run `npm run db:diff -- <name>` after changing the schema)", async () => {
    const drift = await diffMigrationsToSchema();
    expect(drift, `schema.prisma has changes no migration creates:\n${drift}`).toBe("");
  }, 60_000);

  it("the check catches a field added to schema.prisma without a migration", async () => {
    const schema = readFileSync(SCHEMA_PATH, "utf8");
    const edited = schema.replace(/model User \{\n/, "model User {\n  nickname String?\n");
    expect(edited).not.toBe(schema);
    const schemaPath = path.join(mkdtempSync(path.join(tmpdir(), "sluice-drift-")), "schema.prisma");
    writeFileSync(schemaPath, edited);
    const drift = await diffMigrationsToSchema({ schemaPath });
    expect(drift).toContain(`ALTER TABLE "User" ADD COLUMN     "nickname" TEXT`);
  }, 60_000);
});
