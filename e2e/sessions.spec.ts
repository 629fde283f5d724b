import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { auditActions, findUserByEmail, seedUser, withDb, type SeededUser } from "./support/db";
import { actionResultOf, MISSING_ID } from "./support/role-matrix";
import { callServerAction, signIn } from "./support/session";
import { seedPostgresSource, sourceRow } from "./support/sources";

// Issue 20, item 6: sessions can be revoked. Each test replays an attack with a real session
// cookie: one copied before sign-out, one held by a user who was demoted or disabled since, one
// older than a session may live. Each must be refused by pages, server actions, route handlers
// and next-auth's own session endpoint alike.

const SESSION_COOKIE = "next-auth.session-token";
const HOUR_S = 60 * 60;

function appSecret(): string {
  const secrets = JSON.parse(readFileSync(path.join(process.env.SLUICE_E2E_DATA_DIR!, "secrets.json"), "utf8")) as {
    authSecret: string;
  };
  return process.env.NEXTAUTH_SECRET || secrets.authSecret;
}

async function signedInContext(browser: Browser, user: SeededUser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await signIn(await context.newPage(), user.email, user.password);
  return context;
}

async function sessionCookieOf(context: BrowserContext) {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return cookie;
}

/** A fresh browser holding nothing but this cookie value: what someone who copied it has. */
async function contextWithCookie(browser: Browser, value: string, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: SESSION_COOKIE, value, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  return context;
}

const sessionEmail = async (request: APIRequestContext) =>
  ((await (await request.get("/api/auth/session")).json()) as { user?: { email?: string } }).user?.email;

/** What each kind of request gets with the context's cookie, as one comparable record. */
async function probe(context: BrowserContext, sourceId: string) {
  const page = await context.newPage();
  await page.goto("/sources");
  const landedOn = new URL(page.url()).pathname;
  await page.close();
  const route = await context.request.get(`/api/runs/${MISSING_ID}`);
  const action = await callServerAction(context.request, "/sources", "renameSourceAction", [
    null,
    { sourceId, name: `Renamed by a stale cookie ${Date.now()}` },
  ]);
  return {
    page: landedOn,
    route: route.status(),
    action: actionResultOf(action.body)?.code ?? "ok",
    session: (await sessionEmail(context.request)) ?? "none",
  };
}

const REFUSED = { page: "/sign-in", route: 401, action: "UNAUTHENTICATED", session: "none" };

// Several browsers sign in and each stale cookie is tried four ways: more than a minute on a
// busy two-core machine.
test.describe.configure({ timeout: 180_000 });

test("a session cookie copied before sign-out is refused everywhere after it, and so are the user's other sessions", async ({
  browser,
  baseURL,
}) => {
  const editor = await seedUser("EDITOR");
  const source = await seedPostgresSource();
  const laptop = await signedInContext(browser, editor);
  const phone = await signedInContext(browser, editor);
  const copied = await contextWithCookie(browser, (await sessionCookieOf(laptop)).value, baseURL!);
  // While the session is good, the copy works like the original (so the refusals below are the sign-out's doing).
  expect(await sessionEmail(copied.request)).toBe(editor.email);
  expect(
    (await callServerAction(copied.request, "/sources", "previewSourceAction", [null, { sourceId: MISSING_ID }])).body,
  ).toContain("NOT_FOUND");

  const tab = laptop.pages()[0]!;
  await tab.getByRole("button", { name: "Sign out" }).click();
  await expect(tab).toHaveURL(/\/sign-in/);

  expect(await probe(copied, source.id)).toEqual(REFUSED);
  expect(await probe(phone, source.id)).toEqual(REFUSED);
  expect((await sourceRow(source.id))?.name).toBe(source.name);
  expect(await auditActions(editor.email)).toEqual(expect.arrayContaining(["auth.signed_in", "user.sessions_revoked"]));

  // Signing in again works, and the copied cookie stays dead.
  await signIn(tab, editor.email, editor.password);
  expect(await sessionEmail(copied.request)).toBeUndefined();
  for (const context of [laptop, phone, copied]) await context.close();
});

test("a demoted or disabled user's existing session is refused at once, and stays refused after re-enabling", async ({
  page,
  browser,
}) => {
  const owner = await seedUser("OWNER");
  const demoted = await seedUser("EDITOR", "demoted");
  const disabled = await seedUser("EDITOR", "disabled");
  const source = await seedPostgresSource();
  const demotedBrowser = await signedInContext(browser, demoted);
  const disabledBrowser = await signedInContext(browser, disabled);
  expect(await sessionEmail(demotedBrowser.request)).toBe(demoted.email);

  await signIn(page, owner.email, owner.password);
  await page.goto("/settings/users");
  await page.getByLabel(`Role of ${demoted.email}`).selectOption("VIEWER");
  await page.getByRole("row").filter({ hasText: demoted.email }).getByRole("button", { name: "Save" }).click();
  await expect.poll(async () => (await findUserByEmail(demoted.email))?.role).toBe("VIEWER");
  await page.getByRole("button", { name: `Disable ${disabled.email}` }).click();
  await expect(page.getByRole("button", { name: `Enable ${disabled.email}` })).toBeVisible();

  // The demoted editor's cookie is not merely downgraded to a viewer's: it no longer works at all.
  expect(await probe(demotedBrowser, source.id)).toEqual(REFUSED);
  expect(await probe(disabledBrowser, source.id)).toEqual(REFUSED);

  await page.getByRole("button", { name: `Enable ${disabled.email}` }).click();
  await expect(page.getByRole("button", { name: `Disable ${disabled.email}` })).toBeVisible();
  expect(await probe(disabledBrowser, source.id)).toEqual(REFUSED);
  expect((await sourceRow(source.id))?.name).toBe(source.name);

  // Both sign in again, as what they are now.
  const again = await signedInContext(browser, demoted);
  expect(await sessionEmail(again.request)).toBe(demoted.email);
  await again.pages()[0]!.goto("/sources/new");
  await expect(again.pages()[0]!).toHaveURL(/\/forbidden\?need=editor$/);
  for (const context of [demotedBrowser, disabledBrowser, again]) await context.close();
});

test("a session ends 12 hours after sign-in however often it is refreshed", async ({ browser, baseURL }) => {
  const viewer = await seedUser("VIEWER");
  // A cookie exactly as a sign-in makes it for a new user (session version 0), but signed in at the given time.
  const cookieSignedInAgo = (seconds: number) =>
    encode({
      token: {
        sub: viewer.id,
        email: viewer.email,
        name: viewer.name,
        sv: 0,
        authTime: Math.floor(Date.now() / 1000) - seconds,
      },
      secret: appSecret(),
      maxAge: 12 * HOUR_S,
    });

  const recent = await contextWithCookie(browser, await cookieSignedInAgo(11 * HOUR_S), baseURL!);
  const source = await seedPostgresSource();
  expect(await sessionEmail(recent.request)).toBe(viewer.email);
  // Refreshing re-issues the cookie (with a new expiry) but keeps the sign-in time.
  const refreshed = (await decode({ token: (await sessionCookieOf(recent)).value, secret: appSecret() })) as {
    authTime?: number;
    exp?: number;
  };
  expect(Math.floor(Date.now() / 1000) - refreshed.authTime!).toBeGreaterThanOrEqual(11 * HOUR_S);
  const page = await recent.newPage();
  await page.goto("/sources");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  const old = await contextWithCookie(browser, await cookieSignedInAgo(12 * HOUR_S + 60), baseURL!);
  expect(await probe(old, source.id)).toEqual(REFUSED);
  // next-auth's endpoint deleted it rather than extending it.
  expect((await old.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)).toBeUndefined();
  await recent.close();
  await old.close();
});

test("every user changes their own password: errors next to the fields, then other sessions end and this one goes on", async ({
  page,
  browser,
}) => {
  const viewer = await seedUser("VIEWER", "changer");
  const otherDevice = await signedInContext(browser, viewer);
  await signIn(page, viewer.email, viewer.password);
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(page.getByRole("heading", { name: "Change your password" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Your account" }),
  ).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: "test-results/screens/09-account.png", fullPage: true });

  const fill = async (current: string, next: string, confirm: string) => {
    await page.getByLabel("Current password").fill(current);
    await page.getByLabel("New password", { exact: true }).fill(next);
    await page.getByLabel("Confirm new password").fill(confirm);
    await page.getByRole("button", { name: "Change password" }).click();
  };
  const NEW_PASSWORD = "copper kettle meadow 7";

  await fill(viewer.password, "1qaz2wsx3edc", "1qaz2wsx3edc");
  await expect(page.locator("#newPassword-error")).toHaveText(
    "This is one of the most common passwords, which attackers try first. Choose another.",
  );
  await expect(page.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: "test-results/screens/10-account-common-password.png", fullPage: true });

  await fill(viewer.password, "short one", "short one");
  await expect(page.locator("#newPassword-error")).toHaveText("Use at least 12 characters.");
  await fill(viewer.password, viewer.email, viewer.email);
  await expect(page.locator("#newPassword-error")).toHaveText("The password cannot be your e-mail address.");
  await fill(viewer.password, NEW_PASSWORD, `${NEW_PASSWORD}!`);
  await expect(page.locator("#confirmPassword-error")).toHaveText("The two passwords differ.");
  await fill("not my password at all", NEW_PASSWORD, NEW_PASSWORD);
  await expect(page.locator("#currentPassword-error")).toHaveText("This is not your current password.");
  await expect(page.locator("#newPassword-error")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/11-account-wrong-current.png", fullPage: true });
  // Nothing was changed by any of these, and no session ended.
  expect(await sessionEmail(otherDevice.request)).toBe(viewer.email);

  await fill(viewer.password, NEW_PASSWORD, NEW_PASSWORD);
  await expect(page.getByText("Your password is changed. You are signed out everywhere else.")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveValue("");
  await page.screenshot({ path: "test-results/screens/12-account-changed.png", fullPage: true });

  // This browser got a fresh session; the other device's ended.
  await page.goto("/sources");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  expect(await sessionEmail(page.context().request)).toBe(viewer.email);
  expect(await sessionEmail(otherDevice.request)).toBeUndefined();
  const otherTab = otherDevice.pages()[0]!;
  await otherTab.goto("/sources");
  await expect(otherTab).toHaveURL(/\/sign-in/);
  const actions = await auditActions(viewer.email);
  expect(actions).toEqual(expect.arrayContaining(["user.password_changed", "user.sessions_revoked"]));

  // The old password no longer signs in; the new one does.
  await otherTab.getByLabel("E-mail").fill(viewer.email);
  await otherTab.getByLabel("Password").fill(viewer.password);
  await otherTab.getByRole("button", { name: "Sign in" }).click();
  await expect(otherTab.getByRole("alert").filter({ hasText: "Wrong e-mail or password" })).toBeVisible();
  await signIn(otherTab, viewer.email, NEW_PASSWORD);
  await otherDevice.close();
});

test("a stranger's guesses do not lock the owner out of their own machine, and an owner can unlock a locked account", async ({
  page,
  browser,
}) => {
  const owner = await seedUser("OWNER", "lock-owner");
  const editor = await seedUser("EDITOR", "locked");
  // The owner signed in from this machine before; a stranger elsewhere then failed six times on
  // each account (recorded as the sign-in form records them, from another address).
  await withDb(async (client) => {
    await client.query(`INSERT INTO "SignInAttempt" (id, email, ip, succeeded) VALUES ($1, $2, '127.0.0.1', true)`, [
      `seed-${owner.id}`,
      owner.email,
    ]);
    for (const user of [owner, editor]) {
      for (let i = 0; i < 6; i += 1) {
        await client.query(
          `INSERT INTO "SignInAttempt" (id, email, ip, succeeded) VALUES ($1, $2, '198.51.100.66', false)`,
          [`seed-${user.id}-${i}`, user.email],
        );
      }
    }
  });
  try {
    await signIn(page, owner.email, owner.password);

    // The editor never signed in from here: this is a new address for them, and it is locked.
    const editorBrowser = await browser.newContext();
    const editorTab = await editorBrowser.newPage();
    await editorTab.goto("/sign-in");
    await editorTab.getByLabel("E-mail").fill(editor.email);
    await editorTab.getByLabel("Password").fill(editor.password);
    await editorTab.getByRole("button", { name: "Sign in" }).click();
    await expect(editorTab.getByRole("alert").filter({ hasText: "Too many failed sign-ins" })).toContainText(
      "ask an owner to unlock your account",
    );

    await page.goto("/settings/users");
    const row = page.getByRole("row").filter({ hasText: editor.email });
    await expect(row.getByText("Locked", { exact: true })).toBeVisible();
    // The owner's account is locked too, for addresses they have never used: they got in from one they had.
    await expect(
      page.getByRole("row").filter({ hasText: owner.email }).getByText("Locked", { exact: true }),
    ).toBeVisible();
    await page.screenshot({ path: "test-results/screens/13-users-locked.png", fullPage: true });
    await row.getByRole("button", { name: `Unlock ${editor.email}` }).click();
    await expect(row.getByText("Locked", { exact: true })).toHaveCount(0);
    await expect(row.getByRole("button", { name: `Unlock ${editor.email}` })).toHaveCount(0);
    expect(await auditActions(owner.email)).toContain("user.unlocked");

    await signIn(editorTab, editor.email, editor.password);
    await editorBrowser.close();
  } finally {
    await withDb((client) =>
      client.query(`DELETE FROM "SignInAttempt" WHERE email = ANY($1)`, [[owner.email, editor.email]]),
    );
  }
});
