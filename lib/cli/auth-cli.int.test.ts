import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { createSecretBox } from "@/lib/crypto/secret-box";
import { createDb } from "@/lib/db/client";
import { signInBySso } from "@/lib/sso/sign-in-by-sso";
import { saveSsoSettings, setPasswordSignIn } from "@/lib/sso/sso-settings";
import { ssoSettingsSchema } from "@/lib/sso/sso-settings-schema";
import { createFirstOwner } from "@/lib/users/manage-users";
import { runCli } from "./run-cli";

// `sluice auth`: the recovery path when SSO fails with password sign-in off. The command opens
// the database named by DATABASE_URL, as it does on a server.

const url = inject("databaseUrl");
vi.stubEnv("DATABASE_URL", url);
const db = createDb(url, { max: 2 });
afterAll(() => db.$disconnect());
beforeEach(async () => {
  await db.auditEvent.deleteMany();
  await db.ssoSettings.deleteMany();
  await db.user.deleteMany();
});

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

describe("sluice auth", () => {
  it("turns password sign-in back on after SSO took over, and says so in the audit log", async () => {
    const owner = await createFirstOwner(db, {
      name: "Olivia",
      email: "olivia@example.com",
      password: "plum tractor violin",
      confirmPassword: "plum tractor violin",
    });
    const actor = { id: owner.id, email: owner.email };
    const form = ssoSettingsSchema.parse({
      enabled: "on",
      issuerUrl: "https://login.example.com",
      clientId: "sluice",
      clientSecret: "s",
      allowedDomains: "example.com",
      newUserRole: "VIEWER",
    });
    await saveSsoSettings(db, createSecretBox(randomBytes(32)), actor, form);
    await signInBySso(db, { sub: "o", email: owner.email, email_verified: true });
    await setPasswordSignIn(db, actor, false);

    expect((await cli("auth", "status")).stdout).toMatch(
      /^SSO: on \(https:\/\/login\.example\.com\)\nPassword sign-in: off\nLast owner SSO sign-in: \d{4}-/,
    );
    expect(await cli("auth", "password-signin", "on")).toEqual({
      code: 0,
      stdout: "Password sign-in is on. Owners can sign in with their password again.\n",
      stderr: "",
    });
    expect((await db.ssoSettings.findUniqueOrThrow({ where: { id: "sso" } })).passwordSignInEnabled).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.password_sign_in_on" } });
    expect([event.actorId, event.details]).toEqual([null, { via: "cli" }]);
  });

  it("refuses to turn passwords off before SSO works, and explains the usage", async () => {
    expect(await cli("auth", "password-signin", "off")).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "sluice auth: Password sign-in can only be turned off once SSO is on and an owner has signed in by SSO at least once.\n",
    });
    const wrong = await cli("auth", "password-signin", "maybe");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("say `password-signin on`, `password-signin off` or `status`");
  });
});
