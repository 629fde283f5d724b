import pg from "pg";
import { inject, test, expect } from "vitest";

test("integration tests get a migrated database of their own", async () => {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
  await client.end();
  expect(rows[0].n).toBeGreaterThanOrEqual(0);
});
