import { SourceError } from "../source-error";

/**
 * What Sluice connects to for a PostgreSQL source: the parts of the connection string it allows,
 * parsed here and handed to the driver as plain settings. The string itself never reaches the
 * driver, whose own parser would read `sslrootcert`, `sslcert` and `sslkey` as files on Sluice's
 * server (`/dev/zero` grew memory without bound; a missing file told an editor which files exist)
 * and would take `host=/var/run/postgresql` as a Unix socket on that server. Client-safe: the
 * source form's schema checks a string with the same function.
 */
export interface SourceConnectionConfig {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  /** false: plain TCP. Otherwise TLS, verified against the public CAs unless sslmode=no-verify. */
  ssl: false | { rejectUnauthorized: boolean };
}

/** The query parameters a source connection string may carry. Everything else is refused. */
export const ALLOWED_CONNECTION_PARAMETERS = ["sslmode", "ssl"] as const;

const SSL_MODES: Record<string, SourceConnectionConfig["ssl"]> = {
  disable: false,
  // Like node-postgres: every mode that asks for TLS gets it verified (libpq's "prefer" would fall
  // back to plain text on its own, which a driver that cannot retry must not do silently).
  allow: { rejectUnauthorized: true },
  prefer: { rejectUnauthorized: true },
  require: { rejectUnauthorized: true },
  "verify-ca": { rejectUnauthorized: true },
  "verify-full": { rejectUnauthorized: true },
  // For servers with a self-signed certificate: encrypted, not verified.
  "no-verify": { rejectUnauthorized: false },
};

const EXAMPLE = "postgresql://user:password@host:5432/database";
// A host name, an IPv4 address, or a bracketed IPv6 address, as URL gives them back. No "%" (an
// encoded "/" would make the driver use a Unix socket) and no "," (libpq's list of hosts).
const HOST = /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?$|^\[[0-9a-f:.]+\]$/i;
// C0 and C1 controls and DEL, in the string or in any decoded part of it.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function refuse(message: string): SourceError {
  return new SourceError("invalid_connection_string", message);
}

function decodePart(raw: string, what: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw refuse(
      `The ${what} in the connection string has a broken %-escape. Percent-encode special characters (e.g. @ as %40).`,
    );
  }
  if (CONTROL.test(decoded))
    throw refuse(`The ${what} in the connection string contains control characters. Remove them.`);
  return decoded;
}

/** Parses and checks a source connection string; throws a SourceError that says what to change. */
export function parseSourceConnectionString(text: string): SourceConnectionConfig {
  const trimmed = text.trim();
  if (CONTROL.test(trimmed))
    throw refuse("Remove the control characters (such as NUL, tabs or escape codes) from the connection string.");
  if (!/^postgres(ql)?:\/\//i.test(trimmed)) throw refuse(`Use the URL form: ${EXAMPLE}.`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw refuse(
      `This is not a valid URL (it should look like ${EXAMPLE}). Percent-encode special characters in the password (e.g. @ as %40).`,
    );
  }
  if (!url.hostname) throw refuse(`Add the server's host name: ${EXAMPLE}.`);
  if (!HOST.test(url.hostname))
    throw refuse(
      "Use one plain host name or IP address: Sluice does not connect to Unix sockets or to a list of hosts.",
    );
  const port = url.port ? Number(url.port) : 5432;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw refuse("Use a port between 1 and 65535.");
  if (url.hash) throw refuse("Remove the part after # from the connection string.");

  let ssl: SourceConnectionConfig["ssl"] = false;
  const seen = new Set<string>();
  for (const [key, value] of url.searchParams) {
    const name = key.toLowerCase();
    if (seen.has(name)) throw refuse(`The parameter "${key}" is given twice. Keep one.`);
    seen.add(name);
    if (name === "sslmode") {
      const mode = SSL_MODES[value.toLowerCase()];
      if (mode === undefined)
        throw refuse(`sslmode "${value}" is not known. Use disable, require, verify-full or no-verify.`);
      ssl = mode;
    } else if (name === "ssl") {
      if (/^(true|1)$/i.test(value)) ssl = { rejectUnauthorized: true };
      else if (/^(false|0)$/i.test(value)) ssl = false;
      else throw refuse('ssl must be "true" or "false".');
    } else if (/^ssl(rootcert|cert|key|crl|password)$/.test(name)) {
      throw refuse(
        `Sluice does not read certificate files from its own server, so "${key}" is not accepted. Use sslmode=require (the server's certificate is checked against the public authorities) or sslmode=no-verify (encrypted, not checked).`,
      );
    } else {
      throw refuse(`The parameter "${key}" is not supported. A source connection string may only carry sslmode.`);
    }
  }
  if (seen.has("sslmode") && seen.has("ssl")) throw refuse("Use either sslmode or ssl, not both.");

  const user = decodePart(url.username, "user name") || "postgres";
  const password = url.password ? decodePart(url.password, "password") : undefined;
  const database = decodePart(url.pathname.replace(/^\//, ""), "database name") || user;
  if (database.includes("/")) throw refuse("The database name cannot contain a slash.");
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port, user, password, database, ssl };
}

/** For form schemas: the reason a connection string is refused, or null when it is fine. */
export function sourceConnectionStringProblem(text: string): string | null {
  try {
    parseSourceConnectionString(text);
    return null;
  } catch (error) {
    if (error instanceof SourceError) return error.message;
    throw error;
  }
}
