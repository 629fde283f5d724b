import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createSecretBox } from "../crypto/secret-box";
import { createDb } from "../db/client";
import { authenticate } from "../users/authenticate";
import { addUser, createFirstOwner, setUserDisabled } from "../users/manage-users";
import { checkSession } from "../users/sessions";
import { signInBySso } from "./sign-in-by-sso";
import { saveSsoSettings } from "./sso-settings";
import { ssoSettingsSchema } from "./sso-settings-schema";

const db = createDb(inject("databaseUrl"), { max: 4 });
afterAll(() => db.$disconnect());
let actor: { id: string; email: string };
beforeEach(async () => {
  await db.auditEvent.deleteMany();
  await db.signInAttempt.deleteMany();
  await db.ssoSettings.deleteMany();
  await db.user.deleteMany();
  const owner = await createFirstOwner(db, {
    name: "Olivia",
    email: "olivia@example.com",
    password: "plum tractor violin",
    confirmPassword: "plum tractor violin",
  });
  actor = { id: owner.id, email: owner.email };
  const form = ssoSettingsSchema.parse({
    enabled: "on",
    issuerUrl: "https://login.example.com",
    clientId: "sluice",
    clientSecret: "s",
    allowedDomains: "example.com",
    newUserRole: "EDITOR",
  });
  await saveSsoSettings(db, createSecretBox(randomBytes(32)), actor, form);
});

const policy = { lifetimeMs: 60 * 60 * 1000 };

describe("signInBySso", () => {
  it("creates a new person of an allowed domain with the configured role, once", async () => {
    const first = await signInBySso(db, { sub: "s-ada", email: "Ada@example.com", email_verified: true, name: "Ada" });
    expect(first).toMatchObject({
      ok: true,
      created: true,
      user: { email: "ada@example.com", name: "Ada", role: "EDITOR", sessionVersion: 0 },
    });
    const again = await signInBySso(db, { sub: "s-ada", email: "ada@example.com", email_verified: true });
    expect(again).toMatchObject({ ok: true, created: false });
    const row = await db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(row).toMatchObject({ createdBySso: true, role: "EDITOR" });
    expect(row.lastSignInAt).not.toBeNull();
    // Nobody knows the password it was given.
    expect(row.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    const audit = await db.auditEvent.findMany({
      where: { actorId: row.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, details: true },
    });
    expect(audit).toEqual([
      { action: "user.added", details: { email: "ada@example.com", role: "EDITOR", via: "sso" } },
      { action: "auth.signed_in", details: { method: "sso" } },
      { action: "auth.signed_in", details: { method: "sso" } },
    ]);
  });

  it("creates one account when the same new person signs in twice at once", async () => {
    const results = await Promise.all(
      [1, 2].map(() => signInBySso(db, { sub: "s-bo", email: "bo@example.com", email_verified: true })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(await db.user.count({ where: { email: "bo@example.com" } })).toBe(1);
  });

  it("refuses another domain and records it, creating nobody", async () => {
    expect(await signInBySso(db, { sub: "s-eve", email: "eve@elsewhere.test", email_verified: true })).toEqual({
      ok: false,
      reason: "domain_not_allowed",
    });
    expect(await db.user.count({ where: { email: "eve@elsewhere.test" } })).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.sso_refused" } });
    expect(event.details).toEqual({ email: "eve@elsewhere.test", reason: "domain_not_allowed" });
  });

  it("refuses a disabled user; their sessions stay ended", async () => {
    const dan = await addUser(db, actor, {
      name: "Dan",
      email: "dan@example.com",
      role: "VIEWER",
      password: "kettle harbour signal",
    });
    await setUserDisabled(db, actor, dan.id, true);
    expect(await signInBySso(db, { sub: "s-dan", email: "dan@example.com", email_verified: true })).toEqual({
      ok: false,
      reason: "disabled",
    });
    expect(await db.auditEvent.count({ where: { action: "auth.signed_in", actorId: dan.id } })).toBe(0);
  });

  it("matches an existing password user by e-mail: same account, same session rules", async () => {
    const viewer = await addUser(db, actor, {
      name: "Vi",
      email: "vi@example.com",
      role: "VIEWER",
      password: "kettle harbour signal",
    });
    const result = await signInBySso(db, { sub: "s-vi", email: "vi@example.com", email_verified: true });
    if (!result.ok) throw new Error("refused");
    expect(result.user.id).toBe(viewer.id);
    expect(result.user.role).toBe("VIEWER");
    const claims = {
      userId: result.user.id,
      sessionVersion: result.user.sessionVersion,
      authTime: Math.floor(Date.now() / 1000),
    };
    expect((await checkSession(db, claims, policy)).ok).toBe(true);
    // Disabling ends the SSO session as it would a password one.
    await setUserDisabled(db, actor, viewer.id, true);
    expect(await checkSession(db, claims, policy)).toEqual({ ok: false, reason: "disabled" });
    // And the password still works for a password user (SSO did not replace it).
    await setUserDisabled(db, actor, viewer.id, false);
    expect(await authenticate(db, "vi@example.com", "kettle harbour signal", null)).not.toBeNull();
  });

  it("records an owner's SSO sign-in, and nobody else's", async () => {
    await signInBySso(db, { sub: "s-ed", email: "ed@example.com", email_verified: true });
    expect((await db.ssoSettings.findUniqueOrThrow({ where: { id: "sso" } })).ownerSsoSignInAt).toBeNull();
    await signInBySso(db, { sub: "s-olivia", email: "olivia@example.com", email_verified: true });
    expect((await db.ssoSettings.findUniqueOrThrow({ where: { id: "sso" } })).ownerSsoSignInAt).not.toBeNull();
  });
});
