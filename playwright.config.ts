import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { embeddedPostgresUrl } from "./lib/db/embedded-postgres-url";

// Every e2e run gets a fresh database: a new database on the PostgreSQL server named by
// DATABASE_URL, or a fresh embedded PGlite in a temporary data folder. The values are computed
// once in the main process and inherited by the workers through the environment.
const PORT = Number(process.env.SLUICE_E2E_PORT ?? 3100);
const EMBEDDED_DB_PORT = PORT + 51_000;
// The demo database `npm start` runs beside Sluice's own (demo orders only): the database every
// journey's sources read, since a source may never read Sluice's own database.
const DEMO_DB_PORT = PORT + 52_000;
process.env.SLUICE_E2E_SOURCE_URL ??= embeddedPostgresUrl(DEMO_DB_PORT);
const runId = (process.env.SLUICE_E2E_RUN_ID ??= `${Date.now()}`);
if (!process.env.SLUICE_E2E_DATABASE_URL) {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/sluice_e2e_${runId}`;
    process.env.SLUICE_E2E_DATABASE_URL = url.toString();
  } else {
    process.env.SLUICE_E2E_DATABASE_URL = embeddedPostgresUrl(EMBEDDED_DB_PORT);
    process.env.SLUICE_E2E_EMBEDDED = "1";
  }
}
// The X stand-in the app talks to in tests (started by the start script, demo mode).
process.env.SLUICE_E2E_STANDIN_URL ??= `http://127.0.0.1:${PORT + 1_000}`;
// The server's data folder (its generated secrets.json lets tests seal seeded secrets the same way).
const dataDir = (process.env.SLUICE_E2E_DATA_DIR ??= path.join(tmpdir(), `sluice-e2e-${runId}-${PORT}`));
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((candidate) => existsSync(candidate));

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  globalTeardown: "./e2e/support/global-teardown.ts",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.spec\.ts/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "journeys",
      testIgnore: /first-run\.spec\.ts/,
      dependencies: ["first-run"],
      use: { ...devices["Desktop Chrome"] },
    },
    // The wizard's dead ends and connected paths again on a phone-sized window (layout.spec.ts
    // visits every page at both widths; these are the journeys through them).
    {
      name: "narrow",
      testMatch: /wizard-dead-ends\.spec\.ts/,
      dependencies: ["journeys"],
      use: { ...devices["Desktop Chrome"], viewport: { width: 390, height: 844 } },
    },
  ],
  webServer: {
    command: "npx tsx scripts/start.ts",
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 420_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      SLUICE_DATA_DIR: dataDir,
      SLUICE_EMBEDDED_DB_PORT: String(EMBEDDED_DB_PORT),
      SLUICE_DEMO_DB_PORT: String(DEMO_DB_PORT),
      STANDIN_PORT: String(PORT + 1_000),
      // The alert journey's webhook listens on 127.0.0.1, which a production server refuses.
      SLUICE_ALERT_WEBHOOKS_PRIVATE: "1",
      // The SSO journey's OpenID Provider listens on http://127.0.0.1, likewise.
      SLUICE_SSO_ISSUER_PRIVATE: "1",
      ...(process.env.SLUICE_E2E_EMBEDDED
        ? { DATABASE_URL: "" }
        : { DATABASE_URL: process.env.SLUICE_E2E_DATABASE_URL! }),
    },
  },
});
