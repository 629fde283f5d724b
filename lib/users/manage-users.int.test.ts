import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createDb } from "../db/client";
import { AppError } from "../errors";
import { authenticate, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP, SIGN_IN_WINDOW_MS } from "./authenticate";
import { addUser, changeUserRole, createFirstOwner, listUsers, setUserDisabled } from "./manage-users";

const db = createDb(inject("databaseUrl"), { max: 4 });
afterAll(() => db.$disconnect());
beforeEach(async () => {
  await db.auditEvent.deleteMany();
  await db.signInAttempt.deleteMany();
  await db.user.deleteMany();
});

const owner = {
  name: "Olivia",
  email: "olivia@example.com",
  password: "correct horse 1",
  confirmPassword: "correct horse 1",
};

async function expectAppError(promise: Promise<unknown>, code: string, message: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(message);
}

describe("first-run owner", () => {
  it("is created once; concurrent and later attempts are refused", async () => {
    const results = await Promise.allSettled([
      createFirstOwner(db, owner),
      createFirstOwner(db, { ...owner, email: "other@example.com" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    await expectAppError(
      createFirstOwner(db, { ...owner, email: "late@example.com" }),
      "CONFLICT",
      /already has an owner/,
    );
    const users = await listUsers(db);
    expect(users).toHaveLength(1);
    expect(users[0]?.role).toBe("OWNER");
    expect(await db.auditEvent.count({ where: { action: "user.owner_created" } })).toBe(1);
  });

  it("stores a bcrypt hash, never the password", async () => {
    await createFirstOwner(db, owner);
    const row = await db.user.findUniqueOrThrow({ where: { email: owner.email } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(row.passwordHash).not.toContain(owner.password);
  });
});

describe("user management", () => {
  it("keeps at least one active owner", async () => {
    const first = await createFirstOwner(db, owner);
    const actor = { id: first.id, email: first.email };
    await expectAppError(changeUserRole(db, actor, first.id, "EDITOR"), "CONFLICT", /at least one active owner/);
    const second = await addUser(db, actor, {
      name: "Sam",
      email: "sam@example.com",
      role: "OWNER",
      password: "another password",
    });
    await changeUserRole(db, actor, first.id, "EDITOR");
    await expectAppError(setUserDisabled(db, actor, second.id, true), "CONFLICT", /at least one active owner/);
    expect((await db.user.findUniqueOrThrow({ where: { id: first.id } })).role).toBe("EDITOR");
    const actions = (await db.auditEvent.findMany({ orderBy: { createdAt: "asc" } })).map((event) => event.action);
    // The role change and the end of that user's sessions are written in one transaction (same time).
    expect(actions.slice(0, 2)).toEqual(["user.owner_created", "user.added"]);
    expect(actions.slice(2).sort()).toEqual(["user.role_changed", "user.sessions_revoked"]);
  });

  it("refuses a duplicate e-mail next to the field, and self-disable", async () => {
    const first = await createFirstOwner(db, owner);
    const actor = { id: first.id, email: first.email };
    const error = await addUser(db, actor, {
      name: "Dup",
      email: owner.email,
      role: "VIEWER",
      password: "another password",
    }).catch((caught: unknown) => caught);
    expect((error as AppError).fieldErrors?.email?.[0]).toMatch(/already exists/);
    await expectAppError(setUserDisabled(db, actor, first.id, true), "CONFLICT", /your own account/);
  });
});

describe("authenticate", () => {
  it("signs in with the right password only, records attempts, and audits success", async () => {
    await createFirstOwner(db, owner);
    expect(await authenticate(db, owner.email, "wrong password", "203.0.113.5")).toBeNull();
    expect(await authenticate(db, "nobody@example.com", owner.password, "203.0.113.5")).toBeNull();
    const user = await authenticate(db, owner.email, owner.password, "203.0.113.5");
    expect(user).toMatchObject({ email: owner.email, role: "OWNER" });
    expect(await db.signInAttempt.count({ where: { succeeded: false } })).toBe(2);
    expect(await db.auditEvent.count({ where: { action: "auth.signed_in" } })).toBe(1);
  });

  it("locks an e-mail after repeated failures, even for the right password", async () => {
    await createFirstOwner(db, owner);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) {
      expect(await authenticate(db, owner.email, `guess ${i}`, null)).toBeNull();
    }
    await expectAppError(
      authenticate(db, owner.email, owner.password, null),
      "RATE_LIMITED",
      /Too many failed sign-ins/,
    );
  });

  it("lets at most the limit's worth of guesses sent at the same time check a password", async () => {
    await createFirstOwner(db, owner);
    const guesses = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => authenticate(db, owner.email, `parallel guess ${i}`, `198.51.100.${i}`)),
    );
    const checked = guesses.filter((guess) => guess.status === "fulfilled");
    const refused = guesses.filter(
      (guess) =>
        guess.status === "rejected" && guess.reason instanceof AppError && guess.reason.code === "RATE_LIMITED",
    );
    expect(checked.length).toBeLessThanOrEqual(MAX_FAILURES_PER_EMAIL);
    expect(checked.length + refused.length).toBe(20);
    // Refused attempts checked nothing and are not kept, so guessing one at a time afterwards gets
    // exactly the rest of the limit, then is refused: in all, the limit's worth and no more.
    let later = 0;
    for (;;) {
      const guess = await authenticate(db, owner.email, `later guess ${later}`, null).catch((error: unknown) => error);
      if (guess instanceof AppError) {
        expect(guess.code).toBe("RATE_LIMITED");
        break;
      }
      later += 1;
      expect(later).toBeLessThanOrEqual(MAX_FAILURES_PER_EMAIL);
    }
    expect(checked.length + later).toBe(MAX_FAILURES_PER_EMAIL);
    expect(await db.signInAttempt.count({ where: { email: owner.email } })).toBe(MAX_FAILURES_PER_EMAIL);
  });

  it("locks a client address after repeated failures across e-mails", async () => {
    await createFirstOwner(db, owner);
    for (let i = 0; i < MAX_FAILURES_PER_IP; i += 1) {
      expect(await authenticate(db, `someone-${i}@example.com`, "a guess", "203.0.113.9")).toBeNull();
    }
    await expectAppError(
      authenticate(db, owner.email, owner.password, "203.0.113.9"),
      "RATE_LIMITED",
      /Too many failed sign-ins/,
    );
    // Another address is not held back by this one's failures.
    expect(await authenticate(db, owner.email, owner.password, "203.0.113.10")).toMatchObject({ email: owner.email });
  });

  it("forgets failures older than the window", async () => {
    await createFirstOwner(db, owner);
    const longAgo = new Date(Date.now() - SIGN_IN_WINDOW_MS - 60_000);
    await db.signInAttempt.createMany({
      data: Array.from({ length: MAX_FAILURES_PER_EMAIL }, () => ({
        email: owner.email,
        ip: null,
        succeeded: false,
        createdAt: longAgo,
      })),
    });
    expect(await authenticate(db, owner.email, owner.password, null)).toMatchObject({ email: owner.email });
  });

  it("refuses a disabled account with a clear reason", async () => {
    const first = await createFirstOwner(db, owner);
    const actor = { id: first.id, email: first.email };
    const viewer = await addUser(db, actor, {
      name: "Vic",
      email: "vic@example.com",
      role: "VIEWER",
      password: "viewer password",
    });
    await setUserDisabled(db, actor, viewer.id, true);
    await expectAppError(authenticate(db, "vic@example.com", "viewer password", null), "FORBIDDEN", /disabled/);
  });
});
