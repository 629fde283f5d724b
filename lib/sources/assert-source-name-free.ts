import type { Db } from "../db/client";
import { AppError } from "../server/errors";

/** Two sources with one name would be indistinguishable in the wizard's source picker. */
export async function assertSourceNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  // Prisma runs a case-insensitive `equals` as ILIKE, where % and _ are wildcards and \ escapes:
  // unescaped, "Shop_2" would clash with "Shop 2", and "%" with every source.
  const pattern = name.replace(/[\\%_]/g, "\\$&");
  const clash = await db.source.findFirst({
    where: { name: { equals: pattern, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) {
    const message = `A source named “${name}” already exists. Choose another name.`;
    throw new AppError("CONFLICT", message, { name: [message] });
  }
}
