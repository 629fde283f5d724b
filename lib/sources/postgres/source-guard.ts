import type pg from "pg";
import { readOnlyRoleSql } from "./read-only-role-sql";
import { SourceError } from "../source-error";

/**
 * What a source connection is checked against, right after it logs in and before any query of the
 * user's runs: on save, on every preview and before every read of a sync.
 */
export interface SourceGuard {
  /** This installation's marker (the SluiceInstance row, also its table's COMMENT). */
  instanceMarker: string;
  /** The demo database Sluice runs itself (an embedded PostgreSQL holding demo data only, whose
   * one user is a superuser of nothing else), or null. Only its role checks are skipped. */
  sandbox: { host: string; port: number } | null;
}

/** Built-in roles whose members can reach beyond the database: read or write the server's files,
 * run programs, stop other sessions, or see every session's queries and the server's settings. */
export const PRIVILEGED_BUILT_IN_ROLES = [
  "pg_read_server_files",
  "pg_write_server_files",
  "pg_execute_server_program",
  "pg_signal_backend",
  "pg_signal_autovacuum_worker",
  "pg_monitor",
  "pg_read_all_settings",
  "pg_read_all_stats",
  "pg_stat_scan_tables",
  "pg_checkpoint",
  "pg_create_subscription",
  "pg_use_reserved_connections",
] as const;

interface GuardRow {
  isSluice: boolean;
  user: string;
  database: string;
  superRoles: string[];
  replicationRoles: string[];
  riskyRoles: string[];
  grantedFunctions: string[];
}

// Every role the user is a member of counts, not just its own attributes: a query can switch to
// any of them with set_config('role', …). The functions are the server's own ones that PUBLIC may
// not run (reading files, reloading the configuration, resetting statistics, …) but this user
// may, through an explicit GRANT. Catalogs and comments are readable by every role.
const GUARD_QUERY = `
WITH reachable AS (
  SELECT oid, rolname, rolsuper, rolreplication FROM pg_catalog.pg_roles
  WHERE pg_catalog.pg_has_role(current_user, oid, 'MEMBER')
)
SELECT
  EXISTS (SELECT 1 FROM pg_catalog.pg_description WHERE description = $1) AS "isSluice",
  current_user::text AS "user",
  current_database()::text AS "database",
  ARRAY(SELECT rolname::text FROM reachable WHERE $3 AND rolsuper ORDER BY 1) AS "superRoles",
  ARRAY(SELECT rolname::text FROM reachable WHERE $3 AND rolreplication ORDER BY 1) AS "replicationRoles",
  ARRAY(SELECT rolname::text FROM reachable WHERE $3 AND rolname = ANY($2::text[]) ORDER BY 1) AS "riskyRoles",
  ARRAY(
    SELECT DISTINCT p.proname::text FROM pg_catalog.pg_proc p
    WHERE $3 AND p.pronamespace = 'pg_catalog'::regnamespace AND p.proacl IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
      AND EXISTS (SELECT 1 FROM reachable x WHERE pg_catalog.has_function_privilege(x.oid, p.oid, 'EXECUTE'))
    ORDER BY 1 LIMIT 6
  ) AS "grantedFunctions"`;

/**
 * Refuses a connection that landed in Sluice's own database (however the connection string was
 * spelled: another host name, an IP, a proxy) or whose user can do more than read. Throws a
 * SourceError ("own_database" or "privileged_role") that says what to do instead.
 */
export async function checkSourceConnection(
  client: pg.Client,
  guard: SourceGuard,
  target: { host: string; port: number },
): Promise<void> {
  // The exact address Sluice started it on: another address could be another server.
  const isSandbox = guard.sandbox !== null && guard.sandbox.port === target.port && guard.sandbox.host === target.host;
  const { rows } = await client.query<GuardRow>({
    text: GUARD_QUERY,
    values: [guard.instanceMarker, [...PRIVILEGED_BUILT_IN_ROLES], !isSandbox],
  });
  const row = rows[0];
  if (!row)
    throw new SourceError(
      "privileged_role",
      "Sluice could not look up this user's privileges on the server, so it does not read with it.",
    );
  if (row.isSluice) {
    throw new SourceError(
      "own_database",
      "This connection leads to Sluice's own database, which holds its users, tokens and settings, so Sluice will not read from it. Keep the data to send in another database and connect to that.",
    );
  }
  const reasons = privilegeReasons(row);
  if (reasons.length > 0) {
    throw new SourceError(
      "privileged_role",
      `The database user "${row.user}" ${joinReasons(reasons)}. A source's query could then change the server or read its files, so Sluice only reads with a user that can do nothing but read. Create one with the SQL below and use it in the connection string.`,
      { roleSql: readOnlyRoleSql(row.database) },
    );
  }
}

function privilegeReasons(row: GuardRow): string[] {
  // A superuser is a member of every role and may run everything: nothing more to say.
  if (row.superRoles.includes(row.user)) return ["is a superuser"];
  const reasons: string[] = [];
  const via = (roles: string[]) =>
    roles.length === 1 && roles[0] === row.user ? "" : ` (through ${roles.join(", ")})`;
  if (row.superRoles.length > 0) reasons.push(`is a superuser${via(row.superRoles)}`);
  if (row.replicationRoles.length > 0) reasons.push(`may start replication${via(row.replicationRoles)}`);
  if (row.riskyRoles.length > 0) reasons.push(`is a member of ${row.riskyRoles.join(", ")}`);
  if (row.grantedFunctions.length > 0)
    reasons.push(`may run ${row.grantedFunctions.map((name) => `${name}()`).join(", ")}`);
  return reasons;
}

function joinReasons(reasons: string[]): string {
  return reasons.length === 1 ? reasons[0]! : `${reasons.slice(0, -1).join(", ")} and ${reasons.at(-1)}`;
}
