import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createDb } from "../db/client";
import { AppError } from "../errors";
import { authenticate, MAX_FAILURES_PER_EMAIL } from "./authenticate";
import { changeOwnPassword, WRONG_CURRENT_PASSWORD } from "./change-password";
import { addUser, changeUserRole, createFirstOwner, setUserDisabled } from "./manage-users";
import { checkSession, revokeSessionsOnSignOut, sessionClaimsOf, type SessionClaims } from "./sessions";

// Session revocation (issue 20): each way a session must end, against the real database. A
// session is what a sign-in hands out (the claims in the cookie), checked as every request does.

const db = createDb(inject("databaseUrl"), { max: 4 });
afterAll(() => db.$disconnect());
beforeEach(async () => {
  await db.auditEvent.deleteMany();
  await db.signInAttempt.deleteMany();
  await db.user.deleteMany();
});

const HOUR_MS = 60 * 60 * 1000;
const policy = { lifetimeMs: 12 * HOUR_MS };
const IP = "192.0.2.10";
const owner = {
  name: "Olivia",
  email: "olivia@example.com",
  password: "plum tractor violin",
  confirmPassword: "plum tractor violin",
};
const editorInput = {
  name: "Eddie",
  email: "eddie@example.com",
  role: "EDITOR" as const,
  password: "kettle harbour signal",
};

/** Signs in as the app does and returns the claims its cookie would carry. */
async function signIn(email: string, password: string, at = new Date()): Promise<SessionClaims> {
  const user = await authenticate(db, email, password, IP);
  if (!user) throw new Error(`could not sign in as ${email}`);
  return { userId: user.id, sessionVersion: user.sessionVersion, authTime: Math.floor(at.getTime() / 1000) };
}

async function setup() {
  const first = await createFirstOwner(db, owner);
  const actor = { id: first.id, email: first.email };
  const editor = await addUser(db, actor, editorInput);
  return { actor, editor };
}

const revocations = async () =>
  (await db.auditEvent.findMany({ where: { action: "user.sessions_revoked" }, orderBy: { createdAt: "asc" } })).map(
    (event) => (event.details as { reason: string }).reason,
  );

describe("a session", () => {
  it("is good right after sign-in, with the user as the database has them", async () => {
    await setup();
    const session = await signIn(editorInput.email, editorInput.password);
    expect(await checkSession(db, session, policy)).toMatchObject({
      ok: true,
      user: { email: editorInput.email, role: "EDITOR" },
    });
  });

  it("from a cookie without Sluice's claims (issued before sessions had versions) is refused", async () => {
    const { editor } = await setup();
    expect(sessionClaimsOf({ sub: editor.id, email: editor.email, name: editor.name })).toBeNull();
    expect(sessionClaimsOf({ sub: editor.id, sv: "0", authTime: 1 })).toBeNull();
    expect(await checkSession(db, sessionClaimsOf({ sub: editor.id }), policy)).toEqual({
      ok: false,
      reason: "no_claims",
    });
    expect(sessionClaimsOf({ sub: editor.id, sv: 0, authTime: 1_700_000_000 })).toEqual({
      userId: editor.id,
      sessionVersion: 0,
      authTime: 1_700_000_000,
    });
  });

  it("ends a fixed time after sign-in however often it is used", async () => {
    await setup();
    const signedInAt = new Date("2026-12-01T08:00:00Z");
    const session = await signIn(editorInput.email, editorInput.password, signedInAt);
    const at = (ms: number) => ({ ...policy, now: new Date(signedInAt.getTime() + ms) });
    expect(await checkSession(db, session, at(11 * HOUR_MS + 59 * 60 * 1000))).toMatchObject({ ok: true });
    expect(await checkSession(db, session, at(12 * HOUR_MS))).toEqual({ ok: false, reason: "expired" });
    expect(await checkSession(db, session, at(30 * 24 * HOUR_MS))).toEqual({ ok: false, reason: "expired" });
    // A sign-in time in the future is no way round it.
    expect(await checkSession(db, session, at(-HOUR_MS))).toEqual({ ok: false, reason: "expired" });
  });
});

describe("every session of a user ends at once when", () => {
  it("they sign out: a copy of the cookie taken before is refused, on every device", async () => {
    await setup();
    const laptop = await signIn(editorInput.email, editorInput.password);
    const phone = await signIn(editorInput.email, editorInput.password);
    const captured = { ...laptop };
    expect(await revokeSessionsOnSignOut(db, laptop, policy)).toBe(true);
    for (const session of [laptop, phone, captured])
      expect(await checkSession(db, session, policy)).toEqual({ ok: false, reason: "revoked" });
    // A new sign-in works.
    expect(await checkSession(db, await signIn(editorInput.email, editorInput.password), policy)).toMatchObject({
      ok: true,
    });
    expect(await revocations()).toEqual(["signed_out"]);
  });

  it("a revoked cookie signs out: nothing happens, so it cannot end its user's new sessions", async () => {
    await setup();
    const old = await signIn(editorInput.email, editorInput.password);
    await revokeSessionsOnSignOut(db, old, policy);
    const fresh = await signIn(editorInput.email, editorInput.password);
    expect(await revokeSessionsOnSignOut(db, old, policy)).toBe(false);
    expect(await checkSession(db, fresh, policy)).toMatchObject({ ok: true });
    expect(await revocations()).toEqual(["signed_out"]);
  });

  it("an owner changes their role, down or up", async () => {
    const { actor, editor } = await setup();
    const before = await signIn(editorInput.email, editorInput.password);
    await changeUserRole(db, actor, editor.id, "VIEWER");
    expect(await checkSession(db, before, policy)).toEqual({ ok: false, reason: "revoked" });
    const asViewer = await signIn(editorInput.email, editorInput.password);
    expect(await checkSession(db, asViewer, policy)).toMatchObject({ ok: true, user: { role: "VIEWER" } });
    await changeUserRole(db, actor, editor.id, "OWNER");
    expect(await checkSession(db, asViewer, policy)).toEqual({ ok: false, reason: "revoked" });
    expect(await revocations()).toEqual(["role_changed", "role_changed"]);
  });

  it("an owner disables them; enabling them again does not bring the old session back", async () => {
    const { actor, editor } = await setup();
    const before = await signIn(editorInput.email, editorInput.password);
    await setUserDisabled(db, actor, editor.id, true);
    expect(await checkSession(db, before, policy)).toEqual({ ok: false, reason: "disabled" });
    await setUserDisabled(db, actor, editor.id, false);
    expect(await checkSession(db, before, policy)).toEqual({ ok: false, reason: "revoked" });
    expect(await revocations()).toEqual(["disabled"]);
  });

  it("they change their password; the device that changed it gets the new version", async () => {
    const { editor } = await setup();
    const here = await signIn(editorInput.email, editorInput.password);
    const elsewhere = await signIn(editorInput.email, editorInput.password);
    const { sessionVersion } = await changeOwnPassword(
      db,
      editor,
      {
        currentPassword: editorInput.password,
        newPassword: "orbit lantern meadow",
        confirmPassword: "orbit lantern meadow",
      },
      IP,
    );
    expect(sessionVersion).toBe(here.sessionVersion + 1);
    for (const session of [here, elsewhere])
      expect(await checkSession(db, session, policy)).toEqual({ ok: false, reason: "revoked" });
    expect(await checkSession(db, { ...here, sessionVersion }, policy)).toMatchObject({ ok: true });
    expect(await authenticate(db, editorInput.email, editorInput.password, IP)).toBeNull();
    expect(await authenticate(db, editorInput.email, "orbit lantern meadow", IP)).toMatchObject({
      email: editorInput.email,
    });
    const actions = (
      await db.auditEvent.findMany({ where: { targetId: editor.id }, orderBy: { createdAt: "asc" } })
    ).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(["user.password_changed", "user.sessions_revoked"]));
    expect(await revocations()).toEqual(["password_changed"]);
  });
});

describe("changing one's password", () => {
  async function expectFieldError(promise: Promise<unknown>, field: string, message: string) {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fieldErrors).toEqual({ [field]: [message] });
  }

  it("needs the current password, and wrong guesses count towards the sign-in lock", async () => {
    const { editor } = await setup();
    await signIn(editorInput.email, editorInput.password); // from IP, which becomes a known address
    const next = { newPassword: "orbit lantern meadow", confirmPassword: "orbit lantern meadow" };
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i += 1) {
      await expectFieldError(
        changeOwnPassword(db, editor, { currentPassword: `guess number ${i}`, ...next }, "203.0.113.50"),
        "currentPassword",
        WRONG_CURRENT_PASSWORD,
      );
    }
    // Past the limit even the right current password is not checked: a stolen session cannot be
    // used to guess the password without limit.
    const refused = await changeOwnPassword(
      db,
      editor,
      { currentPassword: editorInput.password, ...next },
      "203.0.113.50",
    ).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "RATE_LIMITED" });
    expect(
      await authenticate(db, editorInput.email, editorInput.password, "203.0.113.51").catch((error: unknown) => error),
    ).toMatchObject({ code: "RATE_LIMITED" });
    // The user's own, known address is not locked by guesses made elsewhere (authenticate.ts).
    expect(await authenticate(db, editorInput.email, editorInput.password, IP)).toMatchObject({
      email: editorInput.email,
    });
  });

  it("refuses the e-mail address as the new password, on its field", async () => {
    const { editor } = await setup();
    await expectFieldError(
      changeOwnPassword(
        db,
        editor,
        {
          currentPassword: editorInput.password,
          newPassword: "EDDIE@example.com",
          confirmPassword: "EDDIE@example.com",
        },
        IP,
      ),
      "newPassword",
      "The password cannot be your e-mail address.",
    );
    expect(await authenticate(db, editorInput.email, editorInput.password, IP)).toMatchObject({
      email: editorInput.email,
    });
  });
});
