// Test support for the sync integration tests (never imported by the app): a customer table in
// the real PostgreSQL, Source/XConnection/Destination rows seeded with Prisma. The stand-in's
// credentials come from the tests (lib/ may not import the stand-in).
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { MappingSpecInput } from "@/lib/conversions";
import { createSecretBox, type SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { detectDatabaseProfile } from "@/lib/db/database-profile";
import { insertDestination, insertSource, insertXConnection, prismaSql, STORE } from "@/lib/testing/seed-records";
import { demoConversions, type DemoConversion } from "@/lib/sources/demo/demo-conversions";
import { openSourceReader } from "@/lib/sources/open-source-reader";
import { resolveXAdsConfig } from "@/lib/x-ads";
import { estimateSourceRows } from "./engine/estimate-source-rows";
import { createPacerRegistry } from "./engine/pacer-registry";
import type { SyncEngineDeps } from "./engine/run-sync";
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from "./sync-settings";

export { DEMO_MAPPING, STORE } from "@/lib/testing/seed-records";

/** The stand-in's demo app and one of its users' tokens (standin/seed.ts), handed in by tests. */
export interface StandinCredentials {
  consumer: { key: string; secret: string };
  token: { token: string; secret: string };
}

export const testSecrets = (): SecretBox => createSecretBox(randomBytes(32));

export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const COLUMNS = [
  "order_id",
  "email",
  "phone",
  "country",
  "twclid",
  "ip_address",
  "user_agent",
  "value",
  "currency",
  "ordered_at",
  "event_id",
] as const;
const TYPES = ["text", "text", "text", "text", "text", "text", "text", "numeric", "text", "timestamptz", "text"];

/** A customer table of demo orders (plus an event_id column, the destination's event unless
 * `eventFor` says otherwise), appended to with `from`. */
export async function seedOrders(
  url: string,
  table: string,
  options: { rows: number; from?: number; eventFor?: (index: number) => string; seed?: number },
): Promise<void> {
  const from = options.from ?? 1;
  await withPg(url, async (client) => {
    if (from === 1) {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.query(
        `CREATE TABLE ${table} (${COLUMNS.map((c, i) => `${c} ${TYPES[i]}`).join(", ")}, PRIMARY KEY (order_id))`,
      );
    }
    let batch: Array<DemoConversion & { event_id: string }> = [];
    const flush = async () => {
      const params = COLUMNS.map((column) => batch.map((row) => row[column]));
      await client.query(
        `INSERT INTO ${table} SELECT * FROM unnest(${TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(", ")})`,
        params,
      );
      batch = [];
    };
    let index = 0;
    const endAt = new Date(Date.UTC(2026, 10, 20));
    for (const row of demoConversions({ rows: from - 1 + options.rows, seed: options.seed ?? 7, endAt })) {
      index += 1;
      if (index < from) continue;
      // Order ids unique per table, so tests sharing one stand-in never collide in X's dedupe.
      batch.push({
        ...row,
        order_id: `${table}-${row.order_id}`,
        event_id: options.eventFor?.(index) ?? STORE.eventId,
      });
      if (batch.length === 2_000) await flush();
    }
    if (batch.length > 0) await flush();
  });
}

/** Source + OAuth X connection (@acme_admin) + destination, seeded straight into the database. */
export async function seedDestination(
  db: Db,
  secrets: SecretBox,
  input: {
    url: string;
    query: string;
    credentials: StandinCredentials;
    mapping?: MappingSpecInput;
    name?: string;
    target?: { adAccountId: string; pixelId: string; eventId: string };
  },
): Promise<{ destinationId: string; sourceId: string; connectionId: string }> {
  const suffix = randomBytes(3).toString("hex");
  const sql = prismaSql(db);
  const sourceId = await insertSource(sql, {
    name: `Orders ${suffix}`,
    kind: "POSTGRES",
    connectionStringSealed: secrets.seal(input.url),
    connectionStringRedacted: "postgresql://…",
    query: input.query,
  });
  const connectionId = await insertXConnection(sql, {
    xUserId: "2417045708",
    screenName: "acme_admin",
    tokenSealed: secrets.seal(input.credentials.token.token),
    tokenSecretSealed: secrets.seal(input.credentials.token.secret),
  });
  const destinationId = await insertDestination(sql, {
    name: input.name ?? `Store purchases ${suffix}`,
    connectionId,
    sourceId,
    active: true,
    mapping: input.mapping,
    target: input.target,
  });
  return { destinationId, sourceId, connectionId };
}

export function engineDeps(
  db: Db,
  secrets: SecretBox,
  standin: { url: string; credentials: StandinCredentials },
  settings: Partial<SyncSettings> = {},
): SyncEngineDeps {
  const standinUrl = standin.url;
  const merged: SyncSettings = {
    ...DEFAULT_SYNC_SETTINGS,
    retryBaseMs: 20,
    retryMaxMs: 500,
    heartbeatMs: 200,
    xTimeoutMs: 5_000,
    ...settings,
  };
  return {
    db,
    openReader: (database, sourceId, read) =>
      openSourceReader(database, sourceId, { secretBox: secrets, incremental: read?.incremental }),
    access: {
      config: resolveXAdsConfig({ adsApiBaseUrl: standinUrl, apiBaseUrl: standinUrl }),
      consumer: standin.credentials.consumer,
      secrets,
    },
    settings: merged,
    pacerFor: createPacerRegistry(merged),
    estimateRows: (database, target) => estimateSourceRows(database, secrets, target),
  };
}

/** A run's counts by reason (SyncProblemGroup, kept as problems are written) against a count of
 * its problem rows themselves: equal, group for group. */
export async function problemGroupsAndCounts(db: Db, runId: string) {
  const kept = await db.syncProblemGroup.findMany({
    where: { runId },
    select: { kind: true, code: true, count: true },
    orderBy: [{ kind: "asc" }, { code: "asc" }],
  });
  const counted = await db.syncProblem.groupBy({
    by: ["kind", "code"],
    where: { runId },
    _count: { _all: true },
    orderBy: [{ kind: "asc" }, { code: "asc" }],
  });
  return { kept, counted: counted.map((group) => ({ kind: group.kind, code: group.code, count: group._count._all })) };
}

export const uniqueTable = (prefix: string) => `${prefix}_${randomBytes(4).toString("hex")}`;

/**
 * Whether the test database is the embedded single-backend one (DatabaseProfile): the whole suite
 * runs on it, but for the few tests that need what only a PostgreSQL server does (ONLY_ON_POSTGRES).
 */
export async function isSingleBackendDatabase(url: string): Promise<boolean> {
  return (await detectDatabaseProfile(url)).singleBackend;
}

/** What the embedded database does not do, for the tests that need it: they run on PostgreSQL
 * (DATABASE_URL), as CI runs them. */
export const ONLY_ON_POSTGRES = {
  wakeUps: "needs PostgreSQL: on the embedded database a NOTIFY reaches only the connection that sent it",
  logins: "needs PostgreSQL: the embedded database lets any user log in to any database",
  databases: "needs PostgreSQL: the embedded database cannot create another database",
  runsAtOnce: "needs PostgreSQL: a worker on the embedded database takes two runs at a time",
} as const;
