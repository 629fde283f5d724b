import { openOrNull, type SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  createPixelTokenClient,
  createXAdsClient,
  type ConversionBatch,
  type ConversionsOutcome,
  type XAdsClient,
} from "@/lib/x-ads";
import { requireConsumer, type XApp } from "./x-app";

export type OpenedXConnection =
  | { kind: "OAUTH"; id: string; label: string; client: XAdsClient }
  | {
      kind: "PIXEL_TOKEN";
      id: string;
      label: string;
      pixelId: string;
      client: { sendConversions(pixelId: string, conversions: ConversionBatch): Promise<ConversionsOutcome> };
    };

/**
 * A ready X client for a stored connection, with its tokens opened on the server only. Tokens are
 * always reloaded from the database by id, never taken from anything a browser sent.
 */
export async function openXConnection(
  db: Db,
  box: SecretBox,
  app: XApp,
  connectionId: string,
): Promise<OpenedXConnection> {
  const row = await db.xConnection.findUnique({ where: { id: connectionId } });
  if (!row) throw new AppError("NOT_FOUND", "That X connection no longer exists.");
  if (row.revokedAt || !row.tokenSealed)
    throw new AppError("CONFLICT", `${row.label} was disconnected. Choose or connect another X connection.`);
  if (row.kind === "PIXEL_TOKEN") {
    return {
      kind: "PIXEL_TOKEN",
      id: row.id,
      label: row.label,
      pixelId: row.pixelId ?? "",
      client: createPixelTokenClient({ config: app.config, pixelToken: openToken(box, row.tokenSealed, row.label) }),
    };
  }
  if (!row.tokenSecretSealed) throw new AppError("CONFLICT", `${row.label} has no token secret; reconnect it.`);
  const token = {
    key: openToken(box, row.tokenSealed, row.label),
    secret: openToken(box, row.tokenSecretSealed, row.label),
  };
  return { kind: "OAUTH", id: row.id, label: row.label, client: createXAdsClient({ ...requireConsumer(app), token }) };
}

/** A stored token, or a message a person can act on when it was sealed with another key. */
function openToken(box: SecretBox, sealed: string, label: string): string {
  const token = openOrNull(box, sealed);
  if (token === null) {
    throw new AppError(
      "CONFLICT",
      `${label}'s token cannot be decrypted with this server's encryption key (was SLUICE_ENCRYPTION_KEY changed?). Disconnect it and connect the X account again.`,
    );
  }
  return token;
}
