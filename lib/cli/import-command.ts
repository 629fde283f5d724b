import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { openCliDb, positionalOrUsage } from "./cli-database";
import { CliError, type CliCommand } from "./cli-io";
import { destinationExportSchema, importDestination } from "./destination-transfer";

const USAGE = `Usage: sluice import <file> [--json]

Creates a destination from a file written by \`sluice export\`. Its source and X connection are
linked when this Sluice has ones of the same name; it is created as a draft, to be reviewed and
saved in the app before it syncs.

  --json   print the result as JSON`;

export const importCommand: CliCommand = {
  summary: "create a draft destination from an exported JSON file",
  usage: USAGE,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        strict: true,
        allowPositionals: true,
        options: { json: { type: "boolean", default: false } },
      });
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
    const path = positionalOrUsage(parsed.positionals, "a file");
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, path), "utf8");
    } catch (error) {
      throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CliError(`${path} is not valid JSON`);
    }
    const file = destinationExportSchema.safeParse(json);
    if (!file.success) {
      const issues = file.error.issues
        .slice(0, 10)
        .map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("\n");
      throw new CliError(`${path} is not a Sluice destination export:\n${issues}`);
    }
    const db = openCliDb();
    try {
      const result = await importDestination(db, file.data);
      if (parsed.values.json) {
        io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        io.stdout.write(`Created draft destination "${result.name}" (${result.destinationId}).\n`);
        io.stdout.write(
          `  source: ${result.sourceLinked ?? "not linked"}\n  X connection: ${result.connectionLinked ?? "not linked"}\n`,
        );
        for (const note of result.notes) io.stdout.write(`  note: ${note}\n`);
      }
      return 0;
    } finally {
      await db.$disconnect();
    }
  },
};
