import type { XConnectionKind } from "@/lib/generated/prisma/client";

/**
 * What pages may know about an X connection. Built from a Prisma `select` that never reads the
 * sealed token columns, so a token cannot reach a client prop even by accident.
 */
export interface XConnectionView {
  id: string;
  kind: XConnectionKind;
  label: string;
  /** OAUTH: "@acme_admin". */
  handle: string | null;
  xUserId: string | null;
  /** PIXEL_TOKEN: the pixel the token sends to. */
  pixelId: string | null;
  connectedByEmail: string | null;
  connectedAt: string;
  revokedAt: string | null;
  destinationCount: number;
}

export const xConnectionViewSelect = {
  id: true,
  kind: true,
  label: true,
  screenName: true,
  xUserId: true,
  pixelId: true,
  connectedByEmail: true,
  createdAt: true,
  updatedAt: true,
  revokedAt: true,
  _count: { select: { destinations: true } },
} as const;

interface SelectedConnection {
  id: string;
  kind: XConnectionKind;
  label: string;
  screenName: string | null;
  xUserId: string | null;
  pixelId: string | null;
  connectedByEmail: string | null;
  updatedAt: Date;
  revokedAt: Date | null;
  _count: { destinations: number };
}

export function toXConnectionView(row: SelectedConnection): XConnectionView {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    handle: row.screenName ? `@${row.screenName}` : null,
    xUserId: row.xUserId,
    pixelId: row.pixelId,
    connectedByEmail: row.connectedByEmail,
    // A reconnect refreshes the tokens, so "connected at" is the last time someone authorized.
    connectedAt: row.updatedAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    destinationCount: row._count.destinations,
  };
}
