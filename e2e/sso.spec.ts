import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startOidcTestIssuer, type TestIssuer } from "../lib/testing/oidc-test-issuer";
import { auditActions, findUserByEmail, seedUser, withDb, type SeededUser } from "./support/db";
import { signIn } from "./support/session";

// Issue 25, part 2: single sign-on against a real OpenID Provider (oidc-provider, started here on
// a free loopback port), configured through the settings page by an owner. Then: a new person
// signs in by SSO and gets the configured role; another domain and a disabled user are refused
// with a clear message; the owner's SSO sign-in allows turning passwords off, and the CLI turns
// them back on (the documented recovery path); a provider that is down gets a sentence too.

const APP = `http://127.0.0.1:${process.env.SLUICE_E2E_PORT ?? 3100}`;
const CLIENT = { clientId: "sluice-e2e", clientSecret: "e2e-client-secret-8d1f" };

let issuer: TestIssuer;
let owner: SeededUser;
let disabled: SeededUser;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(async () => {
  owner = await seedUser("OWNER");
  disabled = await seedUser("VIEWER", "dora");
  await withDb((client) => client.query(`UPDATE "User" SET "disabledAt" = now() WHERE id = $1`, [disabled.id]));
  issuer = await startOidcTestIssuer({
    ...CLIENT,
    redirectUris: [`${APP}/api/auth/callback/sso`],
    accounts: {
      newbie: { email: "Nina.Newbie@acme.test", email_verified: true, name: "Nina Newbie" },
      eve: { email: "eve@elsewhere.test", email_verified: true, name: "Eve" },
      dora: { email: disabled.email, email_verified: true, name: disabled.name },
      boss: { email: owner.email, email_verified: true, name: owner.name },
    },
  });
});

test.afterAll(async () => {
  // Other journeys expect password sign-in and no SSO button.
  await withDb((client) => client.query(`DELETE FROM "SsoSettings"`));
  await issuer?.close();
});

/** A fresh browser (no session here or at the provider) through "Continue with SSO" and the
 * provider's login form, as `login`. */
async function signInBySso(browser: Browser, login: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await page.waitForURL((url) => url.origin === issuer.url);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.waitForURL((url) => url.origin === APP);
  return page;
}

test("an owner sets up SSO; new, refused-domain and disabled users sign in by it; passwords go off and come back", async ({
  page,
  browser,
}) => {
  await signIn(page, owner.email, owner.password);
  await page.goto("/settings/sso");
  await expect(page.getByRole("heading", { name: "Single sign-on (OpenID Connect)" })).toBeVisible();
  await expect(page.getByText(`${APP}/api/auth/callback/sso`)).toBeVisible();

  // Test connection says what is wrong, next to the field.
  await page.getByLabel("Issuer URL").fill(`${issuer.url}/wrong`);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.locator("#sso-issuer-error")).toHaveText(/answered HTTP 404, not the discovery document/);
  await page.getByLabel("Issuer URL").fill(issuer.url);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(`Connected: ${issuer.url} answered with a valid discovery document.`)).toBeVisible();

  // Turning it on without a domain or secret is refused field by field.
  await page.getByRole("switch", { name: /Continue with SSO/ }).click();
  await page.getByLabel("Client ID").fill(CLIENT.clientId);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#sso-domains-error")).toHaveText(
    "Name at least one e-mail domain whose people may sign in by SSO.",
  );
  await page.getByLabel("Allowed e-mail domains").fill("acme.test, example.com");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#sso-client-secret-error")).toHaveText(
    "Enter the client secret your identity provider gave Sluice.",
  );
  await page.getByLabel("Client secret").fill(CLIENT.clientSecret);
  await page.getByLabel("Role for new users").selectOption("EDITOR");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved. People can now continue with SSO on the sign-in page.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Client secret")).toHaveValue("");
  await expect(page.getByText("A secret is stored (encrypted). Leave blank to keep it.")).toBeVisible();
  expect(await page.content()).not.toContain(CLIENT.clientSecret);
  // Passwords cannot go off before an owner has signed in by SSO.
  await expect(page.getByRole("button", { name: "Turn password sign-in off" })).toBeDisabled();
  await page.screenshot({ path: "test-results/screens/sso-01-settings.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/sso-01b-settings-390.png", fullPage: true });

  // A new person of an allowed domain: created with the configured role, signed in.
  const newbie = await signInBySso(browser, "newbie");
  // Signed in: the app's shell (its sidebar, or its menu bar on a narrow window) is there.
  await expect(newbie.getByRole("link", { name: "Sluice home" }).filter({ visible: true })).toHaveCount(1);
  await expect(newbie).toHaveURL(/\/destinations$/);
  expect(await findUserByEmail("nina.newbie@acme.test")).toMatchObject({ role: "EDITOR", disabledAt: null });
  expect(await auditActions("nina.newbie@acme.test")).toEqual(["user.added", "auth.signed_in"]);

  // Another domain: refused on the sign-in page, nobody created.
  const eve = await signInBySso(browser, "eve");
  await expect(eve).toHaveURL(/\/sign-in\?error=sso_domain_not_allowed$/);
  await expect(
    eve.getByText(
      "Your e-mail domain is not allowed to sign in to this Sluice by SSO. Ask a Sluice owner to allow it.",
    ),
  ).toBeVisible();
  await expect(eve.getByRole("button", { name: "Continue with SSO" })).toBeVisible();
  await eve.screenshot({ path: "test-results/screens/sso-02-sign-in-refused-domain.png" });
  expect(await findUserByEmail("eve@elsewhere.test")).toBeNull();

  // A disabled user: refused with the same words as a password sign-in.
  const dora = await signInBySso(browser, "dora");
  await expect(dora).toHaveURL(/\/sign-in\?error=sso_disabled$/);
  await expect(dora.getByText("This account is disabled. Ask an owner to enable it.")).toBeVisible();
  expect(await auditActions(disabled.email)).toEqual(["auth.sso_refused"]);

  // The owner signs in by SSO, which lets passwords be turned off.
  const boss = await signInBySso(browser, "boss");
  await expect(boss.getByRole("link", { name: "Sluice home" }).filter({ visible: true })).toHaveCount(1);
  // Owners see who came in by SSO, with the role it gave them.
  await boss.goto("/settings/users");
  await expect(
    boss.getByRole("row").filter({ hasText: "nina.newbie@acme.test" }).getByText("SSO", { exact: true }),
  ).toBeVisible();
  await expect(boss.getByLabel("Role of nina.newbie@acme.test")).toHaveValue("EDITOR");
  // An SSO session ends like a password one: disabling Nina signs her out at her next request.
  await boss.getByRole("button", { name: "Disable nina.newbie@acme.test" }).click();
  await expect(boss.getByRole("button", { name: "Enable nina.newbie@acme.test" })).toBeVisible();
  await newbie.goto("/destinations");
  await expect(newbie).toHaveURL(/\/sign-in\?callbackUrl=%2Fdestinations$/);
  await boss.goto("/settings/sso");
  await boss.getByRole("button", { name: "Turn password sign-in off" }).click();
  await expect(boss.getByText("Password sign-in is off: everyone signs in by SSO.").first()).toBeVisible();

  const signedOut = await (await browser.newContext()).newPage();
  await signedOut.goto("/sign-in");
  await expect(signedOut.getByRole("button", { name: "Continue with SSO" })).toBeVisible();
  await expect(signedOut.getByLabel("Password")).toHaveCount(0);
  await signedOut.setViewportSize({ width: 390, height: 760 });
  await signedOut.screenshot({ path: "test-results/screens/sso-03-sign-in-sso-only-390.png" });
  // The credentials endpoint refuses too, not just the form.
  const csrf = ((await (await signedOut.request.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const refused = await signedOut.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf, email: owner.email, password: owner.password, json: "true" },
  });
  expect(decodeURIComponent(((await refused.json()) as { url: string }).url)).toContain(
    "Password sign-in is turned off here.",
  );

  // Recovery: on the server, the CLI turns passwords back on.
  const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/sluice.ts", "auth", "password-signin", "on"], {
    env: { ...process.env, DATABASE_URL: process.env.SLUICE_E2E_DATABASE_URL },
  });
  expect(stdout).toContain("Password sign-in is on.");
  await signedOut.reload();
  await expect(signedOut.getByLabel("Password")).toBeVisible();
  await signIn(signedOut, owner.email, owner.password);

  // The provider goes away: "Continue with SSO" comes back with a sentence, not an error page.
  await issuer.close();
  const stranded = await (await browser.newContext()).newPage();
  await stranded.goto("/sign-in");
  await stranded.getByRole("button", { name: "Continue with SSO" }).click();
  await expect(stranded).toHaveURL(/\/sign-in\?error=OAuthSignin$/);
  await expect(
    stranded.getByText("Sluice could not reach your identity provider to start single sign-on."),
  ).toBeVisible();
});
