import type { Db } from "../db/client";
import { insensitiveEquals } from "../db/insensitive-equals";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";

/** Two sources with one name would be indistinguishable in the wizard's source picker. An early
 * check, for an answer before a long upload or query check; `claimSourceName` is the one that holds. */
export async function assertSourceNameFree(
  db: Db | Prisma.TransactionClient,
  name: string,
  exceptId?: string,
): Promise<void> {
  const clash = await db.source.findFirst({
    where: { name: insensitiveEquals(name), ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) {
    const message = `A source named “${name}” already exists. Choose another name.`;
    throw new AppError("CONFLICT", message, { name: [message] });
  }
}

/**
 * The check again, inside the transaction that saves the name, under a transaction-scoped
 * advisory lock on the name (case folded): two saves of one name at the same instant take turns,
 * and the second sees the first's committed row and is refused. (A unique index on lower(name)
 * would need an expression index, which schema.prisma cannot describe.)
 * It must be the transaction's first statement: it sets READ COMMITTED, so the check after the
 * wait sees what the transaction it waited for committed (a REPEATABLE READ snapshot, from a
 * server's default_transaction_isolation, would not). PostgreSQL refuses it anywhere else.
 */
export async function claimSourceName(tx: Prisma.TransactionClient, name: string, exceptId?: string): Promise<void> {
  await tx.$executeRaw`SET TRANSACTION ISOLATION LEVEL READ COMMITTED`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${"sluice.source-name:"} || lower(${name}), 0))`;
  await assertSourceNameFree(tx, name, exceptId);
}
