import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import { openOrNull, type SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createXOAuthFlow } from "@/lib/x-ads";
import type { PixelTokenConnectionInput } from "./connection-schemas";
import type { XApp } from "./x-app";
import { forgetXReads } from "./x-reads";
import { toXConnectionView, xConnectionViewSelect, type XConnectionView } from "./x-connection-view";

/** Every connection, newest first, as view models (no token columns are read). */
export async function listXConnections(db: Db, options: { includeRevoked?: boolean } = {}): Promise<XConnectionView[]> {
  const rows = await db.xConnection.findMany({
    where: options.includeRevoked ? undefined : { revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: xConnectionViewSelect,
  });
  return rows.map(toXConnectionView);
}

export async function getXConnectionView(db: Db, id: string): Promise<XConnectionView | null> {
  const row = await db.xConnection.findUnique({ where: { id }, select: xConnectionViewSelect });
  return row ? toXConnectionView(row) : null;
}

/**
 * The alternative to OAuth: an Events Manager "Conversion API" access token for one pixel,
 * sent as X-Pixel-Token. It can only send conversions, so nothing can be listed or verified.
 */
export async function addPixelTokenConnection(
  db: Db,
  box: SecretBox,
  actor: AuditActor,
  input: PixelTokenConnectionInput,
): Promise<XConnectionView> {
  return db.$transaction(async (tx) => {
    const row = await tx.xConnection.create({
      data: {
        kind: "PIXEL_TOKEN",
        pixelId: input.pixelId,
        label: input.label || `Pixel ${input.pixelId}`,
        tokenSealed: box.seal(input.token),
        connectedById: actor.id,
        connectedByEmail: actor.email,
      },
      select: xConnectionViewSelect,
    });
    await recordAuditEvent(
      tx,
      actor,
      "x_connection.pixel_token_added",
      { type: "x_connection", id: row.id },
      { pixelId: input.pixelId, label: row.label },
    );
    return toXConnectionView(row);
  });
}

/**
 * Revokes an OAuth token at X (invalidate_token) and forgets the tokens locally either way: if X
 * cannot be reached, the person is told to revoke the app in X's settings too. Destinations that
 * used the connection stay, and show it as disconnected until another is chosen.
 */
export async function disconnectXConnection(
  db: Db,
  box: SecretBox,
  app: XApp,
  actor: AuditActor,
  id: string,
): Promise<{ message: string }> {
  const connection = await db.xConnection.findUnique({ where: { id } });
  if (!connection) throw new AppError("NOT_FOUND", "That connection no longer exists.");
  if (connection.revokedAt) return { message: `${connection.label} was already disconnected.` };

  let revokedAtX: boolean | null = null;
  if (connection.kind === "OAUTH" && app.consumer && connection.tokenSealed && connection.tokenSecretSealed) {
    const key = openOrNull(box, connection.tokenSealed);
    const secret = openOrNull(box, connection.tokenSecretSealed);
    if (key !== null && secret !== null) {
      const result = await createXOAuthFlow({ config: app.config, consumer: app.consumer }).invalidateToken({
        key,
        secret,
      });
      // An already revoked token answers "unauthenticated": it is just as gone.
      revokedAtX = result.kind === "ok" || (result.kind === "auth_failure" && result.reason === "unauthenticated");
    } else {
      // Sealed with another encryption key: X cannot be asked, but Sluice can still let it go.
      revokedAtX = false;
    }
  }
  await db.$transaction(async (tx) => {
    await tx.xConnection.update({
      where: { id },
      data: { revokedAt: new Date(), tokenSealed: "", tokenSecretSealed: null },
    });
    await recordAuditEvent(
      tx,
      actor,
      "x_connection.disconnected",
      { type: "x_connection", id },
      { label: connection.label, revokedAtX },
    );
  });
  forgetXReads(id);
  if (revokedAtX === false) {
    return {
      message: `${connection.label} is disconnected and its tokens are deleted from Sluice, but X could not confirm the revocation. Remove the app under X settings → Connected apps too.`,
    };
  }
  if (connection.kind === "PIXEL_TOKEN") {
    return {
      message: `${connection.label} is disconnected and its token is deleted from Sluice. Revoke the token in X Events Manager too.`,
    };
  }
  return { message: `${connection.label} is disconnected; X revoked its token.` };
}

export async function getXConnectionOrThrow(db: Db, id: string) {
  const connection = await db.xConnection.findUnique({ where: { id }, select: xConnectionViewSelect });
  if (!connection) throw new AppError("NOT_FOUND", "That X connection no longer exists.");
  if (connection.revokedAt)
    throw new AppError("CONFLICT", `${connection.label} was disconnected. Choose or connect another.`);
  return toXConnectionView(connection);
}
