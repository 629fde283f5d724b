import { recordAuditEvent, type AuditActor } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ApiTokenScopeName } from "./api-token-scopes";
import { apiTokenHint, generateApiTokenSecret, hashApiTokenSecret } from "./api-token-secret";

export interface ApiTokenView {
  id: string;
  name: string;
  scope: ApiTokenScopeName;
  hint: string;
  createdByEmail: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  state: "active" | "expired" | "revoked";
}

const MAX_ACTIVE_TOKENS = 50;

/**
 * Makes a token and returns its secret, the only time it exists outside the caller's hands: only
 * its SHA-256 is stored. Audited without the secret or its hash.
 */
export async function createApiToken(
  db: Db,
  actor: AuditActor,
  input: { name: string; scope: ApiTokenScopeName; expiresInDays: number | null },
  now: Date = new Date(),
): Promise<{ token: ApiTokenView; secret: string }> {
  const active = await db.apiToken.count({
    where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
  });
  if (active >= MAX_ACTIVE_TOKENS)
    throw new AppError(
      "CONFLICT",
      `There are already ${MAX_ACTIVE_TOKENS} active tokens. Revoke the ones no longer used first.`,
    );
  const secret = generateApiTokenSecret();
  const expiresAt = input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const token = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        scope: input.scope,
        tokenHash: hashApiTokenSecret(secret),
        hint: apiTokenHint(secret),
        createdById: actor.id,
        expiresAt,
      },
      select: tokenSelect,
    });
    await recordAuditEvent(
      tx,
      actor,
      "api_token.created",
      { type: "ApiToken", id: row.id },
      { name: row.name, scope: row.scope, expiresAt: expiresAt?.toISOString() ?? null },
    );
    return row;
  });
  return { token: toView(token, now), secret };
}

/** Revokes a token at once: its next request is refused. Revoking twice changes nothing. */
export async function revokeApiToken(db: Db, actor: AuditActor, tokenId: string): Promise<ApiTokenView> {
  return db.$transaction(async (tx) => {
    const existing = await tx.apiToken.findUnique({ where: { id: tokenId }, select: tokenSelect });
    if (!existing) throw new AppError("NOT_FOUND", "This token does not exist.");
    if (existing.revokedAt) return toView(existing);
    const row = await tx.apiToken.update({
      where: { id: tokenId },
      data: { revokedAt: new Date() },
      select: tokenSelect,
    });
    await recordAuditEvent(
      tx,
      actor,
      "api_token.revoked",
      { type: "ApiToken", id: row.id },
      { name: row.name, scope: row.scope },
    );
    return toView(row);
  });
}

/** Every token, newest first (a short list: at most MAX_ACTIVE_TOKENS active, plus the ended ones kept for the record). */
export async function listApiTokens(db: Db, now: Date = new Date()): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: tokenSelect,
  });
  return rows.map((row) => toView(row, now));
}

const tokenSelect = {
  id: true,
  name: true,
  scope: true,
  hint: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdBy: { select: { email: true } },
} as const;

type TokenRow = {
  id: string;
  name: string;
  scope: ApiTokenScopeName;
  hint: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdBy: { email: string };
};

function toView(row: TokenRow, now: Date = new Date()): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    hint: row.hint,
    createdByEmail: row.createdBy.email,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    state: row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active",
  };
}
