import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "./client";
import { databaseProfileOf, detectDatabaseProfile } from "./database-profile";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";

let embedded: EmbeddedPostgres;

beforeAll(async () => {
  embedded = await startEmbeddedPostgres({ maxConnections: 5 });
});

afterAll(async () => {
  await embedded?.stop();
});

describe("the database profile", () => {
  it("finds the embedded database single-backend, by URL and by client", async () => {
    expect(await detectDatabaseProfile(embedded.url)).toEqual({ singleBackend: true });
    const db = createDb(embedded.url, { max: 1 });
    try {
      expect(await databaseProfileOf(db)).toEqual({ singleBackend: true });
    } finally {
      await db.$disconnect();
    }
  });
});
