import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";

export interface AuditActor {
  id: string;
  email: string;
}

/** Appends to the audit log. `details` must never hold secrets or raw identifiers. */
export async function recordAuditEvent(
  db: Db | Prisma.TransactionClient,
  actor: AuditActor | null,
  action: string,
  target?: { type: string; id: string },
  details: Prisma.InputJsonObject = {},
): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      action,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      details,
    },
  });
}
