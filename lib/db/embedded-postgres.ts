import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { embeddedPostgresUrl } from "./embedded-postgres-url";

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
export async function startEmbeddedPostgres(
  options: {
    dataDir?: string;
    port?: number;
    maxConnections?: number;
  } = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 40,
  });
  keepProtocolCyclesTogether(server);
  await server.start();
  const port = await new Promise<number>((resolve, reject) => {
    // The socket server exposes its net.Server only privately; the listening address is the
    // reliable way to learn which port the OS chose.
    const address = (
      server as unknown as { server?: { address(): { port: number } | string | null } }
    ).server?.address();
    if (address && typeof address === "object") resolve(address.port);
    else if (options.port) resolve(options.port);
    else reject(new Error("embedded PostgreSQL did not report its port"));
  });
  return {
    url: embeddedPostgresUrl(port),
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Startup, simple Query, Sync and Terminate end a unit of work; any other message (Parse, Bind,
 * Describe, Execute, Close, Flush) is part of an extended-protocol cycle that a Sync will end. */
function endsCycle(message: Uint8Array): boolean {
  if (message.length >= 8 && new DataView(message.buffer, message.byteOffset, 8).getInt32(4) === 196608) return true;
  const type = String.fromCharCode(message[0] ?? 0);
  return type === "Q" || type === "S" || type === "X";
}

/**
 * pglite-socket 0.2.17 queues each protocol message on its own and, outside a transaction, lets
 * the next message come from any connection. An extended-protocol query (Parse, Bind, Execute,
 * Sync) whose messages arrive in several TCP reads can then be interleaved with another
 * connection's, and the single backend binds one client's parameters to another's statement
 * ("bind message supplies 2 parameters, but prepared statement requires 3") — or, worse, runs
 * the wrong query. This keeps serving one connection from its first message of a cycle until
 * the message that ends it, as the library already does for a whole transaction. (Reproduced in
 * embedded-postgres.test.ts.)
 */
function keepProtocolCyclesTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let midCycleHandler: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = midCycleHandler ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const index = owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === owner);
        // The connection that owns the backend has not sent its next message yet: wait for it
        // (its enqueue calls processQueue again).
        if (index === -1) break;
        const [item] = this.queue.splice(index, 1);
        if (!item) break;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          midCycleHandler = null;
          item.reject(error);
          continue;
        }
        midCycleHandler = endsCycle(item.message) ? null : item.handlerId;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clearQueueForHandler(handlerId);
    // A client that hung up mid-cycle must not hold the backend for ever.
    if (midCycleHandler === handlerId) {
      midCycleHandler = null;
      void queue.processQueue();
    }
  };
}
