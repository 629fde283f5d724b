import pg from "pg";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { openOrNull, type SecretBox } from "../../crypto/secret-box";
import { createDb, type Db } from "../../db/client";
import { DEMO_CONVERSIONS_QUERY, DEMO_CONVERSIONS_TABLE, seedDemoConversions } from "./demo-conversions";
import { loadSourceGuard } from "../postgres/load-source-guard";
import { createPostgresQuerySource } from "../postgres/postgres-query-source";
import { redactConnectionString } from "../postgres/redact-connection-string";
import { columnsToJson } from "../source-columns";
import { sourceSecretBox } from "../source-secret-box";

export const DEMO_SOURCE_NAME = "Demo orders";
const DEMO_ROWS = 3_000;
// Serialises two start-ups racing to create the demo source.
const DEMO_SOURCE_LOCK = 7_301_944_212;

export interface EnsureDemoSourceResult {
  /** The demo source, or null when someone deleted it (it is not brought back). */
  sourceId: string | null;
  created: boolean;
  seededRows: number;
}

/**
 * The built-in demo: a `demo_conversions` table of realistic orders in the demo database (an
 * embedded PostgreSQL of its own that `npm start` runs, never Sluice's own database, which a
 * source may not read), seeded when missing so its rows stay put across restarts like a real
 * customer table would, and a PostgreSQL source "Demo orders" reading it, created once. The audit
 * log remembers that it was created, so a demo source someone deleted stays deleted. When the
 * demo database moved (it may get another port at each start; earlier versions kept the table in
 * Sluice's own database), the saved connection string follows it.
 */
export async function ensureDemoSource(
  db: Db,
  databaseUrl: string,
  options: { secretBox?: SecretBox; rows?: number } = {},
): Promise<EnsureDemoSourceResult> {
  const box = options.secretBox ?? sourceSecretBox();
  const seededRows = (await demoTableExists(databaseUrl))
    ? 0
    : (await seedDemoConversions(databaseUrl, { rows: options.rows ?? DEMO_ROWS })).rows;
  // Read before any transaction, through the same checks as any source: the demo database is the
  // sandbox named here, so only its role check is skipped.
  const demo = new URL(databaseUrl);
  const guard = { ...(await loadSourceGuard(db)), sandbox: { host: demo.hostname, port: Number(demo.port || 5432) } };
  const columns = await createPostgresQuerySource({
    connectionString: databaseUrl,
    query: DEMO_CONVERSIONS_QUERY,
    guard,
  }).columns();

  const result = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEMO_SOURCE_LOCK})`;
    const marker = await tx.auditEvent.findFirst({
      where: { action: "source.created", targetType: "source", details: { path: ["demo"], equals: true } },
      select: { targetId: true },
    });
    if (marker) {
      const existing = marker.targetId
        ? await tx.source.findUnique({
            where: { id: marker.targetId },
            select: { id: true, connectionStringSealed: true },
          })
        : null;
      if (!existing) return { sourceId: null, created: false };
      if (!sealsUrl(box, existing.connectionStringSealed, databaseUrl)) {
        await tx.source.update({
          where: { id: existing.id },
          data: {
            connectionStringSealed: box.seal(databaseUrl),
            connectionStringRedacted: redactConnectionString(databaseUrl),
          },
        });
      }
      return { sourceId: existing.id, created: false };
    }
    const source = await tx.source.create({
      data: {
        name: DEMO_SOURCE_NAME,
        kind: "POSTGRES",
        connectionStringSealed: box.seal(databaseUrl),
        connectionStringRedacted: redactConnectionString(databaseUrl),
        query: DEMO_CONVERSIONS_QUERY,
        columns: columnsToJson(columns),
        columnsCheckedAt: new Date(),
      },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      null,
      "source.created",
      { type: "source", id: source.id },
      { name: DEMO_SOURCE_NAME, kind: "POSTGRES", demo: true },
    );
    return { sourceId: source.id, created: true };
  });
  return { ...result, seededRows };
}

function sealsUrl(box: SecretBox, sealed: string | null, url: string): boolean {
  return sealed !== null && openOrNull(box, sealed) === url;
}

async function demoTableExists(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "sluice-demo-seed" });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS "exists"`, [
      DEMO_CONVERSIONS_TABLE,
    ]);
    return rows[0]?.exists === true;
  } finally {
    await client.end();
  }
}

/** For the start script: ensures the demo source (its data in the demo database at
 * `demoDatabaseUrl`) on its own short-lived client of Sluice's database at `databaseUrl`, and
 * returns a log line. Never throws: a demo that cannot be set up must not keep Sluice from
 * starting. */
export async function prepareDemoSource(databaseUrl: string, demoDatabaseUrl: string): Promise<string> {
  const db = createDb(databaseUrl, { max: 2 });
  try {
    const demo = await ensureDemoSource(db, demoDatabaseUrl);
    const state = demo.created ? "created" : demo.sourceId ? "ready" : "deleted earlier, not recreated";
    return `demo source "${DEMO_SOURCE_NAME}": ${state}${demo.seededRows ? `; ${demo.seededRows} demo orders seeded` : ""}`;
  } catch (error) {
    return `demo source not set up: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await db.$disconnect();
  }
}
