/**
 * `npm run -s sluice -- <command> ...`: the command-line entry to Sluice's lib code. Commands live
 * in lib/cli (see COMMANDS in lib/cli/run-cli.ts); this file only wires them to the process.
 */
import { runCli } from "@/lib/cli/run-cli";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
