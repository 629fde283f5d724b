import { expect, test } from "@playwright/test";
import { callServerAction } from "./support/session";
import { withDb } from "./support/db";

test("first run: the app asks for the owner account, then signs the owner in", async ({ page, request }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Sluice" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/01-setup.png" });

  // Mistakes are shown next to the field that has them, and nothing is created.
  await page.getByLabel("Your name").fill("Olivia Owner");
  await page.getByLabel("Work e-mail").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("different");
  await page.getByRole("button", { name: "Create owner account" }).click();
  await expect(page.getByText("Enter a valid e-mail address, like ana@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(page.getByText("The two passwords differ.")).toBeVisible();
  await expect(page.getByLabel("Work e-mail")).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: "test-results/screens/02-setup-errors.png" });
  expect(await withDb(async (client) => (await client.query(`SELECT count(*)::int AS n FROM "User"`)).rows[0].n)).toBe(
    0,
  );

  // Twelve characters are not enough when they are a common password, or the e-mail address.
  await page.getByLabel("Work e-mail").fill("olivia.owner@example.com");
  for (const [weak, message] of [
    ["qwerty123456", "This is one of the most common passwords, which attackers try first. Choose another."],
    ["Olivia.Owner@example.com", "The password cannot be your e-mail address."],
  ] as const) {
    await page.getByLabel("Password", { exact: true }).fill(weak);
    await page.getByLabel("Confirm password").fill(weak);
    await page.getByRole("button", { name: "Create owner account" }).click();
    await expect(page.locator("#password-error")).toHaveText(message);
  }
  await page.screenshot({ path: "test-results/screens/02b-setup-common-password.png" });
  expect(await withDb(async (client) => (await client.query(`SELECT count(*)::int AS n FROM "User"`)).rows[0].n)).toBe(
    0,
  );

  await page.getByLabel("Work e-mail").fill("olivia@example.com");
  await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
  await page.getByLabel("Confirm password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create owner account" }).click();

  // A new workspace lands on its checklist: the demo source is already there, X is next.
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Get started" })).toBeVisible();
  await expect(page.getByText("olivia@example.com")).toBeVisible();
  await expect(page.getByText("1 of 4 done.")).toBeVisible();
  const steps = page.getByRole("list", { name: "Setup steps" }).getByRole("listitem");
  await expect(steps).toHaveText([
    /Connect X \(not done yet\)/,
    /Add a source \(done\)/,
    /Create a destination \(not done yet\)/,
    /Run the first sync \(not done yet\)/,
  ]);
  await expect(steps.nth(0)).toHaveAttribute("aria-current", "step");
  await expect(steps.nth(0).getByRole("link", { name: "Connect X" })).toHaveAttribute(
    "href",
    "/destinations/connections",
  );
  await expect(steps.nth(2).getByRole("link", { name: "Create a destination" })).toHaveAttribute(
    "href",
    "/destinations/new",
  );
  await page.screenshot({ path: "test-results/screens/03-get-started.png", fullPage: true });
  // The checklist on a phone: one column, nothing off the side.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/screens/03-get-started-390.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("link", { name: "Destinations" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Destinations" })).toBeVisible();
  await expect(page.getByText("No destinations yet")).toBeVisible();
  // Until the first sync, the destinations page says where setup is and links back to the guide.
  await expect(page.getByText("Getting started: 1 of 4 done.")).toBeVisible();
  await expect(page.getByText("Next: Connect X.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Open the checklist" })).toHaveAttribute("href", "/");
  await page.screenshot({ path: "test-results/screens/03-destinations-empty.png" });

  // Setup is over: the page sends people to sign in, and the action refuses a second owner.
  const refused = await callServerAction(request, "/setup", "createOwnerAction", [
    null,
    {
      name: "Mallory",
      email: "mallory@example.com",
      password: "mallory-password-1",
      confirmPassword: "mallory-password-1",
    },
  ]);
  expect(refused.body).toContain("CONFLICT");
  const owners = await withDb(async (client) =>
    (await client.query(`SELECT email FROM "User"`)).rows.map((row) => row.email),
  );
  expect(owners).toEqual(["olivia@example.com"]);
  const anonymous = await page.context().browser()!.newContext();
  const fresh = await anonymous.newPage();
  await fresh.goto("/setup");
  await expect(fresh).toHaveURL(/\/sign-in$/);
  await anonymous.close();
});
