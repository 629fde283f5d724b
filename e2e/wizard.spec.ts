import { expect, test, type Page } from "@playwright/test";
import { auditActions, seedUser } from "./support/db";
import { destinationRow, expectNoSecretsIn, expectNoSeriousA11yViolations, standin } from "./support/destinations";
import { signIn } from "./support/session";

// The destination setup wizard end to end against the X stand-in: connect, ad account, pixel and
// event, demo source with suggested mapping, preview with hashed payloads and invalid rows, a real
// test event, schedule and save; then reopen and edit. Every step is checked for leaked secrets
// and accessibility.

// A visitor east of UTC, so the schedule step's "your time" differs from UTC.
test.use({ timezoneId: "Europe/Paris" });

async function checkStep(page: Page, name: string) {
  await expectNoSecretsIn(page);
  await expectNoSeriousA11yViolations(page, name);
  await page.screenshot({ path: `test-results/screens/wizard-${name}.png`, fullPage: true });
}

test("set up a destination from scratch, send a test event, save, then reopen and edit it", async ({ page }) => {
  test.setTimeout(240_000);
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);

  await page.goto("/destinations");
  await page.getByRole("link", { name: "New destination" }).click();
  await page.getByLabel("Name").fill("Store purchases");
  await page.getByRole("button", { name: "Start setup" }).click();

  // 1. Connect X (approve on the stand-in's consent page).
  await expect(page.getByRole("heading", { name: "Connect X", level: 2 })).toBeVisible();
  await checkStep(page, "01-connect");
  await page.getByRole("link", { name: /^Connect (another )?X account$/ }).first().click();
  await page.getByLabel(/@acme_admin/).check();
  await page.getByRole("button", { name: "Authorize app" }).click();
  await expect(page.getByText("Connected @acme_admin")).toBeVisible();
  await expect(page.getByRole("radio", { name: /@acme_admin/ })).toBeChecked();
  await checkStep(page, "02-connected");
  await page.getByRole("button", { name: "Continue" }).click();

  // 2. Ad account: 250 accounts, searchable, paged.
  await expect(page.getByRole("heading", { name: "Ad account", level: 2 })).toBeVisible();
  await expect(page.getByText(/of 250 \(250 accounts in all\)/)).toBeVisible();
  await page.getByLabel("Search ad accounts by name or ID").fill("acme");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("group", { name: "Ad account" }).getByRole("radio")).toHaveCount(3);
  await checkStep(page, "03-account-search");
  await page.getByRole("radio", { name: /Acme Store/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();

  // 3. Pixel and event: typed IDs are checked, picking fills both.
  await expect(page.getByRole("heading", { name: "Pixel and event", level: 2 })).toBeVisible();
  await expect(page.getByRole("group", { name: "Pixel o8z6j" })).toBeVisible();
  await page.getByRole("textbox", { name: "Pixel ID" }).fill("o8z6j");
  await page.getByRole("textbox", { name: "Event ID" }).fill("tw-p2k9d-o87ne");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("This Event ID names pixel p2k9d, but the Pixel ID is o8z6j.")).toBeVisible();
  await page.getByRole("textbox", { name: "Event ID" }).fill("p3aa1");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText(/Event p3aa1 is not an event of Acme Store/)).toBeVisible();
  await page.getByRole("radio", { name: /Purchase/ }).check();
  await expect(page.getByRole("textbox", { name: "Event ID" })).toHaveValue("o87ne");
  await checkStep(page, "04-event");
  await page.getByRole("button", { name: "Continue" }).click();

  // 4. Source.
  await expect(page.getByRole("heading", { name: "Source", level: 2 })).toBeVisible();
  await page.getByRole("radio", { name: /Demo orders/ }).check();
  await checkStep(page, "05-source");
  await page.getByRole("button", { name: "Continue" }).click();

  // 5. Mapping: suggestions pre-filled from the demo's column names.
  await expect(page.getByRole("heading", { name: "Mapping", level: 2 })).toBeVisible();
  await expect(page.getByText(/fields pre-filled from your column names/)).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Email", exact: true })).toHaveValue("col:email");
  await expect(page.getByRole("combobox", { name: "Conversion time", exact: true })).toHaveValue("col:ordered_at");
  await expect(page.getByRole("switch", { name: "Apply hashing (SHA256)" })).toHaveAttribute("aria-checked", "true");
  await page.getByLabel("Default phone country").selectOption("US");
  await checkStep(page, "06-mapping");
  await page.getByRole("button", { name: "Save mapping and preview" }).click();

  // 6. Preview: hashed payloads, invalid rows with reasons, and a real test event.
  await expect(page.getByRole("heading", { name: "Preview and test", level: 2 })).toBeVisible();
  await expect(page.getByTestId("preview-summary")).toHaveText(/^\d+ ready, \d+ invalid: .*missing conversion_time ×1/);
  await expect(page.getByTestId("preview-row-7")).toContainText("Invalid: not sent");
  await expect(page.getByTestId("preview-row-7")).toContainText("conversion_time is empty");
  await expect(page.getByTestId("preview-row-1")).toContainText(/"hashed_(email|phone_number)": "[0-9a-f]{64}"/);
  await checkStep(page, "07-preview");
  await page.getByLabel("Row", { exact: true }).selectOption("1");
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("X accepted row 1")).toBeVisible();
  await expect(page.getByText("conversions_processed")).toBeVisible();
  const received = await standin().conversions({ conversion_id: "ORD-100001" });
  expect(received.total).toBe(1);
  expect(received.conversions[0]).toMatchObject({ pixelId: "o8z6j", eventId: "o87ne" });
  await expect(page.getByText(received.conversions[0]!.debugId)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/wizard-08-test-event.png", fullPage: true });
  await page.getByRole("button", { name: "Looks right, continue" }).click();

  // 7. Schedule and save.
  await expect(page.getByRole("heading", { name: "Schedule and save", level: 2 })).toBeVisible();
  await page.getByRole("radio", { name: /Daily/ }).check();
  await page.getByLabel("At (UTC, 24-hour)").fill("06:30");
  await expect(page.getByText(/where you are/)).toBeVisible();
  await checkStep(page, "09-schedule");
  await page.getByRole("button", { name: "Save destination" }).click();

  await expect(page.getByRole("heading", { name: "Store purchases", level: 1 })).toBeVisible();
  await expect(page.getByText("Destination saved")).toBeVisible();
  await expect(page.getByText("Daily at 06:30 UTC")).toBeVisible();
  await expect(page.locator("section[data-section=runs]")).toBeVisible();
  await checkStep(page, "10-detail");
  const id = page.url().match(/destinations\/([^/?]+)/)![1]!;
  const saved = await destinationRow(id);
  expect(saved).toMatchObject({ status: "ACTIVE", adAccountId: "18ce54d4x5t", pixelId: "o8z6j", eventId: "o87ne", scheduleKind: "DAILY", scheduleDailyAt: "06:30" });
  expect(saved.nextRunAt).not.toBeNull();

  // Reopen from the list and edit one step: the event.
  await page.goto("/destinations");
  await expect(page.getByRole("row", { name: /Store purchases/ })).toContainText("@acme_admin");
  await page.screenshot({ path: "test-results/screens/wizard-11-list.png", fullPage: true });
  await page.getByRole("link", { name: "Edit Store purchases" }).click();
  await expect(page.getByRole("heading", { name: "Edit destination" })).toBeVisible();
  await page.getByRole("navigation", { name: "Setup steps" }).getByRole("link", { name: /Pixel and event/ }).click();
  await page.getByRole("radio", { name: /Lead/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Source", level: 2 })).toBeVisible();
  await page.getByRole("navigation", { name: "Setup steps" }).getByRole("link", { name: /Schedule and save/ }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "o87nf" })).toBeVisible();
  expect((await destinationRow(id)).eventId).toBe("o87nf");

  const actions = await auditActions(owner.email);
  expect(actions).toEqual(expect.arrayContaining(["destination.created", "x_connection.connected", "destination.step_saved", "destination.test_event_sent", "destination.activated"]));
});

test("ad accounts where the X user lacks Ad manager or Account admin are shown disabled with the reason", async ({ page }) => {
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  await page.goto("/destinations/new");
  await page.getByLabel("Name").fill("Analyst attempt");
  await page.getByRole("button", { name: "Start setup" }).click();
  await page.getByRole("link", { name: /^Connect (another )?X account$/ }).first().click();
  await page.getByLabel(/@acme_analyst/).check();
  await page.getByRole("button", { name: "Authorize app" }).click();
  await page.getByRole("radio", { name: /@acme_analyst/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();

  const store = page.getByRole("radio", { name: /Acme Store/ });
  await expect(store).toBeDisabled();
  await expect(page.getByRole("radio", { name: /Acme Labs/ })).toBeDisabled();
  await expect(store).toHaveAccessibleDescription(/Your role here is Analyst\. Sending conversions needs Ad manager or Account admin/);
  await expectNoSeriousA11yViolations(page, "account step with disabled accounts");
  await page.screenshot({ path: "test-results/screens/wizard-12-account-no-access.png", fullPage: true });
});
