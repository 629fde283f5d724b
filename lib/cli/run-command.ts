import { parseArgs } from "node:util";
import { getSharedJobQueue } from "@/lib/jobs/shared-job-queue";
import { getRun } from "@/lib/runs/get-run";
import type { RunView } from "@/lib/runs/run-view";
import { AppError } from "@/lib/errors";
import { requestSyncRun } from "@/lib/sync/lifecycle/request-sync-run";
import { findDestination, openCliDb, positionalOrUsage } from "./cli-database";
import { CliError, type CliCommand, type CliIO } from "./cli-io";

const USAGE = `Usage: sluice run <destination> [--wait] [--json]

Queues a sync of a destination (by id or exact name), exactly like "Run sync now" in the app.
A worker runs it (\`npm start\` starts one; \`npm run worker\` starts more).

  --wait    follow the run until it ends, then print its counts; exit code 0 when it
            succeeded, was up to date (nothing new to send) or partly succeeded, 1 when it
            failed or was cancelled
  --json    print the run as JSON (with --wait: the finished run)`;

const FINAL = new Set(["SUCCEEDED", "UP_TO_DATE", "PARTIAL", "FAILED", "CANCELLED"]);
// An up-to-date run is a success: a cron job re-running an unchanged source must not page anyone.
const SUCCESSFUL = new Set(["SUCCEEDED", "UP_TO_DATE", "PARTIAL"]);

export const runCommand: CliCommand = {
  summary: "queue a sync of a destination (--wait to follow it)",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parse(args);
    const reference = positionalOrUsage(positionals, "a destination");
    const db = openCliDb();
    const queue = await getSharedJobQueue();
    try {
      const destination = await findDestination(db, reference);
      const { runId } = await requestSyncRun(db, queue, { destinationId: destination.id, trigger: "CLI" }).catch(
        (error: unknown) => {
          if (error instanceof AppError) throw new CliError(error.message);
          throw error;
        },
      );
      if (!values.json) io.stdout.write(`Queued run ${runId} of ${destination.name}.\n`);
      if (!values.wait) {
        if (values.json)
          io.stdout.write(`${JSON.stringify({ runId, destinationId: destination.id, status: "QUEUED" })}\n`);
        return 0;
      }
      const run = await follow(runId, (id) => getRun(db, id), values.json ? null : io);
      if (values.json) io.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      else io.stdout.write(summary(run));
      return SUCCESSFUL.has(run.status) ? 0 : 1;
    } finally {
      await queue.stop({ graceful: false });
      await db.$disconnect();
    }
  },
};

async function follow(
  runId: string,
  read: (id: string) => Promise<RunView | null>,
  io: CliIO | null,
): Promise<RunView> {
  let last = "";
  let waitingSince = Date.now();
  let hinted = false;
  for (;;) {
    const run = await read(runId);
    if (!run) throw new CliError(`run ${runId} disappeared (was its destination deleted?)`);
    if (FINAL.has(run.status)) return run;
    if (run.status !== "QUEUED") waitingSince = Date.now();
    if (io && run.status === "QUEUED" && !hinted && Date.now() - waitingSince > 10_000) {
      hinted = true;
      io.stderr.write(
        "Still queued: is a worker running (`npm start` or `npm run worker`, with the same DATABASE_URL)?\n",
      );
    }
    const line = `  ${run.status.toLowerCase()}: ${run.counts.read.toLocaleString("en-US")} rows read${run.rowsTotalEstimate ? ` of ~${run.rowsTotalEstimate.toLocaleString("en-US")}` : ""}, ${run.counts.sent.toLocaleString("en-US")} sent\n`;
    if (io && line !== last) io.stdout.write(line);
    last = line;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function summary(run: RunView): string {
  const c = run.counts;
  const lines = [
    `Run ${run.id}: ${run.status.toLowerCase()}`,
    `  read ${c.read}, sent ${c.sent}, already sent ${c.alreadySent}, invalid ${c.invalid}, still invalid ${c.stillInvalid}, rejected by X ${c.rejected}, repeated id ${c.duplicate}, failed ${c.failed}`,
    `  ${run.requests} requests, ${run.retries} retries, ${run.rateLimited} rate-limited`,
  ];
  if (run.error) lines.push(`  error: ${run.error}`);
  return `${lines.join("\n")}\n`;
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { wait: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
    });
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}
