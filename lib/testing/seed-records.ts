import { randomUUID } from "node:crypto";

/**
 * The records the sync tests and the browser journeys start from: a source, an X connection and a
 * destination on the stand-in's Acme Store account with the demo orders' mapping. Written in plain
 * SQL through anything with pg's `query`, so the e2e suite (a pg client on the server's database)
 * and the integration tests (a Prisma client, see `prismaSql`) seed them the same way. Secrets
 * arrive sealed: each caller seals with the key its server uses.
 */
export interface SqlRunner {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

/** The stand-in's store account, its pixel and Purchase event (standin/seed.ts). */
export const STORE = {
  adAccountId: "18ce54d4x5t",
  adAccountName: "Acme Store",
  pixelId: "o8z6j",
  eventId: "o87ne",
} as const;

/** Every column of the demo orders mapped, as the mapping step would save it. */
export const DEMO_MAPPING = {
  version: 1,
  fields: {
    conversion_time: { kind: "column", column: "ordered_at" },
    email: { kind: "column", column: "email" },
    phone: { kind: "column", column: "phone" },
    twclid: { kind: "column", column: "twclid" },
    ip_address: { kind: "column", column: "ip_address" },
    user_agent: { kind: "column", column: "user_agent" },
    value: { kind: "column", column: "value" },
    price_currency: { kind: "column", column: "currency" },
    conversion_id: { kind: "column", column: "order_id" },
  },
  eventId: { kind: "destination" },
  contents: { kind: "none" },
  options: { hashing: true, defaultPhoneCountry: "US", sourceTimeZone: "UTC", rowKeyColumns: [] },
} as const;

/** A Prisma client as a SqlRunner (its raw statements take positional `$n` parameters too). */
export function prismaSql(db: { $executeRawUnsafe(sql: string, ...params: unknown[]): Promise<number> }): SqlRunner {
  return { query: (sql, params) => db.$executeRawUnsafe(sql, ...params) };
}

export async function insertSource(
  sql: SqlRunner,
  source: { id?: string; name: string } & (
    | {
        kind: "POSTGRES";
        connectionStringSealed: string;
        connectionStringRedacted: string;
        query: string;
        columns?: Array<{ name: string; type: string }>;
      }
    | { kind: "CSV"; csvFileId: string }
  ),
): Promise<string> {
  const id = source.id ?? randomUUID();
  if (source.kind === "CSV") {
    await sql.query(
      `INSERT INTO "Source" (id, name, kind, "csvFileId", "updatedAt") VALUES ($1, $2, 'CSV', $3, now())`,
      [id, source.name, source.csvFileId],
    );
  } else {
    await sql.query(
      `INSERT INTO "Source" (id, name, kind, "connectionStringSealed", "connectionStringRedacted", query, columns, "updatedAt")
       VALUES ($1, $2, 'POSTGRES', $3, $4, $5, $6::jsonb, now())`,
      [
        id,
        source.name,
        source.connectionStringSealed,
        source.connectionStringRedacted,
        source.query,
        JSON.stringify(source.columns ?? []),
      ],
    );
  }
  return id;
}

/** An OAuth connection as if an owner had connected this X user, with its token sealed. */
export async function insertXConnection(
  sql: SqlRunner,
  connection: {
    id?: string;
    xUserId: string;
    screenName: string;
    tokenSealed: string;
    tokenSecretSealed: string;
    connectedByEmail?: string | null;
  },
): Promise<string> {
  const id = connection.id ?? randomUUID();
  await sql.query(
    `INSERT INTO "XConnection" (id, kind, "xUserId", "screenName", label, "tokenSealed", "tokenSecretSealed", "connectedByEmail", "updatedAt")
     VALUES ($1, 'OAUTH', $2, $3, $4, $5, $6, $7, now())`,
    [
      id,
      connection.xUserId,
      connection.screenName,
      `@${connection.screenName}`,
      connection.tokenSealed,
      connection.tokenSecretSealed,
      connection.connectedByEmail ?? null,
    ],
  );
  return id;
}

/**
 * A destination on `target` (the store by default) reading `sourceId` through `connectionId`:
 * active and fully set up, or a draft left at the mapping step. `mapping: null` saves none (the
 * step then suggests one); by default the demo orders' mapping.
 */
export async function insertDestination(
  sql: SqlRunner,
  destination: {
    id?: string;
    name: string;
    connectionId: string | null;
    sourceId: string;
    active: boolean;
    mapping?: unknown;
    target?: { adAccountId: string; adAccountName?: string; pixelId: string; eventId: string };
  },
): Promise<string> {
  const id = destination.id ?? randomUUID();
  const target = destination.target ?? STORE;
  const mapping = destination.mapping === undefined ? DEMO_MAPPING : destination.mapping;
  await sql.query(
    `INSERT INTO "Destination" (id, name, status, "wizardStep", "connectionId", "adAccountId", "adAccountName", "pixelId", "eventId", "sourceId", mapping, "scheduleKind", "updatedAt")
     VALUES ($1, $2, $3::"DestinationStatus", $4, $5, $6, $7, $8, $9, $10, $11::jsonb, 'MANUAL', now())`,
    [
      id,
      destination.name,
      destination.active ? "ACTIVE" : "DRAFT",
      destination.active ? "schedule" : "mapping",
      destination.connectionId,
      target.adAccountId,
      target.adAccountName ?? null,
      target.pixelId,
      target.eventId,
      destination.sourceId,
      mapping === null ? null : JSON.stringify(mapping),
    ],
  );
  return id;
}
