import type { Db } from "../db/client";
import { decodeCursor, encodeCursor } from "../db/keyset-cursor";
import { describeAuditTargets, type AuditTargetView } from "./describe-audit-targets";

export interface AuditEventView {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  /** What the event was about, by name (with a link while it still exists). */
  target: AuditTargetView | null;
  details: string;
}

/** Newest first, keyset-paged on (createdAt, id): pages stay fast as the log grows. */
export async function listAuditEvents(db: Db, options: { cursor?: string | null; pageSize?: number } = {}) {
  const pageSize = options.pageSize ?? 50;
  const after = decodeCursor(options.cursor);
  const rows = await db.auditEvent.findMany({
    where: after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const described = await describeAuditTargets(db, page);
  return {
    events: page.map<AuditEventView>((row, index) => ({
      id: row.id,
      at: row.createdAt.toISOString(),
      actorEmail: row.actorEmail,
      action: row.action,
      target: described[index]!.target,
      details: described[index]!.details,
    })),
    nextCursor: rows.length > pageSize && last ? encodeCursor(last) : null,
  };
}
