import { AppError } from "../errors";
import { isSourceError, READ_ONLY_ROLE_SQL_FIELD, type SourceErrorCode } from "./source-error";

/** Which form field a source error is about, so the form can show it next to that field. */
export type SourceErrorField = "connectionString" | "query" | "file" | "_form";

const FIELD_OF: Record<SourceErrorCode, SourceErrorField> = {
  invalid_connection_string: "connectionString",
  connection_timeout: "connectionString",
  connection_failed: "connectionString",
  auth_failed: "connectionString",
  not_postgres: "connectionString",
  own_database: "connectionString",
  privileged_role: "connectionString",
  empty_query: "query",
  not_a_query: "query",
  multiple_statements: "query",
  syntax_error: "query",
  invalid_query: "query",
  permission_denied: "query",
  read_only: "query",
  timeout: "query",
  query_failed: "query",
  empty_file: "file",
  file_too_large: "file",
  too_many_columns: "file",
  line_too_long: "file",
  file_unreadable: "file",
  aborted: "_form",
};

/**
 * A SourceError as the typed, user-facing AppError actions return: its message (already written
 * for the person and scrubbed of secrets) plus the server's hint, filed under the field it is
 * about. Anything else is rethrown untouched, to be logged and hidden.
 */
export function sourceErrorToAppError(error: unknown): unknown {
  if (!isSourceError(error)) return error;
  const message = error.hint ? `${error.message} Hint: ${error.hint}` : error.message;
  // The SQL for a read-only user travels as its own entry, so the form can show it as code.
  const extra: Record<string, string[]> = error.roleSql ? { [READ_ONLY_ROLE_SQL_FIELD]: [error.roleSql] } : {};
  return new AppError("VALIDATION", message, { [FIELD_OF[error.code]]: [message], ...extra });
}

/** Runs work, turning a SourceError into an AppError (see sourceErrorToAppError). */
export async function withSourceErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw sourceErrorToAppError(error);
  }
}
