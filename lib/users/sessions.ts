import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { RoleName } from "../auth/roles";

// Sessions are signed cookies (next-auth JWTs), so the server keeps no list of them to delete.
// Instead each user has a session version: a cookie records the version it was issued under, and
// is honoured only while the user's version is still that one. Bumping the version (sign-out,
// password change, role change, disable) ends every session of that user at its next request.
// Each cookie also records when its user signed in, and stops working a fixed time after that
// however often it is used (next-auth's own expiry slides forward on every refresh).

/** Sluice's claims in the session JWT, beside next-auth's own. */
export interface SessionClaims {
  userId: string;
  /** User.sessionVersion when the session was issued. */
  sessionVersion: number;
  /** When the user signed in (proved their password), in seconds since the epoch. */
  authTime: number;
}

/** The JWT claim names. Short, like next-auth's own (`sub`, `iat`). */
export const CLAIM = { sessionVersion: "sv", authTime: "authTime" } as const;

/** Sluice's claims out of a decoded token; null for a token without them (one issued before
 * sessions had versions, or not by Sluice), which is then refused like a revoked one. */
export function sessionClaimsOf(token: Record<string, unknown> | null | undefined): SessionClaims | null {
  if (!token) return null;
  const userId = token.sub;
  const sessionVersion = token[CLAIM.sessionVersion];
  const authTime = token[CLAIM.authTime];
  if (typeof userId !== "string" || userId.length === 0) return null;
  if (typeof sessionVersion !== "number" || !Number.isSafeInteger(sessionVersion)) return null;
  if (typeof authTime !== "number" || !Number.isFinite(authTime)) return null;
  return { userId, sessionVersion, authTime };
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: RoleName;
}

export type SessionEndReason = "no_claims" | "no_user" | "disabled" | "revoked" | "expired";

export type SessionCheck =
  { ok: true; user: SessionUser; sessionVersion: number } | { ok: false; reason: SessionEndReason };

export interface SessionPolicy {
  /** How long a session lasts from sign-in, whatever happens in between. */
  lifetimeMs: number;
  now?: Date;
}

/** A clock a little ahead of ours must not make a fresh session look as if it came from the future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Whether the session is still good, from the database as it is now (one read by primary key). */
export async function checkSession(
  db: Pick<Db, "user">,
  claims: SessionClaims | null,
  policy: SessionPolicy,
): Promise<SessionCheck> {
  if (!claims) return { ok: false, reason: "no_claims" };
  const now = (policy.now ?? new Date()).getTime();
  const signedInAt = claims.authTime * 1000;
  if (now - signedInAt >= policy.lifetimeMs || signedInAt > now + CLOCK_SKEW_MS)
    return { ok: false, reason: "expired" };
  const user = await db.user.findUnique({
    where: { id: claims.userId },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, sessionVersion: true },
  });
  if (!user) return { ok: false, reason: "no_user" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  if (user.sessionVersion !== claims.sessionVersion) return { ok: false, reason: "revoked" };
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    sessionVersion: user.sessionVersion,
  };
}

export type RevokeReason = "signed_out" | "password_changed" | "role_changed" | "disabled";

/**
 * Ends every session of the user: bumps their session version and records it in the audit log.
 * Call it inside the transaction that makes the change it is for, so the two happen together.
 * Returns the new version (for re-issuing the session of the person who changed their password).
 */
export async function revokeSessions(
  tx: Prisma.TransactionClient,
  actor: AuditActor | null,
  user: { id: string; email: string },
  reason: RevokeReason,
): Promise<number> {
  const updated = await tx.user.update({
    where: { id: user.id },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  await recordAuditEvent(
    tx,
    actor,
    "user.sessions_revoked",
    { type: "user", id: user.id },
    { email: user.email, reason },
  );
  return updated.sessionVersion;
}

/**
 * Sign-out: ends every session of the user whose cookie signs out, if that cookie is still good.
 * The bump only happens while the version is still the cookie's (compare-and-set), so a cookie
 * that was already revoked cannot be used to sign its user out again and again. Returns whether
 * sessions were ended.
 */
export async function revokeSessionsOnSignOut(
  db: Db,
  claims: SessionClaims | null,
  policy: SessionPolicy,
): Promise<boolean> {
  const check = await checkSession(db, claims, policy);
  if (!check.ok || !claims) return false;
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: claims.userId, sessionVersion: claims.sessionVersion },
      data: { sessionVersion: { increment: 1 } },
    });
    if (count === 0) return false;
    const actor = { id: check.user.id, email: check.user.email };
    await recordAuditEvent(
      tx,
      actor,
      "user.sessions_revoked",
      { type: "user", id: check.user.id },
      { email: check.user.email, reason: "signed_out" },
    );
    return true;
  });
}
