import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectDatabaseProfile, profileOfVersion } from "./database-profile";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";

let embedded: EmbeddedPostgres;

beforeAll(async () => {
  embedded = await startEmbeddedPostgres({ maxConnections: 5 });
});

afterAll(async () => {
  await embedded?.stop();
});

describe("the database profile", () => {
  it("finds the embedded database single-backend", async () => {
    expect(await detectDatabaseProfile(embedded.url)).toEqual({ singleBackend: true });
  });

  it("reads the profile off a server's version()", () => {
    expect(
      profileOfVersion(
        "PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit",
      ),
    ).toEqual({
      singleBackend: false,
    });
    expect(
      profileOfVersion("PostgreSQL 18.6 (PGlite 0.5.14) on wasm32-unknown-emscripten, compiled by emcc 6.0.5, 32-bit"),
    ).toEqual({ singleBackend: true });
    expect(profileOfVersion(undefined)).toEqual({ singleBackend: false });
  });
});
