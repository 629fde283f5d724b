import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { auditActions, seedUser } from "./support/db";
import { destinationRow, expectNoSecretsIn, expectNoSeriousA11yViolations, standin } from "./support/destinations";
import { formatDateTime } from "@/lib/format/date-time";
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
  await page
    .getByRole("link", { name: /^Connect (another )?X account$/ })
    .first()
    .click();
  await page.getByLabel(/@acme_admin/).check();
  await page.getByRole("button", { name: "Authorize app" }).click();
  await expect(page.getByText("Connected @acme_admin")).toBeVisible();
  await expect(page.getByRole("radio", { name: new RegExp(`@acme_admin.*Connected by ${owner.email}`) })).toBeChecked();
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

  // The mapping's own JSON: export it, and errors sit on the row that has them.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export mapping JSON" }).click();
  const exported = JSON.parse(readFileSync((await (await download).path())!, "utf8")) as {
    version: number;
    fields: Record<string, unknown>;
    options: { defaultPhoneCountry: string };
  };
  expect(exported).toMatchObject({
    version: 1,
    fields: { email: { kind: "column", column: "email" } },
    options: { defaultPhoneCountry: "US" },
  });
  // Import it back with a static value: the table shows it, ready to save.
  const edited = { ...exported, fields: { ...exported.fields, description: { kind: "static", value: "Web order" } } };
  await page
    .locator("input[type=file]")
    .setInputFiles({ name: "mapping.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(edited)) });
  await expect(page.getByText("Mapping imported. Check the table below, then save.")).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Description", exact: true })).toHaveValue("static");
  await expect(page.getByRole("textbox", { name: "Static value for Description" })).toHaveValue("Web order");
  const conversionTime = page.getByRole("combobox", { name: "Conversion time", exact: true });
  await conversionTime.selectOption("");
  await page.getByRole("button", { name: "Save mapping and preview" }).click();
  await expect(conversionTime).toHaveAttribute("aria-invalid", "true");
  await expect(conversionTime).toHaveAccessibleDescription(/Map the conversion time: every row needs one/);
  await conversionTime.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screens/wizard-06b-mapping-error.png" });
  await conversionTime.selectOption("col:ordered_at");
  await page.getByRole("button", { name: "Save mapping and preview" }).click();

  // 6. Preview: hashed payloads, invalid rows with reasons, and a real test event.
  await expect(page.getByRole("heading", { name: "Preview and test", level: 2 })).toBeVisible();
  await expect(page.getByTestId("preview-summary")).toHaveText(/^\d+ ready, \d+ invalid: .*Missing conversion time ×1/);
  await expect(page.getByTestId("preview-row-7")).toContainText("Invalid: not sent");
  await expect(page.getByTestId("preview-row-7")).toContainText("conversion_time is empty");
  await expect(page.getByTestId("preview-row-1")).toContainText(/"hashed_(email|phone_number)": "[0-9a-f]{64}"/);
  await expect(page.getByTestId("preview-row-1")).toContainText('"description": "Web order"');
  await checkStep(page, "07-preview");
  // Other journeys in this run may have sent row 1 already; count from here.
  const sentBefore = (await standin().conversions({ conversion_id: "ORD-100001" })).total;
  await page.getByLabel("Row", { exact: true }).selectOption("1");
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("X accepted row 1")).toBeVisible();
  await expect(page.getByText("conversions_processed")).toBeVisible();
  const received = await standin().conversions({ conversion_id: "ORD-100001" });
  expect(received.total).toBe(sentBefore + 1);
  const latest = received.conversions.at(-1)!;
  expect(latest).toMatchObject({ pixelId: "o8z6j", eventId: "o87ne" });
  await expect(page.getByText(latest.debugId)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/wizard-08-test-event.png", fullPage: true });
  await page.getByRole("button", { name: "Looks right, continue" }).click();

  // 7. Schedule and save.
  await expect(page.getByRole("heading", { name: "Schedule and save", level: 2 })).toBeVisible();
  await page.getByRole("radio", { name: /Daily/ }).check();
  // The time zone starts as the visitor's own; times are read in it, the next five listed.
  await expect(page.getByLabel("Time zone", { exact: true })).toHaveValue("Europe/Paris");
  await page.getByLabel("At (24-hour)").fill("06:30");
  const nextRuns = page.getByRole("list", { name: /The next 5 runs/ });
  await expect(nextRuns.getByRole("listitem")).toHaveCount(5);
  await expect(nextRuns.getByRole("listitem").first()).toHaveText(/, 06:30 (CET|CEST|GMT\+1|GMT\+2)$/);
  // A cron expression for power users: a bad one is explained next to its field.
  await page.getByRole("radio", { name: /Cron expression/ }).check();
  await page.getByLabel("Cron expression", { exact: true }).fill("* * * * *");
  await expect(page.getByLabel("Cron expression", { exact: true })).toHaveAccessibleDescription(
    /at least 5 minutes apart/,
  );
  await page.getByLabel("Cron expression", { exact: true }).fill("0 6 * * 1-5");
  await expect(nextRuns.getByRole("listitem")).toHaveCount(5);
  await expect(nextRuns.getByRole("listitem").first()).toHaveText(/, 06:00 (CET|CEST|GMT\+1|GMT\+2)$/);
  await page.getByRole("radio", { name: /Daily/ }).check();
  await expect(page.getByLabel("At (24-hour)")).toHaveValue("06:30");
  // Alerts: a plain-http URL is refused next to its field; the https one is sealed, never shown.
  const hookSecret = "e2eHookSecret-Q7mZ";
  await page.getByLabel("Webhook URL (optional)").fill(`http://hooks.example.com/services/T000/B000/${hookSecret}`);
  await page.getByLabel("Also alert when X rejects more than (%)").fill("5");
  await page.getByRole("button", { name: "Save destination" }).click();
  await expect(page.getByLabel("Webhook URL (optional)")).toHaveAccessibleDescription(/Use an https:\/\/ URL/);
  await page.getByLabel("Webhook URL (optional)").fill(`https://hooks.example.com/services/T000/B000/${hookSecret}`);
  // E-mail alerts beside the webhook: a bad address is refused next to its field.
  await page.getByLabel("E-mail alerts to (optional)").fill("ops@example.com, marketing@");
  await page.getByRole("button", { name: "Save destination" }).click();
  await expect(page.getByLabel("E-mail alerts to (optional)")).toHaveAccessibleDescription(
    /“marketing@” is not an e-mail address/,
  );
  await page.getByLabel("E-mail alerts to (optional)").fill("ops@example.com, marketing@example.com");
  await checkStep(page, "09-schedule");
  await page.getByRole("button", { name: "Save destination" }).click();

  await expect(page.getByRole("heading", { name: "Store purchases", level: 1 })).toBeVisible();
  await expect(page.getByText("Destination saved")).toBeVisible();
  await expect(page.getByText("Daily at 06:30 (Europe/Paris)", { exact: true })).toBeVisible();
  await expect(page.locator("section[data-section=runs]")).toBeVisible();
  await expect(page.getByText("Failed runs, and runs where X rejects more than 5% of the rows read")).toBeVisible();
  await expect(page.getByText("Sent to https://hooks.example.com/…Q7mZ")).toBeVisible();
  await expect(page.getByText("E-mailed to ops@example.com, marketing@example.com")).toBeVisible();
  expect(await page.content()).not.toContain("e2eHookSecret");
  await checkStep(page, "10-detail");
  const id = page.url().match(/destinations\/([^/?]+)/)![1]!;
  const saved = await destinationRow(id);
  expect(saved).toMatchObject({
    status: "ACTIVE",
    adAccountId: "18ce54d4x5t",
    pixelId: "o8z6j",
    eventId: "o87ne",
    scheduleKind: "DAILY",
    scheduleDailyAt: "06:30",
    scheduleTimeZone: "Europe/Paris",
  });
  expect(saved).toMatchObject({
    alertWebhookHint: "https://hooks.example.com/…Q7mZ",
    alertRejectedShare: 0.05,
    alertEmails: ["ops@example.com", "marketing@example.com"],
  });
  expect(saved.alertWebhookSealed).toMatch(/^v1\./);
  expect(saved.alertWebhookSealed).not.toContain(hookSecret);
  expect(saved.nextRunAt).not.toBeNull();
  expect(formatDateTime(saved.nextRunAt as Date, { timeZone: "Europe/Paris" })).toMatch(
    /, 06:30 (CET|CEST|GMT\+1|GMT\+2)$/,
  );

  // Reopen from the list and edit one step: the event.
  await page.goto("/destinations");
  await expect(page.getByRole("row", { name: /Store purchases/ })).toContainText("@acme_admin");
  await page.screenshot({ path: "test-results/screens/wizard-11-list.png", fullPage: true });
  await page.getByRole("link", { name: "Edit Store purchases" }).click();
  await expect(page.getByRole("heading", { name: "Edit destination" })).toBeVisible();
  await page
    .getByRole("navigation", { name: "Setup steps" })
    .getByRole("link", { name: /Pixel and event/ })
    .click();
  await page.getByRole("radio", { name: /Lead/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Source", level: 2 })).toBeVisible();
  await page
    .getByRole("navigation", { name: "Setup steps" })
    .getByRole("link", { name: /Schedule and save/ })
    .click();
  // The saved webhook is shown by its hint and kept as it is.
  await expect(page.getByText("Alerts go to https://hooks.example.com/…Q7mZ")).toBeVisible();
  await expect(page.getByLabel("Also alert when X rejects more than (%)")).toHaveValue("5");
  expect(await page.content()).not.toContain("e2eHookSecret");
  await page.screenshot({ path: "test-results/screens/wizard-11b-schedule-saved-alerts.png", fullPage: true });
  // Each alert button gives way to another, and focus follows it (keyboard users stay in place).
  await page.getByRole("button", { name: "Stop alerts" }).click();
  await expect(page.getByRole("status").filter({ hasText: "stop when you save" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Keep alerts" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Replace URL" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("New webhook URL")).toBeFocused();
  await page.getByRole("button", { name: "Keep current URL" }).click();
  await expect(page.getByText("Alerts go to https://hooks.example.com/…Q7mZ")).toBeVisible();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Changes saved.")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^o87nf/ })).toBeVisible();
  const resaved = await destinationRow(id);
  expect(resaved).toMatchObject({
    eventId: "o87nf",
    alertWebhookSealed: saved.alertWebhookSealed,
    alertWebhookHint: saved.alertWebhookHint,
  });

  const actions = await auditActions(owner.email);
  expect(actions).toEqual(
    expect.arrayContaining([
      "destination.created",
      "destination.step_saved",
      "destination.test_event_sent",
      "destination.activated",
    ]),
  );
  // Connected, or reconnected when an earlier test had already connected @acme_admin.
  expect(actions.some((action) => /^x_connection\.(re)?connected$/.test(action))).toBe(true);
});

test("ad accounts where the X user lacks Ad manager or Account admin are shown disabled with the reason", async ({
  page,
}) => {
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  await page.goto("/destinations/new");
  await page.getByLabel("Name").fill("Analyst attempt");
  await page.getByRole("button", { name: "Start setup" }).click();
  await page
    .getByRole("link", { name: /^Connect (another )?X account$/ })
    .first()
    .click();
  await page.getByLabel(/@acme_analyst/).check();
  await page.getByRole("button", { name: "Authorize app" }).click();
  await page.getByRole("radio", { name: /@acme_analyst/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();

  const store = page.getByRole("radio", { name: /Acme Store/ });
  await expect(store).toBeDisabled();
  await expect(page.getByRole("radio", { name: /Acme Labs/ })).toBeDisabled();
  await expect(store).toHaveAccessibleDescription(
    /Your role here is Analyst\. Sending conversions needs Ad manager or Account admin/,
  );
  await expectNoSeriousA11yViolations(page, "account step with disabled accounts");
  await page.screenshot({ path: "test-results/screens/wizard-12-account-no-access.png", fullPage: true });
});

test("a pixel access token instead of OAuth: pasted once, no ad account, typed event, test event accepted", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const owner = await seedUser("OWNER");
  const { token } = await standin().issuePixelToken("p2k9d");
  await signIn(page, owner.email, owner.password);
  await page.goto("/destinations/connections");
  const form = page.getByRole("form", { name: "Add a pixel access token" });
  await form.getByLabel("Name (optional)").fill("Outlet pixel token");
  await form.getByLabel("Pixel ID").fill("p2k9d");
  await form.getByLabel("Pixel access token").fill(token);
  await form.getByRole("button", { name: "Save pixel access token" }).click();
  await expect(page.getByText("Connected Outlet pixel token")).toBeVisible();
  await expectNoSecretsIn(page);
  expect(await page.content()).not.toContain(token);

  await page.goto("/destinations/new");
  await page.getByLabel("Name").fill("Outlet via token");
  await page.getByRole("button", { name: "Start setup" }).click();
  await page.getByRole("radio", { name: /Outlet pixel token/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("No ad account to choose")).toBeVisible();
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page.getByText("Typed, not verified")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Pixel ID" })).toHaveValue("p2k9d");
  // A token cannot verify the event: a wrong one is only caught by X, whose answer is shown as is.
  await page.getByRole("textbox", { name: "Event ID" }).fill("p3zzz");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: /Demo orders/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Default phone country").selectOption("US");
  await page.getByRole("button", { name: "Save mapping and preview" }).click();
  await page.getByLabel("Row", { exact: true }).selectOption("2");
  await page.getByRole("button", { name: "Send test event" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "X refused row 2" });
  await expect(refused).toContainText(/\(HTTP 4\d\d\)/);
  await expect(refused).toContainText(
    "NOT_FOUND: event_id (p3zzz) does not belong to provided account (parameter: event_id)",
  );
  await expectNoSeriousA11yViolations(page, "test event refused");
  await page.screenshot({ path: "test-results/screens/wizard-13a-test-event-refused.png" });

  const steps = page.getByRole("navigation", { name: "Setup steps" });
  await steps.getByRole("link", { name: /Pixel and event/ }).click();
  await page.getByRole("textbox", { name: "Event ID" }).fill("p3aa1");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Source", level: 2 })).toBeVisible();
  await steps.getByRole("link", { name: /Preview and test/ }).click();
  await page.getByLabel("Row", { exact: true }).selectOption("2");
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("X accepted row 2")).toBeVisible();
  const received = await standin().conversions({ pixel_id: "p2k9d", conversion_id: "ORD-100002" });
  expect(received.conversions.at(-1)).toMatchObject({ eventId: "p3aa1", auth: "pixel_token" });
  await page.screenshot({ path: "test-results/screens/wizard-13-pixel-token-test-event.png" });
});
