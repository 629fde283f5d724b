import { expect, test, type Page } from "@playwright/test";
import { SEED_USERS } from "../standin/seed";
import { withDb } from "./support/db";
import {
  demoSourceId,
  destinationRow,
  expectNoSeriousA11yViolations,
  seedDestination,
  seedXConnection,
  standin,
} from "./support/destinations";
import { seedUser } from "./support/db";
import { signIn } from "./support/session";

// No dead ends in the setup wizard: an X user with no ad accounts, X failing, a revoked token and
// a missing source each say what is going on and offer the way on; a source created from the
// wizard comes back chosen; a source's page starts a destination that reads it; the audit log
// names things.

// These journeys also run at 390 px (the "narrow" project), after the desktop run in the same
// database: its screenshots and the things it names are told apart.
const narrow = () => test.info().project.name === "narrow";
const named = (name: string) => (narrow() ? `Phone ${name}` : name);

async function screen(page: Page, name: string) {
  await expectNoSeriousA11yViolations(page, name);
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({
    path: `test-results/screens/dead-ends-${width < 768 ? "390-" : ""}${name}.png`,
    fullPage: true,
  });
}

async function approveOnX(page: Page, screenName: string) {
  await page.getByLabel(new RegExp(`@${screenName}`)).check();
  await page.getByRole("button", { name: "Authorize app" }).click();
}

test("every wizard step says what to do when X or the workspace has nothing to offer", async ({ page }) => {
  test.setTimeout(120_000);
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  await page.goto("/destinations/new");
  await page.getByLabel("Name").fill(named("Newcomer purchases"));
  await page.getByRole("button", { name: "Start setup" }).click();

  // An X user with no ad accounts: said plainly, with X Ads and another X account offered.
  await page
    .getByRole("link", { name: /^Connect (another )?X account$/ })
    .first()
    .click();
  await approveOnX(page, SEED_USERS.newcomer.screenName);
  await expect(page.getByText("It is chosen below; continue when ready.")).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "@nico_newcomer has no ad accounts" })).toBeVisible();
  await expect(page.getByRole("link", { name: /X Ads/ })).toHaveAttribute("href", "https://ads.x.com");
  await expect(page.getByText(/No account matches/)).toHaveCount(0);
  await screen(page, "01-no-ad-accounts");

  // X failing while listing accounts: what happened, and "Try again" that asks X afresh.
  await standin().addFault({ kind: "500", probability: 1, pathIncludes: "/accounts" });
  try {
    await page.getByRole("link", { name: "Connect another X account" }).click();
    await approveOnX(page, SEED_USERS.admin.screenName);
    await expect(page.getByText("Connected @acme_admin")).toBeVisible();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Could not list your ad accounts" })).toContainText(
      "Try again in a moment",
    );
    await screen(page, "02-x-unreachable");
  } finally {
    await standin().clearFaults();
  }
  await page.getByRole("link", { name: "Try again" }).click();
  await page.getByLabel("Search ad accounts by name or ID").fill("acme store");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("radio", { name: /Acme Store/ }).check();

  // The event step: X failing there too (before anything is cached, which would be shown instead).
  await standin().addFault({ kind: "503", probability: 1, pathIncludes: "/web_event_tags" });
  try {
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Pixel and event", level: 2 })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Could not read the account's events" })).toBeVisible();
    await screen(page, "03-events-unreachable");
  } finally {
    await standin().clearFaults();
  }
  await page.getByRole("link", { name: "Try again" }).click();
  await expect(page.getByRole("group", { name: "Pixel o8z6j" })).toBeVisible();
  // An Event ID typed as tw-<pixel>-<event> fills the Pixel ID; the server takes it from there too.
  await page.getByRole("textbox", { name: "Event ID" }).fill("tw-o8z6j-o87nf");
  await expect(page.getByRole("textbox", { name: "Pixel ID" })).toHaveValue("o8z6j");
  await page.getByRole("textbox", { name: "Pixel ID" }).fill("");
  await page.getByRole("button", { name: "Continue" }).click();

  // The source step: create a source from here and come back with it chosen.
  await expect(page.getByRole("heading", { name: "Source", level: 2 })).toBeVisible();
  const destinationId = page.url().split("/destinations/")[1]!.split("/")[0]!;
  expect(await destinationRow(destinationId)).toMatchObject({ pixelId: "o8z6j", eventId: "o87nf" });
  await page.getByRole("link", { name: "Create a source" }).click();
  await expect(page.getByRole("link", { name: `Back to setting up ${named("Newcomer purchases")}` })).toBeVisible();
  await page.getByRole("link", { name: /CSV upload/ }).click();
  await expect(page).toHaveURL(new RegExp(`kind=csv&for=${destinationId}`));
  await page.getByLabel("Name").fill(named("Newcomer orders"));
  const csv = "order_id,email,value,currency,ordered_at\n1,ana@example.com,19.90,EUR,2026-11-20T10:00:00Z\n";
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "newcomer.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await screen(page, "04-new-source-for-wizard");
  await page.getByRole("button", { name: "Upload and create source" }).click();
  await expect(page).toHaveURL(new RegExp(`/destinations/${destinationId}/setup/source\\?source=`));
  await expect(page.getByRole("radio", { name: new RegExp(`^${named("Newcomer orders")}`) })).toBeChecked();
  await screen(page, "05-source-chosen");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Mapping", level: 2 })).toBeVisible();
});

test("a revoked token offers to reconnect; a source starts a destination; the audit log names things", async ({
  page,
}) => {
  const owner = await seedUser("OWNER");
  const connectionId = await seedXConnection(SEED_USERS.manager.id);
  const sourceId = await demoSourceId();
  const seeded = await seedDestination({ connectionId, sourceId, name: named("Revoked purchases") });
  await standin().revokeUserTokens(SEED_USERS.manager.id);
  // Nothing the pages load is missing: the favicon used to be a 404 on every page.
  const missing: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await signIn(page, owner.email, owner.password);
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /\/(favicon\.ico|icon\.svg)/);
  const favicon = await page.request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/^image\//);

  await page.goto(`/destinations/${seeded.id}/setup/event?refresh=1`);
  const problem = page.getByRole("alert").filter({ hasText: "Could not read the account's events" });
  await expect(problem).toContainText("it was revoked or is invalid");
  await expect(problem.getByRole("link", { name: "Reconnect or choose another X account" })).toHaveAttribute(
    "href",
    `/destinations/${seeded.id}/setup/connection`,
  );
  await screen(page, "06-token-revoked");

  // From a source's page to a new destination that already reads it.
  await page.goto(`/sources/${sourceId}`);
  await expect(page.getByRole("link", { name: named("Revoked purchases") })).toBeVisible();
  await page.getByRole("link", { name: "Create a destination from this source" }).click();
  await expect(page.getByText("It reads the source Demo orders")).toBeVisible();
  await page.getByLabel("Name").fill(named("From the demo source"));
  await page.getByRole("button", { name: "Start setup" }).click();
  await expect(page.getByRole("heading", { name: "Connect X", level: 2 })).toBeVisible();
  const created = await withDb(
    async (client) =>
      (
        await client.query(
          `SELECT id, "sourceId" FROM "Destination" WHERE name = $1 ORDER BY "createdAt" DESC LIMIT 1`,
          [named("From the demo source")],
        )
      ).rows[0],
  );
  expect(created?.sourceId).toBe(sourceId);

  await page.goto("/settings/audit");
  const row = page
    .getByRole("row")
    .filter({ hasText: "destination.created" })
    .filter({ hasText: named("From the demo source") })
    .first();
  await expect(row.getByRole("link", { name: named("From the demo source") })).toHaveAttribute(
    "href",
    `/destinations/${created!.id}`,
  );
  await expect(row).toContainText("source: Demo orders");
  await expect(page.locator("main")).not.toContainText(created!.id);
  await screen(page, "07-audit-names");
  expect(missing).toEqual([]);
});
