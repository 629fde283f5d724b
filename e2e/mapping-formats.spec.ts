import { expect, test, type Page } from "@playwright/test";
import { SEED_USERS } from "../standin/seed";
import { seedUser } from "./support/db";
import {
  expectNoSecretsIn,
  expectNoSeriousA11yViolations,
  seedDestination,
  seedXConnection,
} from "./support/destinations";
import { untilHydrated } from "./support/hydration";
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
  // Its selects are controlled: a change before hydration would be put back.
  await untilHydrated(page, "Save mapping and preview");
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
  await expect(page.getByRole("combobox", { name: "Conversion time", exact: true })).toHaveValue(
    "col:Created at (UTC)",
  );
  await expect(page.getByLabel("Phone country column")).toHaveValue("Country");
  await expect(page.getByLabel("Default phone country")).toHaveValue("");
  await page.getByLabel("Phone country column").scrollIntoViewIfNeeded();
  await look(page, "01-phone-country-mapping");

  await page.getByRole("button", { name: "Save mapping and preview" }).click();
  await expect(page.getByRole("heading", { name: "Preview and test", level: 2 })).toBeVisible();
  await expect(page.getByTestId("preview-summary")).toHaveText(/^2 ready, 1 invalid/);
  await expect(page.getByTestId("preview-row-1")).toContainText('"hashed_phone_number"');
  await expect(page.getByTestId("preview-row-2")).toContainText('"hashed_phone_number"');
  await expect(page.getByTestId("preview-row-3")).toContainText(
    "is a national number and there is no country for this row",
  );
  await look(page, "02-phone-country-preview");
});

test("the preview shows the value that failed, labels each problem once, and rows mean the same everywhere", async ({
  page,
}) => {
  const csv = [
    "order_id,ordered_at,email,total,currency",
    "B-1,2026-11-20 10:00:00,jane@example.com,20.00,EUR",
    "B-2,31/13/2026,john@example.com,12.5,EUR",
    'B-3,2026-11-20 12:00:00,maria@example.com,"12,50",EUR',
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

test("dates, decimal commas, click ids in URLs and repeated order ids read as the export writes them", async ({
  page,
}) => {
  const csv = [
    "Order Number;Date Created;Billing Email;Order Total;Currency;Landing Site",
    "1001;05/11/2026 14:03;jane@example.com;€ 1.234,56;EUR;https://shop.example/?utm_source=x&twclid=23opevjt88psuo13lu8d020qkn",
    "1002;28/11/2026 09:15;john@example.com;12,50;EUR;https://shop.example/products/blanket",
    "1001;28/11/2026 09:20;maria@example.com;12,50;EUR;",
    "1003;28/11/2099 09:20;wei@example.com;7,00;EUR;",
  ].join("\n");
  await mappingFor(page, csv, "European shop");
  await expect(page.getByRole("combobox", { name: "Conversion time", exact: true })).toHaveValue("col:Date Created");
  await expect(page.getByRole("combobox", { name: "Click ID (twclid)", exact: true })).toHaveValue("col:Landing Site");
  await expect(page.getByRole("combobox", { name: "Value", exact: true })).toHaveValue("col:Order Total");
  await expect(page.getByLabel("Date format")).toHaveValue("DMY");
  await expect(page.getByLabel("Number format of Value")).toHaveValue("auto");
  await page.getByLabel("Number format of Value").selectOption("comma");
  await page.getByLabel("Number format of Value").scrollIntoViewIfNeeded();
  await look(page, "05-formats-mapping");

  await page.getByRole("button", { name: "Save mapping and preview" }).click();
  await expect(page.getByRole("heading", { name: "Preview and test", level: 2 })).toBeVisible();
  await expect(page.getByTestId("preview-summary")).toHaveText(/^4 ready, 0 invalid/);
  const first = page.getByTestId("preview-row-1");
  await expect(first).toContainText('"conversion_time": "2026-11-05T14:03:00.000Z"');
  await expect(first).toContainText('"value": 1234.56');
  await expect(first).toContainText('"twclid": "23opevjt88psuo13lu8d020qkn"');
  await expect(page.getByTestId("preview-row-2")).toContainText('"value": 12.5');
  await expect(page.getByTestId("preview-row-2")).not.toContainText("twclid");
  await expect(page.getByTestId("preview-row-3")).toContainText(
    "conversion_id is also on row 1 for the same event; X keeps only the first within 48 hours",
  );
  await expect(page.getByTestId("preview-row-4")).toContainText(/conversion_time is \d+ days in the future/);
  await look(page, "06-formats-preview");
});

test("the event step says app events are not supported", async ({ page }) => {
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  const source = await seedCsvSource({
    csv: "email,ordered_at\njane@example.com,2026-11-20 10:00:00",
    name: "App events check",
    filename: "app.csv",
  });
  const connectionId = await seedXConnection(SEED_USERS.admin.id);
  const destination = await seedDestination({ connectionId, sourceId: source.id, name: "App events check" });
  await page.goto(`/destinations/${destination.id}/setup/event`);
  await expect(page.getByRole("heading", { name: "Pixel and event", level: 2 })).toBeVisible();
  const note = page.getByTestId("app-events-note");
  await expect(note).toContainText("App events (installs, in-app purchases) are not supported");
  await expect(note).toContainText("X App Conversion API");
  await note.scrollIntoViewIfNeeded();
  await look(page, "07-event-step-app-events");
});

test("a run sends a repeated order id once, and counts and lists the repeat", async ({ page }) => {
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  const csv = [
    "order_id,ordered_at,email",
    "R-1,2026-11-20T10:00:00Z,jane@example.com",
    "R-2,2026-11-20T11:00:00Z,john@example.com",
    "R-1,2026-11-20T12:00:00Z,maria@example.com",
  ].join("\n");
  const source = await seedCsvSource({ csv, name: "Repeated ids export", filename: "repeated.csv" });
  const connectionId = await seedXConnection(SEED_USERS.admin.id);
  const mapping = {
    version: 1,
    fields: {
      conversion_time: { kind: "column", column: "ordered_at" },
      email: { kind: "column", column: "email" },
      conversion_id: { kind: "column", column: "order_id" },
    },
    eventId: { kind: "destination" },
    contents: { kind: "none" },
    options: { hashing: true, defaultPhoneCountry: "US", sourceTimeZone: "UTC", rowKeyColumns: [] },
  };
  const destination = await seedDestination({
    connectionId,
    sourceId: source.id,
    name: "Repeated ids",
    active: true,
    mapping,
  });
  await page.goto(`/destinations/${destination.id}`);
  await page.locator("section[data-section=runs]").getByRole("button", { name: "Run sync now" }).click();
  await expect(page.getByText("Sync queued.")).toBeVisible();
  await page.goto(`/runs?destination=${destination.id}`);
  await page.getByRole("link", { name: /UTC$/ }).first().click();
  await expect(page.getByRole("heading", { name: "Run of Repeated ids" })).toBeVisible();
  await expect(page.getByText("Sent", { exact: true }).first()).toBeVisible();
  await expect(page.locator('[data-count="sent"]')).toHaveText("2", { timeout: 60_000 });
  await expect(page.locator('[data-count="read"]')).toHaveText("3");
  await expect(page.locator('[data-count="duplicate"]')).toHaveText("1");
  const repeat = page.getByRole("row").filter({ hasText: "R-1" });
  await expect(repeat).toContainText("Repeated id");
  await expect(repeat).toContainText("X keeps only the first");
  await expect(page.locator("body")).not.toContainText("maria@example.com");
  await look(page, "07-repeated-id-run");
});
