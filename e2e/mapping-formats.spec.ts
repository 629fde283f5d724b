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
  return { destination, source };
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

test("the preview shows the value that failed, labels each problem once, and rows mean the same everywhere", async ({ page }) => {
  const csv = [
    "order_id,ordered_at,email,total,currency",
    "B-1,2026-11-20 10:00:00,jane@example.com,20.00,EUR",
    "B-2,31/13/2026,john@example.com,12.5,EUR",
    "B-3,2026-11-20 12:00:00,maria@example.com,\"12,50\",EUR",
    "B-4,2026-11-20 13:00:00,,30.00,EUR",
  ].join("\n");
  const { source } = await mappingFor(page, csv, "Failing values");
  await page.getByRole("button", { name: "Save mapping and preview" }).click();
  await expect(page.getByRole("heading", { name: "Preview and test", level: 2 })).toBeVisible();
  await expect(page.getByTestId("preview-summary")).toHaveText(
    "1 ready, 3 invalid: Ambiguous decimal separator ×1, Unreadable conversion time ×1, No twclid, email or phone ×1",
  );
  await expect(page.getByTestId("preview-row-2")).toContainText("source value: 31/13/2026");
  await expect(page.getByTestId("preview-row-2").getByRole("definition").first()).toHaveText("31/13/2026");
  await expect(page.getByTestId("preview-row-3")).toContainText("source value: 12,50");
  await expect(page.getByTestId("preview-row-4")).toContainText("needs a twclid, email or phone");
  await expect(page.locator("body")).not.toContainText("john@example.com");
  await look(page, "03-failing-values-preview");

  // The source page numbers the same rows the same way, and says which line of the file each is.
  await page.goto(`/sources/${source.id}`);
  await page.getByRole("button", { name: "Preview rows" }).click();
  const sample = page.getByRole("table", { name: "Sample rows" });
  await expect(sample.getByRole("columnheader", { name: "Row" })).toBeVisible();
  await expect(sample.getByRole("columnheader", { name: "Line" })).toBeVisible();
  await expect(sample.getByRole("row").nth(2).getByRole("cell").nth(0)).toHaveText("2");
  await expect(sample.getByRole("row").nth(2).getByRole("cell").nth(1)).toHaveText("3");
  await look(page, "04-source-rows-and-lines");
});
