import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { AuthenticatedUser } from "../users/authenticate";
import { hashPassword } from "../users/password";
import { decideSsoSignIn, type SsoClaims, type SsoRefusal } from "./sso-sign-in-decision";
import { readSsoSettings, recordOwnerSsoSignIn } from "./sso-settings";

export type SsoSignInResult =
  { ok: true; user: AuthenticatedUser; created: boolean } | { ok: false; reason: SsoRefusal };

/**
 * A sign-in whose identity the provider has vouched for (next-auth checked the ID token's
 * signature, issuer, audience, nonce/PKCE and state): matches the user by e-mail, creates them
 * if new and allowed, and records it all in the audit log. Refusals are audited too.
 */
export async function signInBySso(db: Db, claims: SsoClaims, now = new Date()): Promise<SsoSignInResult> {
  const settings = await readSsoSettings(db);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await signInOnce(db, claims, settings, now);
    } catch (error) {
      // Two first sign-ins of the same new person at once: the second finds the first's account.
      if (attempt === 0 && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue;
      throw error;
    }
  }
}

async function signInOnce(
  db: Db,
  claims: SsoClaims,
  settings: Awaited<ReturnType<typeof readSsoSettings>>,
  now: Date,
): Promise<SsoSignInResult> {
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  const existing = email ? await db.user.findUnique({ where: { email } }) : null;
  const decision = decideSsoSignIn(
    claims,
    settings,
    existing ? { id: existing.id, disabled: existing.disabledAt !== null } : null,
  );
  if (decision.kind === "refuse") {
    await recordAuditEvent(
      db,
      existing ? { id: existing.id, email: existing.email } : null,
      "auth.sso_refused",
      existing ? { type: "user", id: existing.id } : undefined,
      {
        email: decision.email ?? "(none)",
        reason: decision.reason,
      },
    );
    return { ok: false, reason: decision.reason };
  }
  // Nobody knows this password: an SSO user signs in by SSO (an owner can still disable them).
  const unusablePasswordHash =
    decision.kind === "create" ? await hashPassword(randomBytes(32).toString("base64url")) : null;
  return db.$transaction(async (tx) => {
    const user =
      decision.kind === "create"
        ? await tx.user.create({
            data: {
              email: decision.email,
              name: decision.name,
              role: decision.role,
              passwordHash: unusablePasswordHash!,
              createdBySso: true,
              lastSignInAt: now,
            },
          })
        : await tx.user.update({ where: { id: decision.userId }, data: { lastSignInAt: now } });
    const actor = { id: user.id, email: user.email };
    if (decision.kind === "create") {
      await recordAuditEvent(
        tx,
        actor,
        "user.added",
        { type: "user", id: user.id },
        { email: user.email, role: user.role, via: "sso" },
      );
    }
    await recordAuditEvent(tx, actor, "auth.signed_in", { type: "user", id: user.id }, { method: "sso" });
    if (user.role === "OWNER") await recordOwnerSsoSignIn(tx, now);
    return {
      ok: true as const,
      created: decision.kind === "create",
      user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion },
    };
  });
}
