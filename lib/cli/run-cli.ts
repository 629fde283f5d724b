import { isSourceError } from "@/lib/sources/source-error";
import { authCommand } from "./auth-command";
import { CliError, type CliCommand, type CliIO } from "./cli-io";
import { exportCommand } from "./export-command";
import { importCommand } from "./import-command";
import { previewCommand } from "./preview-command";
import { runCommand } from "./run-command";
import { runsCommand } from "./runs-command";

/** The sluice subcommands. */
export const COMMANDS: Record<string, CliCommand> = {
  preview: previewCommand,
  run: runCommand,
  runs: runsCommand,
  export: exportCommand,
  import: importCommand,
  auth: authCommand,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return [
    "Usage: sluice <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `sluice <command> --help` for a command's options.",
    "",
  ].join("\n");
}

/** Dispatches `argv` (without node and the script) to a command; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`sluice: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`sluice ${name}: ${error.message}\n`);
      if (error.exitCode === 2) io.stderr.write(`\n${command.usage}\n`);
      return error.exitCode;
    }
    // A source's errors are written for people (file too large, not a CSV, ...).
    if (isSourceError(error)) {
      io.stderr.write(`sluice ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
