import pg from "pg";
import { checkSourceQuery, subqueryBody } from "./check-source-query";
import { CURSOR_TYPE_LABELS, cursorTypeOfOid, incrementalQuery, type CursorType } from "../incremental-read";
import { connectCheckedSource } from "./open-read-only-cursor";
import { toPostgresSourceError } from "./postgres-source-error";
import { parseSourceConnectionString } from "./source-connection-config";
import type { SourceGuard } from "./source-guard";

export type IncrementalColumnCheck =
  | {
      ok: true;
      type: CursorType;
      /** Whether PostgreSQL can use an index for the window's filter. */
      indexed: boolean;
      /** What to say when it cannot, with a CREATE INDEX to run where the plan names the table. */
      indexAdvice: string | null;
    }
  | { ok: false; message: string };

interface CheckOptions {
  connectionString: string;
  query: string;
  guard: SourceGuard;
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * Checks a cursor column for incremental reads before it is saved: that the query returns it, that
 * it is a time or an integer, and (EXPLAIN, with sequential scans priced out of reach, so a plan
 * that still scans the table has no index to use) whether the window's filter reaches an index.
 * Nothing is read but the plan and the query's column types. Connection and query errors are
 * thrown as SourceErrors, as every source read throws them.
 */
export async function checkIncrementalColumn(options: CheckOptions, column: string): Promise<IncrementalColumnCheck> {
  checkSourceQuery(options.query);
  const config = parseSourceConnectionString(options.connectionString);
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const context = {
    connectionString: options.connectionString,
    host: config.host,
    port: config.port,
    user: config.user,
    database: config.database,
    query: options.query,
    statementTimeoutMs,
  };
  const { client, close } = await connectCheckedSource({
    config,
    context,
    guard: options.guard,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
  });
  try {
    await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.floor(statementTimeoutMs)}`);
    const inner = subqueryBody(options.query);
    let oid: number | undefined;
    try {
      const described = await client.query({
        text: `SELECT ${pg.escapeIdentifier(column)} FROM (${inner}\n) AS sluice_rows LIMIT 0`,
        queryMode: "extended",
      } as pg.QueryConfig);
      oid = described.fields[0]?.dataTypeID;
    } catch (error) {
      if ((error as { code?: string }).code === "42703")
        return { ok: false, message: `The query has no column named “${column}”.` };
      throw error;
    }
    const type = oid === undefined ? null : cursorTypeOfOid(oid);
    if (type === null) {
      return {
        ok: false,
        message: `“${column}” is not a timestamp, date or integer column, so it cannot order the rows for incremental reads.`,
      };
    }
    await client.query("SET LOCAL enable_seqscan = off");
    const explain = await client.query<{ "QUERY PLAN": unknown }>({
      text: `EXPLAIN (FORMAT JSON, VERBOSE) ${incrementalQuery(options.query, { column, type, from: SAMPLE_FROM[type], lookback: 0 })}`,
      queryMode: "extended",
    } as pg.QueryConfig);
    const plan = (explain.rows[0]?.["QUERY PLAN"] as Array<{ Plan: PlanNode }> | undefined)?.[0]?.Plan;
    return { ok: true, type, ...(await indexVerdict(client, plan, column, type)) };
  } catch (error) {
    throw toPostgresSourceError(error, context);
  } finally {
    await close();
  }
}

// The bound EXPLAIN plans for: past every row, as a recent watermark nearly is, so the planner
// weighs the window's filter as the selective one it is in practice (an ORDER BY's index would
// otherwise look as good on a small table).
const SAMPLE_FROM: Record<CursorType, string> = {
  timestamptz: "infinity",
  timestamp: "infinity",
  date: "infinity",
  integer: "9223372036854775807",
};

interface PlanNode {
  "Node Type"?: string;
  "Relation Name"?: string;
  Schema?: string;
  Filter?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}

/**
 * Whether an index serves the window's filter. The plan says so when it uses one; when it filters
 * a table instead (a small table, or an ORDER BY whose index looked cheaper), the catalog says
 * whether that table has a btree index led by the filtered column, which the planner takes once
 * the window is the small part of a large table.
 */
async function indexVerdict(
  client: pg.Client,
  plan: PlanNode | undefined,
  column: string,
  type: CursorType,
): Promise<{ indexed: boolean; indexAdvice: string | null }> {
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode | undefined) => {
    if (!node) return;
    nodes.push(node);
    node.Plans?.forEach(walk);
  };
  walk(plan);
  if (nodes.some((node) => /Index/.test(node["Node Type"] ?? "") && (node["Index Cond"] ?? "").includes(">=")))
    return { indexed: true, indexAdvice: null };
  const what = `PostgreSQL cannot use an index for “${column}” (${CURSOR_TYPE_LABELS[type]}) here, so each run still reads the whole query to find the new rows.`;
  // The table read with the window's filter, and the column as that table names it.
  const scan = nodes.find(
    (node) => / Scan$/.test(node["Node Type"] ?? "") && node["Relation Name"] && node.Filter?.includes(">="),
  );
  const filtered = scan?.Filter?.match(/\(+(?:"?[\w$]+"?\.)?"?([A-Za-z_][\w$]*)"?\s*>=/)?.[1];
  if (!scan?.["Relation Name"] || !filtered) {
    return {
      indexed: false,
      indexAdvice: `${what} The query's shape (GROUP BY, DISTINCT, LIMIT, a window function or a view) keeps the filter from reaching a table; filter on an indexed column of the table instead.`,
    };
  }
  const table = `${scan.Schema ? `${pg.escapeIdentifier(scan.Schema)}.` : ""}${pg.escapeIdentifier(scan["Relation Name"])}`;
  const { rows } = await client.query<{ found: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
       WHERE i.indrelid = $1::regclass AND a.attname = $2 AND am.amname = 'btree' AND i.indpred IS NULL
     ) AS found`,
    [table, filtered],
  );
  if (rows[0]?.found) return { indexed: true, indexAdvice: null };
  return {
    indexed: false,
    indexAdvice: `${what} Create one: CREATE INDEX ON ${table} (${pg.escapeIdentifier(filtered)});`,
  };
}
