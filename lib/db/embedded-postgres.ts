import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to Wasm) behind a socket server so that every ordinary
 * client (pg, Prisma's adapter, pg-boss) can connect to it over TCP, exactly as to a real server.
 * `dataDir` persists the database; without it the database lives in memory.
 *
 * PGlite has one backend: a connection holding an open transaction makes the others wait, and the
 * socket server refuses connections beyond `maxConnections` (its default is 1), so callers pass
 * at least the sum of every pool that will connect.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  port?: number;
  maxConnections?: number;
} = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 40,
  });
  await server.start();
  const port = await new Promise<number>((resolve, reject) => {
    // The socket server exposes its net.Server only privately; the listening address is the
    // reliable way to learn which port the OS chose.
    const address = (server as unknown as { server?: { address(): { port: number } | string | null } }).server?.address();
    if (address && typeof address === "object") resolve(address.port);
    else if (options.port) resolve(options.port);
    else reject(new Error("embedded PostgreSQL did not report its port"));
  });
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
