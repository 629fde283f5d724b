// The demo database of `npm start` (SLUICE_DEMO_SOURCE), in a process of its own. PGlite runs
// every statement on its process' one thread and ignores statement_timeout, so a source query
// that sleeps or never ends blocks the process it runs in: in the start script's own process it
// would stop Sluice's embedded database, and the whole app with it. Here it holds up only the
// demo source's reads, which give up at their own deadline.
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";

const dataDir = process.env.SLUICE_DEMO_DB_DIR;
if (!dataDir) throw new Error("SLUICE_DEMO_DB_DIR is not set (the start script sets it)");
const demo = await startEmbeddedPostgres({
  dataDir,
  port: Number(process.env.SLUICE_DEMO_DB_PORT ?? 0),
  maxConnections: 20,
});
// The start script learns the port (chosen by the OS the first time) and starts it on the same
// one if it ever has to start it again.
process.send?.({ port: demo.port });

async function stop() {
  await demo.stop().catch(() => undefined);
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
