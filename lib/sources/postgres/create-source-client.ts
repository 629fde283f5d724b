import pg from "pg";
import type { SourceConnectionConfig } from "./source-connection-config";
import { SizeLimitedMessages } from "./size-limited-messages";

export interface SourceClient {
  client: pg.Client;
  /** The size filter on what the server sends; set once the connection is up. */
  messages(): SizeLimitedMessages | null;
}

interface PgConnection {
  attachListeners(stream: unknown): void;
}
type PgConnectionClass = new (config: Record<string, unknown>) => PgConnection;
// node-postgres exports its Connection class but @types/pg does not describe attachListeners.
const Connection = (pg as unknown as { Connection: PgConnectionClass }).Connection;

/**
 * A pg.Client for a source, built from checked settings rather than a connection string, with
 * every message from the server passing through SizeLimitedMessages. node-postgres attaches its
 * parser in `attachListeners`, to the socket or, after TLS starts, to the TLS stream, so the
 * filter always sees plain protocol bytes.
 */
export function createSourceClient(config: SourceConnectionConfig, connectTimeoutMs: number): SourceClient {
  let messages: SizeLimitedMessages | null = null;
  class SizeLimitedConnection extends Connection {
    override attachListeners(stream: NodeJS.ReadableStream & { destroy(error?: Error): void }) {
      messages = new SizeLimitedMessages(stream);
      super.attachListeners(messages);
    }
  }
  const connection = new SizeLimitedConnection({ ssl: config.ssl, keepAlive: true, encoding: "utf8" });
  const settings = {
    host: config.host,
    port: config.port,
    user: config.user,
    database: config.database,
    // A function, so that a missing password is sent as empty: with none, node-postgres would look
    // in PGPASSWORD and ~/.pgpass on Sluice's server and log in with what it finds there.
    password: async () => config.password ?? "",
    ssl: config.ssl,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: "sluice-source",
    keepAlive: true,
    // Undocumented in @types/pg, but the Client constructor takes a prepared Connection.
    connection,
  };
  const client = new pg.Client(settings as pg.ClientConfig);
  // A dropped connection is reported by the pending query; without a listener, pg's 'error'
  // event on an idle client would crash the process.
  client.on("error", () => undefined);
  return { client, messages: () => messages };
}
