import type { Db } from "../db/client";
import { AppError } from "../server/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RoleName } from "../auth/roles";
import { TIMING_DECOY_HASH, verifyPassword } from "./password";

// Password guessing is throttled per e-mail and per client address over a sliding window.
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: RoleName;
}

export async function authenticate(db: Db, email: string, password: string, ip: string | null): Promise<AuthenticatedUser | null> {
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
  // The attempt is recorded before the failures are counted, so guesses sent at the same time see
  // each other: the k-th to be recorded counts at least k, and however many arrive at once, at
  // most the limit's worth have their password checked (counting first let them all through).
  const attempt = await db.signInAttempt.create({ data: { email, ip, succeeded: false }, select: { id: true } });
  const [emailFailures, ipFailures] = await Promise.all([
    db.signInAttempt.count({ where: { email, succeeded: false, createdAt: { gte: since } } }),
    ip ? db.signInAttempt.count({ where: { ip, succeeded: false, createdAt: { gte: since } } }) : 0,
  ]);
  // Both counts include this attempt.
  if (emailFailures > MAX_FAILURES_PER_EMAIL || ipFailures > MAX_FAILURES_PER_IP) {
    // A refused attempt checked no password, so it is not kept: waiting out the window is enough.
    await db.signInAttempt.delete({ where: { id: attempt.id } });
    throw new AppError("RATE_LIMITED", "Too many failed sign-ins. Wait 15 minutes, or ask an owner to check your account.");
  }
  const user = await db.user.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? TIMING_DECOY_HASH);
  const succeeded = Boolean(user && passwordOk && !user.disabledAt);
  if (!user || !succeeded) {
    if (user && passwordOk && user.disabledAt) {
      throw new AppError("FORBIDDEN", "This account is disabled. Ask an owner to enable it.");
    }
    return null;
  }
  await db.signInAttempt.update({ where: { id: attempt.id }, data: { succeeded: true } });
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordAuditEvent(db, { id: user.id, email: user.email }, "auth.signed_in", { type: "user", id: user.id });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
