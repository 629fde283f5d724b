import { positionInQuery } from "./check-source-query";
import { scrubSecrets } from "./redact-connection-string";
import { SourceError, isSourceError, type SourceErrorDetails } from "../source-error";

export interface PostgresErrorContext {
  connectionString: string;
  host: string;
  port: number;
  user: string;
  database: string;
  /** The user's query, and how many characters were put before it when it was sent, so that the
   * server's error position can be shown as a line and column of what the user wrote. */
  query?: string;
  queryOffset?: number;
  statementTimeoutMs?: number;
}

interface ErrorFields {
  code?: unknown;
  message?: unknown;
  position?: unknown;
  hint?: unknown;
}

/**
 * Turns whatever `pg` threw into a SourceError with a message a marketer or data engineer can act
 * on. Unknown failures keep the server's own message (scrubbed of secrets), never a stack.
 */
export function toPostgresSourceError(error: unknown, context: PostgresErrorContext): SourceError {
  if (isSourceError(error)) return error;
  const fields: ErrorFields = typeof error === "object" && error !== null ? (error as ErrorFields) : {};
  const code = typeof fields.code === "string" ? fields.code : "";
  const rawMessage = typeof fields.message === "string" ? fields.message : String(error);
  const serverMessage = code.startsWith("22") ? withoutQuotedValues(rawMessage) : rawMessage;
  const details: SourceErrorDetails = { cause: error };
  if (/^[0-9A-Z]{5}$/.test(code)) details.sqlState = code;
  if (typeof fields.hint === "string") details.hint = scrubSecrets(fields.hint, context.connectionString);

  const make = (kind: ConstructorParameters<typeof SourceError>[0], message: string) =>
    new SourceError(kind, scrubSecrets(message, context.connectionString), details);
  const server = `${context.host}:${context.port}`;

  switch (code) {
    case "42501":
      return make(
        "permission_denied",
        `Permission denied: ${serverMessage}. Ask your database administrator to grant this user SELECT on what the query reads.`,
      );
    case "25006":
      return make(
        "read_only",
        `Sluice only reads from your database, and this query tries to write (${serverMessage}).`,
      );
    case "57014":
      if (/statement timeout/i.test(serverMessage)) return timeoutError(context, error);
      return make("aborted", "The query was cancelled.");
  }
  if (code === "0A000" && /data-modifying/i.test(serverMessage)) {
    return make(
      "read_only",
      "Sluice only reads from your database, and this query changes data (INSERT, UPDATE or DELETE inside WITH).",
    );
  }
  if (code === "42601" && /multiple commands/i.test(serverMessage)) {
    return make(
      "multiple_statements",
      "The query holds more than one statement. Use a single SELECT (a semicolon at the end is fine).",
    );
  }
  if (code.startsWith("42") || code === "22P02") {
    const position = queryPosition(fields.position, context);
    if (position) details.position = position;
    const where = position ? ` (line ${position.line}, column ${position.column})` : "";
    return make(code === "42601" ? "syntax_error" : "invalid_query", `${capitalize(serverMessage)}${where}.`);
  }
  if (code.startsWith("08") || code === "57P01" || /terminated|ECONNRESET/i.test(serverMessage)) {
    return make(
      "connection_failed",
      `The connection to ${server} was lost while the query ran. Try again; if it keeps happening, ask your database administrator.`,
    );
  }
  return make("query_failed", `The query failed: ${serverMessage}.`);
}

/**
 * An error met while connecting and logging in, as one of a few fixed messages that never quote
 * the server or the network: an editor must not be able to tell an SSH port from a closed one or
 * a firewall from a web server by reading error texts (SourceError codes connection_failed,
 * connection_timeout, auth_failed, not_postgres). The cause stays on the error for the logs.
 */
export function toConnectError(error: unknown, context: PostgresErrorContext): SourceError {
  if (isSourceError(error)) return error;
  const fields: ErrorFields = typeof error === "object" && error !== null ? (error as ErrorFields) : {};
  const code = typeof fields.code === "string" ? fields.code : "";
  const message = typeof fields.message === "string" ? fields.message : String(error);
  const server = `${context.host}:${context.port}`;
  const details: SourceErrorDetails = { cause: error };
  if (code === "28P01" || code === "28000" || code === "3D000") {
    return new SourceError(
      "auth_failed",
      `The server at ${server} did not let user "${context.user}" log in to database "${context.database}". Check the user name, the password and the database name.`,
      { ...details, sqlState: code },
    );
  }
  if (code === "ETIMEDOUT" || /timeout/i.test(message)) {
    return new SourceError(
      "connection_timeout",
      `Could not connect to ${server} in time. Check the host and port, and that a firewall lets Sluice through.`,
      details,
    );
  }
  if (/^(SELF_SIGNED|DEPTH_ZERO|UNABLE_TO_|CERT_|ERR_TLS_CERT)/.test(code)) {
    return new SourceError(
      "connection_failed",
      `The certificate of ${server} could not be verified. If the server uses a self-signed certificate, add ?sslmode=no-verify (encrypted, not verified).`,
      details,
    );
  }
  if (/^E[A-Z_]+$/.test(code) || /^(08|53|57)/.test(code)) {
    return new SourceError(
      "connection_failed",
      `Could not connect to ${server}. Check the host and port, and that the server accepts connections from Sluice.`,
      details,
    );
  }
  return new SourceError(
    "not_postgres",
    `${server} did not answer as a PostgreSQL server does. Check the host and port, and sslmode (disable for a server without TLS).`,
    details,
  );
}

export function timeoutError(context: PostgresErrorContext, cause?: unknown): SourceError {
  const limit =
    context.statementTimeoutMs === undefined
      ? "the time limit"
      : `the ${formatDuration(context.statementTimeoutMs)} limit`;
  return new SourceError(
    "timeout",
    `The query ran longer than ${limit} and was cancelled. Narrow it with a WHERE clause or ask for an index.`,
    {
      sqlState: "57014",
      cause,
    },
  );
}

function queryPosition(raw: unknown, context: PostgresErrorContext) {
  const position = Number(raw);
  if (!context.query || !Number.isInteger(position) || position < 1) return undefined;
  const inQuery = position - (context.queryOffset ?? 0);
  return inQuery >= 1 ? positionInQuery(context.query, inQuery) : undefined;
}

// Data exceptions (SQLSTATE class 22) quote the value that failed, e.g. `invalid input syntax for
// type bigint: "(555) 201-3344"`. Met half-way through a sync, that is a customer's phone number
// or e-mail in the run's error, kept in its history and shown to every viewer, so the quoted
// value becomes "…" (the type and the position still say where to look).
function withoutQuotedValues(message: string): string {
  return message.replace(/"[\s\S]*"/, '"…"');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatDuration(ms: number): string {
  if (ms % 1000 !== 0) return `${ms} ms`;
  const seconds = ms / 1000;
  return seconds === 1 ? "1-second" : `${seconds}-second`;
}
