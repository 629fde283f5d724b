import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "./seed";
import { startStandin } from "./start-standin";

/**
 * Command-line entry: `npx tsx standin/main.ts [--port 4010]` (or STANDIN_PORT). A standalone
 * process, so this is the one place in the stand-in that reads its arguments and environment.
 */

const DEFAULT_PORT = 4010;

function parsePort(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const index = argv.findIndex((a) => a === "--port" || a.startsWith("--port="));
  const arg = index === -1 ? undefined : (argv[index]?.split("=")[1] ?? argv[index + 1]);
  const text = arg ?? env.STANDIN_PORT;
  if (text === undefined || text === "") return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port "${text}": give --port or STANDIN_PORT as a number from 0 to 65535`);
  }
  return port;
}

async function main(): Promise<void> {
  const standin = await startStandin({ port: parsePort(process.argv.slice(2), process.env) });
  console.log(`X stand-in listening on ${standin.url}`);
  console.log(`  demo app: consumer key ${DEMO_CONSUMER_KEY}, consumer secret ${DEMO_CONSUMER_SECRET}`);
  console.log(`  control API: ${standin.url}/_standin/ (see standin/README.md)`);
  const shutdown = (signal: string) => {
    console.log(`${signal} received, stopping the X stand-in`);
    standin.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
