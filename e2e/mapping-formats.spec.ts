import { expect, test, type Page } from "@playwright/test";
import { SEED_USERS } from "../standin/seed";
import { seedUser } from "./support/db";
import { expectNoSecretsIn, expectNoSeriousA11yViolations, seedDestination, seedXConnection } from "./support/destinations";
import { signIn } from "./support/session";
import { seedCsvSource } from "./support/sources";

// Real-world exports through the mapping step and the preview: columns suggested from their
// headers, and the options that read values as people write them. Each journey seeds its own CSV.

async function mappingFor(page: Page, csv: string, name: string) {
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  const source = await seedCsvSource({ csv, name: `${name} export`, filename: `${name}.csv` });
  const connectionId = await seedXConnection(SEED_USERS.admin.id);
  const destination = await seedDestination({ connectionId, sourceId: source.id, name, mapping: null });
  await page.goto(`/destinations/${destination.id}/setup/mapping`);
  await expect(page.getByRole("heading", { name: "Mapping", level: 2 })).toBeVisible();
  return destination;
}

async function look(page: Page, name: string) {
  await expectNoSecretsIn(page);
  await expectNoSeriousA11yViolations(page, name);
  await page.screenshot({ path: `test-results/screens/formats-${name}.png`, fullPage: true });
}

test("phone numbers are read in each row's country from a country column", async ({ page }) => {
  const csv = [
    "Order ID,Created at (UTC),Billing Phone,Country",
    "A-1,2026-11-20 10:00:00,020 7946 0958,United Kingdom",
    "A-2,2026-11-20 11:00:00,(206) 555-0158,US",
    "A-3,2026-11-20 12:00:00,030 12345678,",
  ].join("\n");
  await mappingFor(page, csv, "Phone countries");
  await expect(page.getByRole("combobox", { name: "Phone number", exact: true })).toHaveValue("col:Billing Phone");
  await expect(page.getByRole("combobox", { name: "Conversion time", exact: true })).toHaveValue("col:Created at (UTC)");
  await expect(page.getByLabel("Phone country column")).toHaveValue("Country");
  await expect(page.getByLabel("Default phone country")).toHaveValue("");
  await page.getByLabel("Phone country column").scrollIntoViewIfNeeded();
  await look(page, "01-phone-country-mapping");

  await page.getByRole("button", { name: "Save mapping and preview" }).click();
  await expect(page.getByRole("heading", { name: "Preview and test", level: 2 })).toBeVisible();
  await expect(page.getByTestId("preview-summary")).toHaveText(/^2 ready, 1 invalid/);
  await expect(page.getByTestId("preview-row-1")).toContainText('"hashed_phone_number"');
  await expect(page.getByTestId("preview-row-2")).toContainText('"hashed_phone_number"');
  await expect(page.getByTestId("preview-row-3")).toContainText("is a national number and there is no country for this row");
  await look(page, "02-phone-country-preview");
});
