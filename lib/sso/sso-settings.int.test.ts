import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createSecretBox } from "../crypto/secret-box";
import { createDb } from "../db/client";
import { AppError } from "../errors";
import {
  act,
  envelopes,
  expectRefusedOn,
  hostileText,
  received,
  tally,
  trimmed,
  watchConsoleErrors,
  wrap,
} from "../testing/hostile-action-input";
import { createFirstOwner } from "../users/manage-users";
import { signInBySso } from "./sign-in-by-sso";
import { getSsoSettingsView, loadSsoSignInConfig, saveSsoSettings, setPasswordSignIn } from "./sso-settings";
import { ssoSettingsSchema } from "./sso-settings-schema";

const db = createDb(inject("databaseUrl"), { max: 4 });
const box = createSecretBox(randomBytes(32));
afterAll(() => db.$disconnect());
beforeEach(async () => {
  await db.auditEvent.deleteMany();
  await db.ssoSettings.deleteMany();
  await db.user.deleteMany();
});

const SECRET = "client-secret-4f9a7c";
const form = (overrides: Record<string, unknown> = {}) =>
  ssoSettingsSchema.parse({
    enabled: "on",
    issuerUrl: "https://login.example.com",
    clientId: "sluice",
    clientSecret: SECRET,
    allowedDomains: "example.com",
    newUserRole: "EDITOR",
    ...overrides,
  });

async function owner() {
  const user = await createFirstOwner(db, {
    name: "Olivia",
    email: "olivia@example.com",
    password: "plum tractor violin",
    confirmPassword: "plum tractor violin",
  });
  return { id: user.id, email: user.email };
}

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]> | undefined> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).fieldErrors;
}

describe("SSO settings store", () => {
  it("seals the client secret at rest and never shows it back", async () => {
    const actor = await owner();
    const view = await saveSsoSettings(db, box, actor, form());
    const rows = await db.$queryRaw<Array<{ row: string }>>`SELECT row_to_json(s)::text AS row FROM "SsoSettings" s`;
    expect(rows[0]!.row).not.toContain(SECRET);
    const row = await db.ssoSettings.findUniqueOrThrow({ where: { id: "sso" } });
    expect(box.open(row.clientSecretSealed!)).toBe(SECRET);
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(view).toMatchObject({
      enabled: true,
      hasClientSecret: true,
      allowedDomains: ["example.com"],
      newUserRole: "EDITOR",
    });
    expect((await loadSsoSignInConfig(db, box)).provider).toEqual({
      issuerUrl: "https://login.example.com",
      clientId: "sluice",
      clientSecret: SECRET,
    });
  });

  it("keeps the stored secret when the field is left blank, and audits what changed without it", async () => {
    const actor = await owner();
    await saveSsoSettings(db, box, actor, form());
    const sealed = (await db.ssoSettings.findUniqueOrThrow({ where: { id: "sso" } })).clientSecretSealed;
    await saveSsoSettings(db, box, actor, form({ clientSecret: "", allowedDomains: "example.com, example.org" }));
    expect((await db.ssoSettings.findUniqueOrThrow({ where: { id: "sso" } })).clientSecretSealed).toBe(sealed);
    const events = await db.auditEvent.findMany({
      where: { action: "sso.settings_changed" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => (event.details as { changed: string[] }).changed)).toEqual([
      ["enabled", "issuerUrl", "clientId", "allowedDomains", "newUserRole", "clientSecret"],
      ["allowedDomains"],
    ]);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    // Saving the same again changes nothing and records nothing.
    await saveSsoSettings(db, box, actor, form({ clientSecret: SECRET, allowedDomains: "example.com, example.org" }));
    expect(await db.auditEvent.count({ where: { action: "sso.settings_changed" } })).toBe(2);
  });

  it("refuses to turn SSO on without any secret", async () => {
    const actor = await owner();
    expect(await fieldErrorsOf(saveSsoSettings(db, box, actor, form({ clientSecret: "" })))).toEqual({
      clientSecret: ["Enter the client secret your identity provider gave Sluice."],
    });
    expect(await db.ssoSettings.count()).toBe(0);
  });

  it("offers no provider when the secret was sealed with another key (and keeps passwords on)", async () => {
    const actor = await owner();
    await saveSsoSettings(db, box, actor, form());
    await db.ssoSettings.update({ where: { id: "sso" }, data: { passwordSignInEnabled: false } });
    expect(await loadSsoSignInConfig(db, createSecretBox(randomBytes(32)))).toEqual({
      provider: null,
      passwordSignInEnabled: true,
    });
  });
});

describe("turning password sign-in off", () => {
  it("needs SSO on and an owner's SSO sign-in first; then SSO cannot be turned off under it", async () => {
    const actor = await owner();
    await expect(setPasswordSignIn(db, actor, false)).rejects.toThrow(
      /once SSO is on and an owner has signed in by SSO/,
    );
    await saveSsoSettings(db, box, actor, form());
    await expect(setPasswordSignIn(db, actor, false)).rejects.toThrow(
      /once SSO is on and an owner has signed in by SSO/,
    );

    // An editor's SSO sign-in is not enough; the owner's is.
    expect((await signInBySso(db, { sub: "e1", email: "eddie@example.com", email_verified: true })).ok).toBe(true);
    await expect(setPasswordSignIn(db, actor, false)).rejects.toThrow(/an owner has signed in by SSO/);
    expect((await signInBySso(db, { sub: "o1", email: "olivia@example.com", email_verified: true })).ok).toBe(true);
    await setPasswordSignIn(db, actor, false);
    expect((await getSsoSettingsView(db)).passwordSignInEnabled).toBe(false);
    expect((await loadSsoSignInConfig(db, box)).passwordSignInEnabled).toBe(false);

    expect(await fieldErrorsOf(saveSsoSettings(db, box, actor, form({ enabled: "" })))).toEqual({
      enabled: ["Password sign-in is off: turn it back on before turning SSO off, or nobody could sign in."],
    });

    // The CLI's recovery path: no session, recorded as such.
    await setPasswordSignIn(db, null, true, "cli");
    expect((await getSsoSettingsView(db)).passwordSignInEnabled).toBe(true);
    const events = await db.auditEvent.findMany({
      where: { action: { startsWith: "auth.password_sign_in" } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => [event.action, event.actorEmail, event.details])).toEqual([
      ["auth.password_sign_in_off", "olivia@example.com", { via: "settings" }],
      ["auth.password_sign_in_on", null, { via: "cli" }],
    ]);
  });
});

describe("hostile input", () => {
  watchConsoleErrors();

  it("a hostile client id or secret: refused on its field, or saved verbatim (the secret sealed)", async () => {
    const actor = await owner();
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, envelopes, async (clientId, clientSecret, envelope) => {
        const input = {
          enabled: "on",
          issuerUrl: "https://login.example.com",
          clientId,
          clientSecret,
          allowedDomains: "example.com",
          newUserRole: "VIEWER",
        };
        const wrapped = wrap(input, envelope);
        const sent = received(wrapped);
        const result = await act(ssoSettingsSchema, wrapped, (data) => saveSsoSettings(db, box, actor, data));
        if (!result.ok) {
          seen.refused();
          return expectRefusedOn(result, ["clientId", "clientSecret"]);
        }
        seen.saved();
        const row = await db.ssoSettings.findUniqueOrThrow({ where: { id: "sso" } });
        expect(row.clientId).toBe(trimmed(sent.clientId));
        // A blank secret keeps the one stored before.
        if (trimmed(sent.clientSecret)) expect(box.open(row.clientSecretSealed!)).toBe(trimmed(sent.clientSecret));
      }),
      {
        numRuns: 30,
        examples: [
          ["sluice", SECRET, "form"],
          ["slu\u0000ice", SECRET, "object"],
          ["sluice", "sec\ud800ret", "json"],
          ["sluice", "sec\ud800ret", "form"],
        ],
      },
    );
    seen.expectBoth();
  });
});
