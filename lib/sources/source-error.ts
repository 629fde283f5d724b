/**
 * The one error class every source throws for an expected failure, so the UI can show `message`
 * as is and branch on `code`. Messages are written for the person who typed the connection string
 * or uploaded the file, and never contain a password or a full connection string.
 */
export type SourceErrorCode =
  // Reaching the database
  | "invalid_connection_string"
  | "connection_timeout"
  | "connection_failed"
  | "auth_failed"
  | "not_postgres"
  // What the connection may reach (lib/sources/postgres/source-guard.ts)
  | "own_database"
  | "privileged_role"
  // The query
  | "empty_query"
  | "not_a_query"
  | "multiple_statements"
  | "syntax_error"
  | "invalid_query"
  | "permission_denied"
  | "read_only"
  | "timeout"
  | "query_failed"
  // CSV files
  | "empty_file"
  | "file_too_large"
  | "too_many_columns"
  | "line_too_long"
  | "file_unreadable"
  // Either kind
  | "aborted";

/** Where in the query text an error points; line and column are 1-based, in characters. */
export interface SourceErrorPosition {
  offset: number;
  line: number;
  column: number;
}

export interface SourceErrorDetails {
  /** The PostgreSQL SQLSTATE, when the server reported one. */
  sqlState?: string;
  position?: SourceErrorPosition;
  /** The server's hint, when it gave one (e.g. "Perhaps you meant to reference the column..."). */
  hint?: string;
  /** The CSV line the error is about. */
  line?: number;
  /** For "privileged_role": the SQL that creates a user that can only read. */
  roleSql?: string;
  cause?: unknown;
}

export class SourceError extends Error {
  readonly code: SourceErrorCode;
  readonly sqlState?: string;
  readonly position?: SourceErrorPosition;
  readonly hint?: string;
  readonly line?: number;
  readonly roleSql?: string;

  constructor(code: SourceErrorCode, message: string, details: SourceErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "SourceError";
    this.code = code;
    if (details.sqlState !== undefined) this.sqlState = details.sqlState;
    if (details.position !== undefined) this.position = details.position;
    if (details.hint !== undefined) this.hint = details.hint;
    if (details.line !== undefined) this.line = details.line;
    if (details.roleSql !== undefined) this.roleSql = details.roleSql;
  }
}

/** The fieldErrors entry of an action's answer that carries the SQL for a read-only database
 * user (with a "privileged_role" refusal), so the form can show it as code. */
export const READ_ONLY_ROLE_SQL_FIELD = "readOnlyRoleSql";

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}

export function abortedError(): SourceError {
  return new SourceError("aborted", "Reading the source was cancelled.");
}
