// Generates the Prisma client offline. The Prisma CLI would otherwise try to download its native
// schema engine (no internet here); `generate` does not need it, so it is pointed at /bin/true for
// this one command only (setting it globally would make `prisma migrate` silently do nothing).
import { spawnSync } from "node:child_process";

const result = spawnSync("npx", ["prisma", "generate"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: {
    ...process.env,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
  },
});
process.exit(result.status ?? 1);
