import type { Db } from "../db/client";
import { insensitiveEquals } from "../db/insensitive-equals";
import { AppError } from "../server/errors";

/** Two sources with one name would be indistinguishable in the wizard's source picker. */
export async function assertSourceNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  const clash = await db.source.findFirst({
    where: { name: insensitiveEquals(name), ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) {
    const message = `A source named “${name}” already exists. Choose another name.`;
    throw new AppError("CONFLICT", message, { name: [message] });
  }
}
