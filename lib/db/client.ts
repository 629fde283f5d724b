import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;

/** A Prisma client on node-postgres. `max` bounds the pool: on the embedded PGlite every pool
 * counts against the socket server's connection limit. */
export function createDb(connectionString: string, options: { max?: number; transactionMaxWaitMs?: number } = {}): Db {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: options.max ?? 10 }),
    // How long a transaction may wait for a free connection (Prisma's default: 2 s).
    ...(options.transactionMaxWaitMs ? { transactionOptions: { maxWait: options.transactionMaxWaitMs } } : {}),
  });
}
