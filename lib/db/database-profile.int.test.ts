import { expect, inject, test } from "vitest";
import { detectDatabaseProfile } from "./database-profile";

test("a PostgreSQL server is not single-backend; the embedded database is (database-profile.test.ts)", async () => {
  const url = inject("databaseUrl");
  const server = Boolean(process.env.DATABASE_URL);
  expect(await detectDatabaseProfile(url)).toEqual({ singleBackend: !server });
});
