import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrateDatabase, MIGRATIONS_DIR, readMigrations } from "./migrate";

const url = inject("databaseUrl");
const client = new pg.Client({ connectionString: url });
beforeAll(() => client.connect());
afterAll(() => client.end());

describe("migrateDatabase", () => {
  it("recorded every migration as the Prisma CLI does (name, sha256 checksum, finished)", async () => {
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const [index, file] of files.entries()) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, file.name, "migration.sql"));
      expect(rows[index]?.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(rows[index]?.finished_at).toBeInstanceOf(Date);
      expect(rows[index]?.applied_steps_count).toBe(1);
    }
  });

  it("is idempotent: a second run applies nothing", async () => {
    const result = await migrateDatabase(url);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual(readMigrations().map((file) => file.name));
  });

  it("refuses a migration edited after it was applied", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sluice-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const first = readMigrations(dir)[0]!;
    appendFileSync(path.join(dir, first.name, "migration.sql"), "\n-- edited\n");
    await expect(migrateDatabase(url, dir)).rejects.toThrow(/edited after it was applied/);
  });

  it("applies a new migration and rolls a failing one back whole", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sluice-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const good = path.join(dir, "99990101000000_probe");
    cpSync(path.join(dir, readMigrations(dir)[0]!.name), good, { recursive: true });
    writeFileSync(path.join(good, "migration.sql"), `CREATE TABLE "MigrationProbe" ("id" INTEGER PRIMARY KEY);`);
    expect((await migrateDatabase(url, dir)).applied).toEqual(["99990101000000_probe"]);

    const bad = path.join(dir, "99990102000000_broken");
    cpSync(good, bad, { recursive: true });
    writeFileSync(
      path.join(bad, "migration.sql"),
      `CREATE TABLE "HalfDone" ("id" INTEGER); SELECT no_such_function();`,
    );
    await expect(migrateDatabase(url, dir)).rejects.toThrow(/99990102000000_broken failed/);
    const { rows } = await client.query(`SELECT to_regclass('"HalfDone"') AS t`);
    expect(rows[0].t).toBeNull();

    await client.query(`DROP TABLE "MigrationProbe"`);
    await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name LIKE '9999%'`);
  });
});
