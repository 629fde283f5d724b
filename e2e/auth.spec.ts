import { expect, test } from "@playwright/test";
import { auditActions, findUserByEmail, seedUser, withDb } from "./support/db";
import { signIn } from "./support/session";

test("sign in with a wrong password shows a clear error; the right one gets in; sign out ends the session", async ({
  page,
}) => {
  const owner = await seedUser("OWNER");
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(owner.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail or password" })).toHaveText(
    "Wrong e-mail or password. Check both and try again.",
  );
  await page.screenshot({ path: "test-results/screens/04-sign-in-wrong-password.png" });

  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/destinations$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings/);
  expect(await auditActions(owner.email)).toContain("auth.signed_in");
});

// Until the scripts run a form has no handler, and the browser would send it itself: a GET of
// the page with the password in the address (history, access logs). It once did.
test.describe("before the page's scripts run", () => {
  test.use({ javaScriptEnabled: false });

  test("the sign-in form cannot be sent, so no password lands in the address", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill("someone@example.com");
    await page.getByLabel("Password").fill("never-in-a-url");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
    await page.getByLabel("Password").press("Enter");
    await page.getByRole("button", { name: "Sign in" }).click({ force: true });
    await page.waitForLoadState();
    expect(page.url()).toBe(new URL("/sign-in", page.url()).toString());
    await expect(page.getByLabel("Password")).toHaveValue("never-in-a-url");
    await expect(page.getByRole("alert")).toHaveText(
      "Sluice needs JavaScript: turn it on for this site to sign in and make changes.",
    );
    await page.screenshot({ path: "test-results/screens/04-sign-in-without-scripts.png" });
  });
});

test("guessing is cut off after five wrong passwords, and a forged X-Forwarded-For neither hides the guesser's address nor resets the count", async ({
  page,
  request,
}) => {
  const owner = await seedUser("OWNER");
  try {
    // Each guess claims another address; the server records the connection's (scripts/web-server.mjs).
    for (let i = 0; i < 5; i += 1) {
      const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const response = await request.post("/api/auth/callback/credentials", {
        headers: {
          "X-Forwarded-For": `198.51.100.${i + 1}`,
          Origin: `http://127.0.0.1:${process.env.SLUICE_E2E_PORT ?? 3100}`,
        },
        form: { csrfToken, email: owner.email, password: `guess-${i}`, json: "true" },
        maxRedirects: 0,
      });
      expect(((await response.json()) as { url: string }).url).toContain("error=CredentialsSignin");
    }
    const addresses = await withDb(async (client) =>
      (
        await client.query<{ ip: string | null }>(`SELECT ip FROM "SignInAttempt" WHERE email = $1`, [owner.email])
      ).rows.map((row) => row.ip),
    );
    expect(addresses).toEqual(Array(5).fill("127.0.0.1"));

    // The right password is refused now too, with a reason a person can act on.
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Too many failed sign-ins" })).toContainText(
      "Wait 15 minutes",
    );
    await page.screenshot({ path: "test-results/screens/04b-sign-in-rate-limited.png" });
    await expect(page).toHaveURL(/\/sign-in/);
  } finally {
    // This machine's address collected five failures; later tests sign in from it too.
    await withDb((client) => client.query(`DELETE FROM "SignInAttempt" WHERE email = $1`, [owner.email]));
  }
});

test("an owner adds an editor and a viewer, who sign in with the powers of their role", async ({ page, browser }) => {
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Add a user" })).toBeVisible();

  const suffix = Date.now().toString(36);
  const people = [
    { name: "Eddie Editor", email: `eddie-${suffix}@example.com`, role: "EDITOR", password: "editor-password-1" },
    { name: "Vera Viewer", email: `vera-${suffix}@example.com`, role: "VIEWER", password: "viewer-password-1" },
  ];
  for (const person of people) {
    await page.getByLabel("Name").fill(person.name);
    await page.getByLabel("E-mail").fill(person.email);
    await page.getByLabel("Role", { exact: true }).selectOption(person.role);
    await page.getByLabel("Temporary password").fill(person.password);
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByText(`${person.email} can now sign in as ${person.role.toLowerCase()}.`)).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: person.email })).toContainText(person.name);
  }
  // A duplicate e-mail is refused next to the field.
  await page.getByLabel("Name").fill("Vera Again");
  await page.getByLabel("E-mail").fill(people[1]!.email);
  await page.getByLabel("Temporary password").fill("another-password-1");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("A user with this e-mail already exists.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/05-users.png", fullPage: true });
  expect((await findUserByEmail(people[0]!.email))?.role).toBe("EDITOR");
  expect((await findUserByEmail(people[1]!.email))?.role).toBe("VIEWER");

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("cell", { name: "user.added" }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/06-audit-log.png", fullPage: true });

  for (const person of people) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await signIn(other, person.email, person.password);
    await expect(other.getByText(person.role === "EDITOR" ? "Editor" : "Viewer", { exact: true })).toBeVisible();
    await other.getByRole("link", { name: "Settings" }).click();
    await expect(other.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Users" })).toHaveCount(
      0,
    );
    await other.screenshot({ path: `test-results/screens/07-settings-as-${person.role.toLowerCase()}.png` });
    await context.close();
  }
});
