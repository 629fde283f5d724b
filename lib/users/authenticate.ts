import type { Db } from "../db/client";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RoleName } from "../auth/roles";
import { TIMING_DECOY_HASH, verifyPassword } from "./password";

// Password guessing is throttled per e-mail and per client address over a sliding window.
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;
/** An address this e-mail signed in from (right password) this recently is the user's own. The
 * worker keeps sign-in attempts 30 days (prune-sign-in-attempts.ts), so that is what is known. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;

export const RATE_LIMITED_MESSAGE =
  "Too many failed sign-ins. Wait 15 minutes, or ask an owner to unlock your account.";

// The per-e-mail lock, and why a stranger cannot use it to keep the owner out:
// - An attempt from a *known* address (one this e-mail signed in from with the right password in
//   the last 30 days) is counted against that address's own failures for the e-mail only. A
//   stranger guessing from elsewhere adds nothing to it, so the user's own machine still gets in.
// - An attempt from any other address is counted against the failures of all the unknown
//   addresses together: a guesser who spreads over many addresses still has 5 guesses per 15
//   minutes per e-mail in all, and locking those out locks out no known address.
// - An owner can unlock an account (Settings → Users): failures before that no longer count.
// - The per-address limit (30 failures over any e-mails) stays as it was: it stops one address
//   trying many accounts, and a stranger's address is their own.

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  sessionVersion: number;
}

interface FailureCounts {
  email: number;
  ip: number;
}

/** Addresses this e-mail has signed in from successfully lately (see KNOWN_ADDRESS_MS). */
export async function knownAddresses(
  db: Pick<Db, "signInAttempt">,
  email: string,
  now = new Date(),
): Promise<string[]> {
  const rows = await db.signInAttempt.findMany({
    where: {
      email,
      succeeded: true,
      ip: { not: null },
      createdAt: { gte: new Date(now.getTime() - KNOWN_ADDRESS_MS) },
    },
    select: { ip: true },
    distinct: ["ip"],
  });
  return rows.flatMap((row) => (row.ip ? [row.ip] : []));
}

/** Failures that count against this attempt, itself included (see the comment above). */
async function countFailures(
  db: Db,
  email: string,
  ip: string | null,
  unlockedAt: Date | null,
): Promise<FailureCounts> {
  const now = new Date();
  const windowStart = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const emailSince = unlockedAt && unlockedAt > windowStart ? unlockedAt : windowStart;
  const known = await knownAddresses(db, email, now);
  const fromKnownAddress = ip !== null && known.includes(ip);
  const [emailFailures, ipFailures] = await Promise.all([
    db.signInAttempt.count({
      where: fromKnownAddress
        ? { email, ip, succeeded: false, createdAt: { gte: emailSince } }
        : { email, succeeded: false, createdAt: { gte: emailSince }, OR: [{ ip: null }, { ip: { notIn: known } }] },
    }),
    ip ? db.signInAttempt.count({ where: { ip, succeeded: false, createdAt: { gte: windowStart } } }) : 0,
  ]);
  return { email: emailFailures, ip: ipFailures };
}

export interface PasswordCheck {
  user: {
    id: string;
    email: string;
    name: string;
    role: RoleName;
    disabledAt: Date | null;
    sessionVersion: number;
  } | null;
  passwordOk: boolean;
  attemptId: string;
}

/**
 * Checks a password for an e-mail under the sign-in throttle: sign-in and the current password of
 * the change-password form both go through here, so neither is a way round the other's limit.
 * Throws RATE_LIMITED when the attempt is over a limit (its password is then not checked).
 */
export async function checkPasswordThrottled(
  db: Db,
  email: string,
  password: string,
  ip: string | null,
): Promise<PasswordCheck> {
  // The attempt is recorded before the failures are counted, so guesses sent at the same time see
  // each other: the k-th to be recorded counts at least k, and however many arrive at once, at
  // most the limit's worth have their password checked (counting first let them all through).
  const attempt = await db.signInAttempt.create({ data: { email, ip, succeeded: false }, select: { id: true } });
  const user = await db.user.findUnique({ where: { email } });
  const failures = await countFailures(db, email, ip, user?.signInUnlockedAt ?? null);
  // Both counts include this attempt.
  if (failures.email > MAX_FAILURES_PER_EMAIL || failures.ip > MAX_FAILURES_PER_IP) {
    // A refused attempt checked no password, so it is not kept: waiting out the window is enough.
    await db.signInAttempt.delete({ where: { id: attempt.id } });
    throw new AppError("RATE_LIMITED", RATE_LIMITED_MESSAGE);
  }
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? TIMING_DECOY_HASH);
  // A disabled account's right password is not a sign-in: it neither succeeds nor makes the address known.
  if (user && passwordOk && !user.disabledAt)
    await db.signInAttempt.update({ where: { id: attempt.id }, data: { succeeded: true } });
  return { user, passwordOk: Boolean(user) && passwordOk, attemptId: attempt.id };
}

export async function authenticate(
  db: Db,
  email: string,
  password: string,
  ip: string | null,
): Promise<AuthenticatedUser | null> {
  const { user, passwordOk } = await checkPasswordThrottled(db, email, password, ip);
  if (!user || !passwordOk) return null;
  if (user.disabledAt) throw new AppError("FORBIDDEN", "This account is disabled. Ask an owner to enable it.");
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordAuditEvent(db, { id: user.id, email: user.email }, "auth.signed_in", { type: "user", id: user.id });
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

export interface SignInLock {
  /** Addresses the user has not signed in from are refused (strangers' guesses reached the limit). */
  newAddresses: boolean;
  /** Known addresses of the user that are refused (their own failures reached the limit). */
  knownAddresses: number;
}

/** Whether sign-ins for this e-mail are being refused now, as the next attempt would find. */
export async function signInLockOf(
  db: Pick<Db, "signInAttempt">,
  email: string,
  unlockedAt: Date | null,
  now = new Date(),
): Promise<SignInLock> {
  const windowStart = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const since = unlockedAt && unlockedAt > windowStart ? unlockedAt : windowStart;
  const known = await knownAddresses(db, email, now);
  const failures = await db.signInAttempt.groupBy({
    by: ["ip"],
    where: { email, succeeded: false, createdAt: { gte: since } },
    _count: { _all: true },
  });
  let fromNew = 0;
  let lockedKnown = 0;
  for (const row of failures) {
    if (row.ip !== null && known.includes(row.ip)) {
      if (row._count._all >= MAX_FAILURES_PER_EMAIL) lockedKnown += 1;
    } else fromNew += row._count._all;
  }
  return { newAddresses: fromNew >= MAX_FAILURES_PER_EMAIL, knownAddresses: lockedKnown };
}
