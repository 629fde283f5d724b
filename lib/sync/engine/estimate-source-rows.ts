import type { SecretBox } from "@/lib/crypto/secret-box";
import { subqueryBody } from "@/lib/sources/postgres/check-source-query";
import type { Db } from "@/lib/db/client";
import { loadSourceGuard } from "@/lib/sources/postgres/load-source-guard";
import { createPostgresQuerySource } from "@/lib/sources/postgres/postgres-query-source";
import type { SourceGuard } from "@/lib/sources/postgres/source-guard";
import { incrementalQuery, type IncrementalRead } from "@/lib/sources/incremental-read";

/**
 * How many rows a run will probably read, for its progress bar: `count(*)` of a Postgres query
 * (through the same read-only, time-limited reader, with a short limit), else what the
 * destination's last run that read its whole source read. Null when neither is known; the bar then shows rows
 * processed without a percentage.
 */
export async function estimateSourceRows(
  db: Db,
  secrets: SecretBox,
  target: { destinationId: string; sourceId: string },
  read: IncrementalRead | null = null,
): Promise<number | null> {
  const source = await db.source.findUnique({
    where: { id: target.sourceId },
    select: { kind: true, query: true, connectionStringSealed: true },
  });
  if (source?.kind === "POSTGRES" && source.query && source.connectionStringSealed) {
    const guard = await loadSourceGuard(db);
    // An incremental run counts its window, which an index on the cursor keeps cheap.
    const query = read ? incrementalQuery(source.query, read) : source.query;
    const counted = await countQueryRows(secrets.open(source.connectionStringSealed), query, guard).catch(() => null);
    if (counted !== null) return counted;
  }
  const last = await db.syncRun.findFirst({
    where: { destinationId: target.destinationId, readWholeSource: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { rowsRead: true },
  });
  return last && last.rowsRead > 0 ? last.rowsRead : null;
}

async function countQueryRows(connectionString: string, query: string, guard: SourceGuard): Promise<number | null> {
  const inner = subqueryBody(query);
  const reader = createPostgresQuerySource({
    connectionString,
    query: `SELECT count(*) AS n FROM (${inner}) AS sluice_rows`,
    statementTimeoutMs: 5_000,
    connectTimeoutMs: 5_000,
    guard,
  });
  const sample = await reader.sample(1);
  const value = sample.rows[0]?.values.n;
  const rows = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isFinite(rows) ? rows : null;
}
