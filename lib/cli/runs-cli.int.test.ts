import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { engineDeps, seedDestination, seedOrders, testSecrets, uniqueTable } from "@/lib/sync/sync-test-harness";
import { startSyncWorker, type SyncWorker } from "@/lib/sync/lifecycle/sync-worker";
import { DEMO_ACCESS_TOKENS, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET } from "@/standin/seed";
import { startStandin, type RunningStandin } from "@/standin/start-standin";
import { sourceDatabase } from "@/lib/testing/source-database";

const root = fileURLToPath(new URL("../..", import.meta.url));
const url = inject("databaseUrl");
// Source tables live in the run's source database, read as its read-only user.
const sourceDb = sourceDatabase();
const credentials = {
  consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
  token: DEMO_ACCESS_TOKENS.admin,
};
const secrets = testSecrets();
let db: Db;
let standin: RunningStandin;
let worker: SyncWorker;

beforeAll(async () => {
  db = createDb(url, { max: 3 });
  standin = await startStandin({ rateLimit: { conversionsPerWindow: 100_000_000 } });
  const deps = engineDeps(db, secrets, { url: standin.url, credentials });
  worker = await startSyncWorker({
    databaseUrl: url,
    access: deps.access,
    settings: deps.settings,
    concurrency: 1,
    staleSeconds: 30,
    log: () => undefined,
  });
});

afterAll(async () => {
  await worker?.stop();
  await standin?.stop();
  await db?.$disconnect();
});

/** `npm run -s sluice -- ...` as a child process against this test's database. */
async function sluice(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/sluice.ts", ...args],
      {
        cwd: root,
        timeout: 90_000,
        env: { ...process.env, DATABASE_URL: url },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("sluice run / runs / export / import", { timeout: 120_000 }, () => {
  test("run --wait queues a sync through the same queue, a worker runs it, and runs lists it", async () => {
    const table = uniqueTable("cli_orders");
    await seedOrders(sourceDb.adminUrl, table, { rows: 120 });
    const { destinationId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });

    const run = await sluice("run", destinationId, "--wait");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Queued run \S+ of Store purchases/);
    expect(run.stdout).toMatch(
      /: partial\n {2}read 120, sent \d+, already sent 0, invalid \d+, still invalid 0, rejected by X 0, repeated id 0, failed 0/,
    );
    const saved = await db.syncRun.findFirstOrThrow({ where: { destinationId } });
    expect(saved).toMatchObject({ trigger: "CLI", status: "PARTIAL", rowsRead: 120 });

    const runs = await sluice("runs", destinationId);
    expect(runs.code).toBe(0);
    expect(runs.stdout.split("\n")[0]).toMatch(/^started \(UTC\)\s+status\s+read\s+sent/);
    expect(runs.stdout).toContain(saved.id);
    expect(runs.stdout).toMatch(/partial\s+120\s+/);

    // The same source again: nothing new, which a cron job must not take for a failure.
    const again = await sluice("run", destinationId, "--wait");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /: up_to_date\n {2}read 120, sent 0, already sent \d+, invalid 0, still invalid [1-9]\d*, rejected by X 0, repeated id 0, failed 0/,
    );
  });

  test("export prints the configuration without secrets; import creates a draft from it", async () => {
    const table = uniqueTable("cli_export");
    await seedOrders(sourceDb.adminUrl, table, { rows: 5 });
    const { destinationId, sourceId } = await seedDestination(db, secrets, {
      url: sourceDb.readerUrl,
      credentials,
      query: `SELECT * FROM ${table} ORDER BY order_id`,
    });
    await db.destination.update({
      where: { id: destinationId },
      data: {
        alertWebhookSealed: secrets.seal("https://hooks.example.com/services/T000/B000/secretpart"),
        alertWebhookHint: "https://hooks.example.com/…part",
        alertRejectedShare: 0.05,
        scheduleKind: "INTERVAL",
        scheduleIntervalMinutes: 60,
      },
    });

    const exported = await sluice("export", destinationId);
    expect(exported.code).toBe(0);
    const json = JSON.parse(exported.stdout) as {
      destination: { mapping: unknown; schedule: unknown; alertRejectedShare: number };
      source: { name: string };
    };
    expect(json.destination.schedule).toEqual({
      kind: "INTERVAL",
      intervalMinutes: 60,
      dailyAt: null,
      cron: null,
      timeZone: null,
    });
    expect(json.destination.alertRejectedShare).toBe(0.05);
    for (const secret of [credentials.token.token, credentials.token.secret, "secretpart", new URL(url).host, "v1."])
      expect(exported.stdout).not.toContain(secret);

    const dir = mkdtempSync(path.join(tmpdir(), "sluice-export-"));
    const file = path.join(dir, "destination.json");
    expect((await sluice("export", destinationId, "--out", file)).code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ sluice: "destination", version: 1 });

    const imported = await sluice("import", file, "--json");
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.stdout) as { destinationId: string; name: string; sourceLinked: string | null };
    expect(result.name).toMatch(/\(imported\)$/);
    expect(result.sourceLinked).toBe(json.source.name);
    const draft = await db.destination.findUniqueOrThrow({ where: { id: result.destinationId } });
    expect(draft).toMatchObject({
      status: "DRAFT",
      sourceId,
      pixelId: "o8z6j",
      eventId: "o87ne",
      scheduleKind: "INTERVAL",
      alertWebhookSealed: null,
      alertWebhookHint: null,
      nextRunAt: null,
    });
    expect(draft.mapping).toEqual(json.destination.mapping);

    // A draft cannot run, and says why.
    const refused = await sluice("run", result.destinationId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not set up yet/);
  });

  test("import refuses a file that is not an export, with the reasons", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sluice-import-"));
    const file = path.join(dir, "bad.json");
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(file, JSON.stringify({ sluice: "destination", version: 2 })),
    );
    const run = await sluice("import", file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not a Sluice destination export/);
  });
});
