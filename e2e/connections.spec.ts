import { expect, test } from "@playwright/test";
import { auditActions, seedUser, withDb } from "./support/db";
import { expectNoSecretsIn, serverSecretBox } from "./support/destinations";
import { signIn } from "./support/session";

// Connecting X: the owner goes through X's (the stand-in's) consent page and back; a cancel says
// so and offers a retry; editors cannot connect; tokens are ciphertext at rest and never in a page.

test("an owner connects X: approve on X, back in Sluice with the handle, tokens sealed", async ({ page }) => {
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  await page.goto("/destinations/connections");
  await page.screenshot({ path: "test-results/screens/conn-01-empty.png", fullPage: true });
  await page.getByRole("link", { name: "Connect X account" }).first().click();

  await expect(page.getByRole("heading", { name: /Authorize Sluice \(demo\)/ })).toBeVisible();
  await page.getByLabel(/@acme_marketer/).check();
  await page.screenshot({ path: "test-results/screens/conn-02-consent.png", fullPage: true });
  await page.getByRole("button", { name: "Authorize app" }).click();

  await expect(page).toHaveURL(/\/destinations\/connections\?connected=/);
  await expect(page.getByText("Connected @acme_marketer")).toBeVisible();
  await expect(page.getByRole("row", { name: /@acme_marketer/ })).toContainText(`Connected by ${owner.email}`);
  await page.screenshot({ path: "test-results/screens/conn-03-connected.png", fullPage: true });

  const stored = await withDb(async (client) => (await client.query(`SELECT "tokenSealed", "tokenSecretSealed" FROM "XConnection" WHERE "screenName" = 'acme_marketer'`)).rows[0]);
  expect(stored.tokenSealed).toMatch(/^v1\./);
  expect(serverSecretBox().open(stored.tokenSealed)).toMatch(/^2417045709-/);
  await expectNoSecretsIn(page);
  expect(await auditActions(owner.email)).toContain("x_connection.connected");
});

test("cancelling on X shows a clear message and a way to retry", async ({ page }) => {
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  await page.goto("/destinations/connections");
  await page.getByRole("link", { name: "Connect X account" }).first().click();
  await page.getByRole("button", { name: "Cancel" }).click();

  await expect(page).toHaveURL(/connect_error=denied/);
  const alert = page.getByRole("alert").filter({ hasText: "Authorization cancelled" });
  await expect(alert).toContainText("You cancelled on X, so nothing was connected.");
  await page.screenshot({ path: "test-results/screens/conn-04-cancelled.png", fullPage: true });
  // The retry starts a fresh flow.
  await alert.getByRole("link", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: /Authorize Sluice \(demo\)/ })).toBeVisible();
});

test("editors choose connections but cannot add one: the connect route refuses them", async ({ page }) => {
  const editor = await seedUser("EDITOR");
  await signIn(page, editor.email, editor.password);
  await page.goto("/destinations/connections");
  await expect(page.getByText("Only owners add or disconnect X connections")).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect X account" })).toHaveCount(0);
  await page.goto("/api/x/connect?returnTo=/destinations/connections");
  await expect(page).toHaveURL(/connect_error=forbidden/);
  await expect(page.getByText("Only owners connect X")).toBeVisible();
});

test("a callback replayed or completed by another user is refused", async ({ page, browser }) => {
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  await page.goto("/destinations/connections");
  await page.getByRole("link", { name: "Connect X account" }).first().click();
  await page.getByLabel(/@acme_analyst/).check();
  // Capture X's redirect to the callback, then let it through.
  const callback = page.waitForRequest((request) => request.url().includes("/api/x/callback"));
  await page.getByRole("button", { name: "Authorize app" }).click();
  const callbackUrl = (await callback).url();
  await expect(page.getByText("Connected @acme_analyst")).toBeVisible();

  await page.goto(callbackUrl);
  await expect(page.getByText("This authorization was already used")).toBeVisible();

  const other = await seedUser("OWNER", "other-owner");
  const context = await browser.newContext();
  const tab = await context.newPage();
  await signIn(tab, other.email, other.password);
  await tab.goto(callbackUrl);
  await expect(tab.getByText("Started by someone else")).toBeVisible();
  await context.close();
});
