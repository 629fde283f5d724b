import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { RoleName } from "../auth/roles";
import { signInLockOf } from "./authenticate";
import { hashPassword } from "./password";
import { revokeSessions } from "./sessions";
import type { AddUserInput, CreateOwnerInput } from "./user-schemas";

// Serialises "is this the first user?" and "is this the last owner?" checks across requests.
const USERS_LOCK = 4_242_001;

export async function countUsers(db: Db): Promise<number> {
  return db.user.count();
}

/** First run: creates the owner, but only while no user exists (a second submit is refused). */
export async function createFirstOwner(db: Db, input: CreateOwnerInput) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK})`;
    if ((await tx.user.count()) > 0) {
      throw new AppError("CONFLICT", "Sluice already has an owner. Sign in instead.");
    }
    const user = await tx.user.create({ data: { name: input.name, email: input.email, passwordHash, role: "OWNER" } });
    await recordAuditEvent(tx, { id: user.id, email: user.email }, "user.owner_created", { type: "user", id: user.id });
    return user;
  });
}

export async function addUser(db: Db, actor: AuditActor, input: AddUserInput) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { name: input.name, email: input.email, role: input.role, passwordHash },
      });
      await recordAuditEvent(
        tx,
        actor,
        "user.added",
        { type: "user", id: user.id },
        { email: user.email, role: user.role },
      );
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "A user with this e-mail already exists.", {
        email: ["A user with this e-mail already exists."],
      });
    }
    throw error;
  }
}

async function assertAnotherActiveOwner(tx: Prisma.TransactionClient, userId: string) {
  const owners = await tx.user.count({ where: { role: "OWNER", disabledAt: null, id: { not: userId } } });
  if (owners === 0)
    throw new AppError("CONFLICT", "Sluice needs at least one active owner. Make someone else an owner first.");
}

export async function changeUserRole(db: Db, actor: AuditActor, userId: string, role: RoleName) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK})`;
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("NOT_FOUND", "That user no longer exists.");
    if (user.role === role) return user;
    if (user.role === "OWNER") await assertAnotherActiveOwner(tx, userId);
    const updated = await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAuditEvent(
      tx,
      actor,
      "user.role_changed",
      { type: "user", id: userId },
      { email: user.email, from: user.role, to: role },
    );
    // Any change of role, up or down, ends the user's sessions: they sign in again as what they are now.
    await revokeSessions(tx, actor, user, "role_changed");
    return updated;
  });
}

export async function setUserDisabled(db: Db, actor: AuditActor, userId: string, disabled: boolean) {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK})`;
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("NOT_FOUND", "That user no longer exists.");
    if (disabled && user.id === actor.id) throw new AppError("CONFLICT", "You cannot disable your own account.");
    if (disabled && user.role === "OWNER") await assertAnotherActiveOwner(tx, userId);
    if (disabled === (user.disabledAt !== null)) return user;
    const updated = await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
    await recordAuditEvent(
      tx,
      actor,
      disabled ? "user.disabled" : "user.enabled",
      { type: "user", id: userId },
      { email: user.email },
    );
    if (disabled) await revokeSessions(tx, actor, user, "disabled");
    return updated;
  });
}

/** Lets the user sign in again at once: failed sign-ins so far no longer count against them (see
 * authenticate.ts). They stay in the table as a record. */
export async function unlockSignIn(db: Db, actor: AuditActor, userId: string) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError("NOT_FOUND", "That user no longer exists.");
    const updated = await tx.user.update({ where: { id: userId }, data: { signInUnlockedAt: new Date() } });
    await recordAuditEvent(tx, actor, "user.unlocked", { type: "user", id: userId }, { email: user.email });
    return updated;
  });
}

export interface UserView {
  id: string;
  name: string;
  email: string;
  role: RoleName;
  disabled: boolean;
  /** Sign-ins are being refused after failed attempts: from new addresses, or from some of theirs. */
  locked: boolean;
  /** Created by their first SSO sign-in: they sign in by SSO (nobody knows their password). */
  createdBySso: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

export async function listUsers(db: Db): Promise<UserView[]> {
  const users = await db.user.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const locks = await Promise.all(users.map((user) => signInLockOf(db, user.email, user.signInUnlockedAt)));
  return users.map((user, index) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    disabled: user.disabledAt !== null,
    locked: locks[index]!.newAddresses || locks[index]!.knownAddresses > 0,
    createdBySso: user.createdBySso,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  }));
}
