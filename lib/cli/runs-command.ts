import { parseArgs } from "node:util";
import { listRuns } from "@/lib/runs/list-runs";
import type { RunView } from "@/lib/runs/run-view";
import { findDestination, openCliDb, positionalOrUsage } from "./cli-database";
import { CliError, type CliCommand } from "./cli-io";

const USAGE = `Usage: sluice runs <destination> [--limit N] [--json]

A destination's runs, newest first: status and where every row went.

  --limit N   how many runs (default 20, at most 100)
  --json      the runs as JSON`;

export const runsCommand: CliCommand = {
  summary: "list a destination's runs, newest first",
  usage: USAGE,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        strict: true,
        allowPositionals: true,
        options: { limit: { type: "string" }, json: { type: "boolean", default: false } },
      });
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
    const { values, positionals } = parsed;
    const reference = positionalOrUsage(positionals, "a destination");
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new CliError("--limit must be a whole number from 1 to 100", 2);
    const db = openCliDb();
    try {
      const destination = await findDestination(db, reference);
      const { runs } = await listRuns(db, { destinationId: destination.id, pageSize: limit });
      if (values.json) io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      else io.stdout.write(runs.length === 0 ? `${destination.name} has no runs yet.\n` : table(runs));
      return 0;
    } finally {
      await db.$disconnect();
    }
  },
};

const COLUMNS: Array<[string, (run: RunView) => string]> = [
  ["started (UTC)", (run) => (run.startedAt ?? run.createdAt).slice(0, 19).replace("T", " ")],
  ["status", (run) => run.status.toLowerCase()],
  ["read", (run) => String(run.counts.read)],
  ["sent", (run) => String(run.counts.sent)],
  ["already", (run) => String(run.counts.alreadySent)],
  ["invalid", (run) => String(run.counts.invalid)],
  ["still invalid", (run) => String(run.counts.stillInvalid)],
  ["rejected", (run) => String(run.counts.rejected)],
  ["repeated id", (run) => String(run.counts.duplicate)],
  ["failed", (run) => String(run.counts.failed)],
  ["run id", (run) => run.id],
];

function table(runs: RunView[]): string {
  const cells = [COLUMNS.map(([title]) => title), ...runs.map((run) => COLUMNS.map(([, value]) => value(run)))];
  const widths = COLUMNS.map((_, index) => Math.max(...cells.map((row) => row[index]!.length)));
  return (
    cells
      .map((row) =>
        row
          .map((cell, index) => cell.padEnd(widths[index]!))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}
