import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { auditActions, seedUser, serverSecretBox, withDb } from "./support/db";
import { createXAdsClient, resolveXAdsConfig } from "../lib/x-ads";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, SEED_USERS } from "../standin/seed";
import {
  demoSourceId,
  expectNoSecretsIn,
  seedDestination,
  seededConnectionEmail,
  seedXConnection,
  standinUrl,
  storedTokens,
} from "./support/destinations";
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

  const stored = await withDb(
    async (client) =>
      (
        await client.query(
          `SELECT "tokenSealed", "tokenSecretSealed" FROM "XConnection" WHERE "screenName" = 'acme_marketer'`,
        )
      ).rows[0],
  );
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

test("the client bundle carries no token, app secret or sealed column", async () => {
  const tokens = await storedTokens();
  expect(tokens.length).toBeGreaterThan(0);
  // The server's own secrets existed when the app was built (npm start generates them first), so
  // a client component reading one would have carried it into the bundle.
  const serverSecrets = JSON.parse(
    readFileSync(path.join(process.env.SLUICE_E2E_DATA_DIR!, "secrets.json"), "utf8"),
  ) as { encryptionKey: string; authSecret: string };
  const appSecrets = [
    serverSecrets.encryptionKey,
    serverSecrets.authSecret,
    process.env.SLUICE_ENCRYPTION_KEY,
    process.env.NEXTAUTH_SECRET,
  ].filter((secret): secret is string => Boolean(secret));
  expect(appSecrets.length).toBeGreaterThanOrEqual(2);
  const forbidden = [
    ...tokens,
    ...appSecrets,
    "sluice-demo-consumer-secret",
    "tokenSealed",
    "tokenSecretSealed",
    "requestTokenSecretSealed",
    "connectionStringSealed",
  ];
  const root = path.join(process.env.SLUICE_DIST_DIR || ".next", "static");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".js")) files.push(full);
    }
  };
  walk(root);
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const secret of forbidden) expect(text.includes(secret), `${secret.slice(0, 12)}… in ${file}`).toBe(false);
  }
});

test("an owner disconnects a connection: X revokes the token, its destinations say so", async ({ page }) => {
  const owner = await seedUser("OWNER");
  const connectionId = await seedXConnection(SEED_USERS.manager.id);
  const destination = await seedDestination({
    connectionId,
    sourceId: await demoSourceId(),
    name: "Outlet orders",
    active: true,
  });
  const sealed = (
    await withDb((client) =>
      client.query(`SELECT "tokenSealed", "tokenSecretSealed" FROM "XConnection" WHERE id = $1`, [connectionId]),
    )
  ).rows[0];
  const token = {
    key: serverSecretBox().open(sealed.tokenSealed),
    secret: serverSecretBox().open(sealed.tokenSecretSealed),
  };
  await signIn(page, owner.email, owner.password);
  await page.goto("/destinations/connections");
  const row = page.getByRole("row", { name: new RegExp(seededConnectionEmail(connectionId)) });
  await expect(row).toContainText("used by 1 destination");
  await row.getByRole("button", { name: /^Disconnect/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("1 destination uses it and will stop sending");
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByText(/is disconnected; X revoked its token/)).toBeVisible();
  await expect(row).toContainText("Disconnected");
  await page.screenshot({ path: "test-results/screens/conn-05-disconnected.png", fullPage: true });

  const stored = await withDb(
    async (client) =>
      (await client.query(`SELECT "tokenSealed", "revokedAt" FROM "XConnection" WHERE id = $1`, [connectionId]))
        .rows[0],
  );
  expect(stored).toMatchObject({ tokenSealed: "" });
  expect(stored.revokedAt).not.toBeNull();
  // X no longer accepts the old token.
  const config = resolveXAdsConfig({ adsApiBaseUrl: standinUrl(), apiBaseUrl: standinUrl() });
  const client = createXAdsClient({
    config,
    consumer: { key: DEMO_CONSUMER_KEY, secret: DEMO_CONSUMER_SECRET },
    token,
  });
  expect(await client.getAccountAccess("18ce55abc01")).toMatchObject({
    kind: "auth_failure",
    reason: "unauthenticated",
  });

  await page.goto(`/destinations/${destination.id}`);
  await expect(page.getByText("X connection disconnected")).toBeVisible();
  expect(await auditActions(owner.email)).toContain("x_connection.disconnected");
});
