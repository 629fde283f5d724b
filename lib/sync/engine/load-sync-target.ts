import { parseMappingSpec, type DestinationSettings, type MappingSpec } from "@/lib/conversions/index";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { createPixelTokenClient, createXAdsClient, type OAuthConsumer, type XAdsConfig } from "@/lib/x-ads/index";
import type { ConversionBatch, ConversionsOutcome, RequestOptions } from "@/lib/x-ads/index";
import { isCursorType, type CursorType } from "@/lib/sources/incremental-read";
import type { EventTagSource } from "./event-tag-check";
import { SyncConfigError } from "../sync-errors";

export type SendConversions = (conversions: ConversionBatch, options?: RequestOptions) => Promise<ConversionsOutcome>;

/** Everything a run needs to know about where it sends, read fresh from the database. */
export interface SyncTarget {
  destinationId: string;
  sourceId: string;
  mapping: MappingSpec;
  settings: DestinationSettings;
  pixelId: string;
  /** Whose rate limit the requests count against (the ad account, or the pixel for token-only connections). */
  pacingKey: string;
  send: SendConversions;
  /** Incremental reads, when set for a Postgres source: the cursor column and where the last
   * complete run left the watermark (null: read every row, then set it). */
  incremental: { column: string; type: CursorType; lookback: number; watermark: string | null } | null;
  /** The ad account's event tags, to know which event ids X will refuse; null when they cannot
   * be listed (a pixel token reaches only the conversions endpoint, and needs an ad account). */
  eventTags: EventTagSource | null;
}

export interface XAccess {
  config: XAdsConfig;
  /** The X app's consumer key and secret; null when none is configured (pixel tokens only). */
  consumer: OAuthConsumer | null;
  secrets: SecretBox;
}

/**
 * Loads a destination with its source, mapping and X connection, and opens the connection's
 * tokens (always from the database, never from a request). Anything a person must fix first is
 * a SyncConfigError with a message for them.
 */
export async function loadSyncTarget(db: Db, destinationId: string, access: XAccess): Promise<SyncTarget> {
  const destination = await db.destination.findUnique({
    where: { id: destinationId },
    include: { connection: true, source: { select: { kind: true } } },
  });
  if (!destination) throw new SyncConfigError("The destination was deleted.");
  if (!destination.sourceId) throw new SyncConfigError("The destination has no source. Choose one in its settings.");
  const parsed = parseMappingSpec(destination.mapping);
  if (!parsed.ok)
    throw new SyncConfigError(
      `The destination's mapping is not valid (${parsed.issues[0]?.path || "mapping"}: ${parsed.issues[0]?.message ?? "invalid"}). Fix it in the mapping step.`,
    );
  if (!destination.pixelId)
    throw new SyncConfigError("The destination has no pixel. Choose the event to send in its settings.");
  const connection = destination.connection;
  if (!connection)
    throw new SyncConfigError("The destination has no X connection. Connect an X account in its settings.");
  if (connection.revokedAt)
    throw new SyncConfigError("The destination's X connection was disconnected. Connect X again in its settings.");

  let send: SendConversions;
  let eventTags: EventTagSource | null = null;
  const pixelId = destination.pixelId;
  if (connection.kind === "PIXEL_TOKEN") {
    const client = createPixelTokenClient({
      config: access.config,
      pixelToken: access.secrets.open(connection.tokenSealed),
    });
    send = (conversions, options) => client.sendConversions(pixelId, conversions, options);
  } else {
    if (!access.consumer)
      throw new SyncConfigError(
        "No X app is configured (X_CONSUMER_KEY and X_CONSUMER_SECRET), so the X connection cannot be used.",
      );
    if (!connection.tokenSecretSealed)
      throw new SyncConfigError("The X connection is incomplete. Connect X again in the destination's settings.");
    const token = {
      key: access.secrets.open(connection.tokenSealed),
      secret: access.secrets.open(connection.tokenSecretSealed),
    };
    const client = createXAdsClient({ config: access.config, consumer: access.consumer, token });
    send = (conversions, options) => client.sendConversions(pixelId, conversions, options);
    const accountId = destination.adAccountId;
    if (accountId) {
      eventTags = {
        key: `${connection.id}:${accountId}`,
        list: () => client.listWebEventTags(accountId, { withDeleted: true, pageSize: 1000 }),
      };
    }
  }
  return {
    destinationId,
    sourceId: destination.sourceId,
    mapping: parsed.spec,
    settings: { eventId: destination.eventId, pixelId },
    pixelId,
    pacingKey: destination.adAccountId ? `account:${destination.adAccountId}` : `pixel:${pixelId}`,
    send,
    incremental:
      destination.source?.kind === "POSTGRES" &&
      destination.incrementalColumn &&
      isCursorType(destination.incrementalColumnType)
        ? {
            column: destination.incrementalColumn,
            type: destination.incrementalColumnType,
            lookback: destination.incrementalLookback,
            watermark: destination.watermark,
          }
        : null,
    eventTags,
  };
}
