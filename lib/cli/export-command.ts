import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { findDestination, openCliDb, positionalOrUsage } from "./cli-database";
import { CliError, type CliCommand } from "./cli-io";
import { exportDestination } from "./destination-transfer";

const USAGE = `Usage: sluice export <destination> [--out <file>]

Prints a destination's configuration as JSON: ad account, pixel and event, schedule, mapping, and
the names of its source and X connection. No secrets: no tokens, no connection string, no alert
webhook URL. \`sluice import\` reads it back.

  --out <file>   write to a file instead of standard output`;

export const exportCommand: CliCommand = {
  summary: "print a destination's configuration as JSON (no secrets)",
  usage: USAGE,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({ args, strict: true, allowPositionals: true, options: { out: { type: "string" } } });
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
    const reference = positionalOrUsage(parsed.positionals, "a destination");
    const db = openCliDb();
    try {
      const destination = await findDestination(db, reference);
      const json = `${JSON.stringify(await exportDestination(db, destination.id), null, 2)}\n`;
      if (parsed.values.out) {
        await writeFile(resolve(io.cwd, parsed.values.out), json, "utf8");
        io.stderr.write(`Wrote ${destination.name} to ${parsed.values.out}.\n`);
      } else {
        io.stdout.write(json);
      }
      return 0;
    } finally {
      await db.$disconnect();
    }
  },
};
