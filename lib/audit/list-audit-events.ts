import type { Db } from "../db/client";
import { decodeCursor, encodeCursor } from "../db/keyset-cursor";

export interface AuditEventView {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  target: string | null;
  details: string;
}

function describeDetails(details: unknown): string {
  if (!details || typeof details !== "object" || Array.isArray(details)) return "";
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ");
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
  return {
    events: page.map<AuditEventView>((row) => ({
      id: row.id,
      at: row.createdAt.toISOString(),
      actorEmail: row.actorEmail,
      action: row.action,
      target: row.targetType ? `${row.targetType} ${row.targetId ?? ""}`.trim() : null,
      details: describeDetails(row.details),
    })),
    nextCursor: rows.length > pageSize && last ? encodeCursor(last) : null,
  };
}
