import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { ensureDatabaseExists } from "@/lib/db/ensure-database";
import { migrateDatabase, MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrate";
import { keysInLedger, ledgerKeyCount, lookUpLedger } from "./sent-ledger";
import { isSingleBackendDatabase, ONLY_ON_POSTGRES } from "../sync-test-harness";

// The compact_ledger migration on a ledger of a million keys, as a database that has synced for
// a while has one: every key must still be found afterwards (or a re-run would send it again),
// and an unfinished run must still recognise the keys it sent itself.
const serverUrl = inject("databaseUrl");
const embedded = await isSingleBackendDatabase(serverUrl);
if (embedded) console.warn(`${import.meta.url.split("/").pop()} skipped: ${ONLY_ON_POSTGRES.databases}`);
const KEYS = 1_000_000;
const url = (() => {
  const next = new URL(serverUrl);
  next.pathname = `/sluice_ledger_migration_${randomBytes(4).toString("hex")}`;
  return next.toString();
})();
let db: Db | undefined;

beforeAll(async () => {
  if (embedded) return;
  await ensureDatabaseExists(url);
});

afterAll(async () => {
  await db?.$disconnect();
  if (embedded) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
});

test.skipIf(embedded)(
  `carries a ledger of ${KEYS.toLocaleString("en-US")} keys into buckets: none lost, an active run's kept as its own`,
  async () => {
    // The migrations before compact_ledger, as a database had them.
    const before = mkdtempSync(path.join(os.tmpdir(), "sluice-migrations-"));
    try {
      for (const { name } of readMigrations().filter((migration) => migration.name < "20261206070647_compact_ledger")) {
        cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
      }
      await migrateDatabase(url, before);
    } finally {
      rmSync(before, { recursive: true, force: true });
    }

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO "Destination" (id, name, "updatedAt") VALUES ('dest-a', 'A', now()), ('dest-b', 'B', now())`,
      );
      await client.query(
        `INSERT INTO "SyncRun" (id, "destinationId", trigger, status) VALUES ('run-old', 'dest-a', 'MANUAL', 'SUCCEEDED'), ('run-active', 'dest-b', 'MANUAL', 'RUNNING')`,
      );
      await client.query(
        `INSERT INTO "SentConversion" ("destinationId", "rowKey", "runId", "sentAt") SELECT 'dest-a', 'ORD-' || n, 'run-old', now() - interval '1 day' FROM generate_series(1, $1::int) AS n`,
        [KEYS],
      );
      await client.query(
        `INSERT INTO "SentConversion" ("destinationId", "rowKey", "runId", "sentAt") SELECT 'dest-b', 'ORD-' || n, 'run-active', now() - interval '1 hour' FROM generate_series(1, 1000) AS n`,
      );
    } finally {
      await client.end();
    }

    const { applied } = await migrateDatabase(url);
    expect(applied).toContain("20261206070647_compact_ledger");
    db = createDb(url, { max: 2 });

    expect(await ledgerKeyCount(db, "dest-a")).toBe(KEYS);
    expect(await db.sentConversion.count({ where: { destinationId: "dest-a" } })).toBe(0);
    // Every key, checked on the server with the migration's own function...
    const [{ found }] = (await db.$queryRaw<Array<{ found: bigint }>>`
    SELECT count(*) AS found FROM generate_series(1, ${KEYS}::int) AS n
    CROSS JOIN LATERAL sluice_ledger_key('ORD-' || n) AS l
    JOIN "SentKeyBucket" b ON b."destinationId" = 'dest-a' AND b.bucket = l.bucket
    WHERE l.digest = ANY(b.digests)`) as [{ found: bigint }];
    expect(Number(found)).toBe(KEYS);
    // ...and a spread of them through the lookup a run makes, which hashes in JavaScript.
    const sample = Array.from({ length: 20_000 }, (_, i) => `ORD-${1 + ((i * 7_919) % KEYS)}`);
    expect((await keysInLedger(db, "dest-a", sample)).size).toBe(new Set(sample).size);
    // Keys never sent are not found: nothing new would be skipped.
    expect((await keysInLedger(db, "dest-a", ["ORD-0", `ORD-${KEYS + 1}`, "ord-1"])).size).toBe(0);

    // The active run's keys stay as they were: that run, resumed, counts them as its own.
    expect(await db.sentConversion.count({ where: { destinationId: "dest-b" } })).toBe(1000);
    const resumed = await lookUpLedger(
      db,
      {
        destinationId: "dest-b",
        runId: "run-active",
        claimedAt: new Date().toISOString().replace("T", " ").slice(0, 23),
      },
      ["ORD-1", "ORD-1000", "ORD-1001"],
    );
    expect(Object.fromEntries(resumed)).toEqual({ "ORD-1": "carried", "ORD-1000": "carried" });

    // On disk: the buckets and their index, per key.
    const [{ bytes }] = (await db.$queryRaw<
      Array<{ bytes: bigint }>
    >`SELECT pg_total_relation_size('"SentKeyBucket"') AS bytes`) as [{ bytes: bigint }];
    expect(Number(bytes) / KEYS).toBeLessThanOrEqual(40);
  },
  300_000,
);
