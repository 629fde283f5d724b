import { hasRole, type RoleName } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { ApiError } from "./api-error";
import { ROLE_FOR_SCOPE, scopeCovers, type ApiTokenScopeName } from "./api-token-scopes";
import { hashApiTokenSecret, isApiTokenSecretShaped } from "./api-token-secret";

export interface ApiCaller {
  tokenId: string;
  tokenName: string;
  scope: ApiTokenScopeName;
  /** The owner who made the token, as the database knows them now: the token acts as them. */
  user: { id: string; email: string; role: RoleName };
}

export interface RateLimit {
  /** Requests one token may make per window. */
  requests: number;
  windowSeconds: number;
}

const UNAUTHENTICATED = "Send a valid API token: Authorization: Bearer slc_…";

/**
 * Checks an `Authorization: Bearer slc_…` header for an API route needing `needed`:
 * 401 for a missing, unknown, expired or revoked token (or one whose creator is disabled),
 * 429 once the token has used its window's requests, 403 when its scope, or its creator's
 * current role, falls short. Counting the request and stamping lastUsedAt are one UPDATE on the
 * token's row, so the limit holds across every web server process.
 */
export async function authenticateApiToken(
  db: Db,
  authorization: string | null,
  needed: ApiTokenScopeName,
  limit: RateLimit,
  now: Date = new Date(),
): Promise<ApiCaller> {
  const secret = /^Bearer +(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!secret || !isApiTokenSecretShaped(secret)) throw new ApiError("UNAUTHENTICATED", UNAUTHENTICATED);
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashApiTokenSecret(secret) },
    select: {
      id: true,
      name: true,
      scope: true,
      expiresAt: true,
      revokedAt: true,
      createdBy: { select: { id: true, email: true, role: true, disabledAt: true } },
    },
  });
  if (!token) throw new ApiError("UNAUTHENTICATED", UNAUTHENTICATED);
  if (token.revokedAt) throw new ApiError("UNAUTHENTICATED", "This API token was revoked.");
  if (token.expiresAt && token.expiresAt <= now) throw new ApiError("UNAUTHENTICATED", "This API token has expired.");
  if (token.createdBy.disabledAt)
    throw new ApiError("UNAUTHENTICATED", "The user who created this API token is disabled.");

  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  // Prisma keeps DateTime as UTC in a timestamp without time zone: compare in those terms.
  const start = windowStart.toISOString();
  const [counted] = await db.$queryRaw<Array<{ count: number }>>`
    UPDATE "ApiToken" SET
      "rateWindowCount" = CASE WHEN "rateWindowStart" = (${start}::timestamptz AT TIME ZONE 'UTC') THEN "rateWindowCount" + 1 ELSE 1 END,
      "rateWindowStart" = (${start}::timestamptz AT TIME ZONE 'UTC'),
      "lastUsedAt" = (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    WHERE id = ${token.id}
    RETURNING "rateWindowCount" AS count`;
  if (!counted) throw new ApiError("UNAUTHENTICATED", "This API token was deleted.");
  if (counted.count > limit.requests) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
    throw new ApiError(
      "RATE_LIMITED",
      `This token made more than ${limit.requests} requests in ${limit.windowSeconds} s. Retry after ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }

  if (!scopeCovers(token.scope, needed)) {
    throw new ApiError(
      "FORBIDDEN",
      `This needs a token with the ${needed.toLowerCase()} scope; this one has ${token.scope.toLowerCase()}.`,
    );
  }
  const role = token.createdBy.role;
  if (!hasRole(role, ROLE_FOR_SCOPE[needed])) {
    throw new ApiError(
      "FORBIDDEN",
      `This token's creator is now ${role === "EDITOR" ? "an" : "a"} ${role.toLowerCase()}, who may not do this; the token may do no more than they can.`,
    );
  }
  return {
    tokenId: token.id,
    tokenName: token.name,
    scope: token.scope,
    user: { id: token.createdBy.id, email: token.createdBy.email, role },
  };
}
