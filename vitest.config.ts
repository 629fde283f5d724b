import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = {
  "@": root,
  "server-only": fileURLToPath(new URL("./lib/testing/server-only-stub.ts", import.meta.url)),
};

// Two layers, as conventions.md asks: pure unit tests (no database, no network beyond
// loopback servers the test starts itself) and integration tests against a real PostgreSQL.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "standin/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", "e2e/**"],
          environment: "node",
          globalSetup: ["lib/testing/global-db-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Node 20's young-generation size on every Node: Node 24's V8 grows its semi-spaces
          // several times larger, which alone adds ~87 MB of RSS to the 1M-row streaming test with
          // nothing more retained (postgres-query-source-memory.int.test.ts).
          execArgv: ["--max-semi-space-size=16"],
        },
      },
    ],
  },
});
