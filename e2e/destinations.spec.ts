import { expect, test, type Page } from "@playwright/test";
import { SEED_USERS } from "../standin/seed";
import { auditActions, seedUser, withDb } from "./support/db";
import {
  demoSourceId,
  destinationRow,
  seededConnectionEmail,
  expectNoSecretsIn,
  expectNoSeriousA11yViolations,
  seedDestination,
  seedXConnection,
  standin,
} from "./support/destinations";
import { callServerAction, signIn } from "./support/session";

// The destinations list and page: status, last and next run, duplicate, pause/resume, delete with
// a confirmation, all in the audit log; a viewer sees everything and the server refuses every
// change they try; and the wizard works with the keyboard alone.

async function seedRun(destinationId: string, status: string) {
  await withDb((client) =>
    client.query(
      `INSERT INTO "SyncRun" (id, "destinationId", trigger, status, "finishedAt", "rowsSent", "debugIds") VALUES (gen_random_uuid()::text, $1, 'MANUAL', $2, now(), 42, '{}')`,
      [destinationId, status],
    ),
  );
}

test("list, pause, resume, duplicate and delete destinations, with an audit trail", async ({ page }) => {
  const owner = await seedUser("OWNER");
  const connectionId = await seedXConnection(SEED_USERS.admin.id);
  const destination = await seedDestination({
    connectionId,
    sourceId: await demoSourceId(),
    name: "Nightly orders",
    active: true,
  });
  await seedRun(destination.id, "SUCCEEDED");
  await signIn(page, owner.email, owner.password);

  await page.goto("/destinations");
  const row = page.getByRole("row", { name: /Nightly orders/ });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("@acme_admin");
  await expect(row).toContainText("Succeeded");
  await expect(row).toContainText("Manual only");
  await expectNoSeriousA11yViolations(page, "destinations list");
  await page.screenshot({ path: "test-results/screens/dest-01-list.png", fullPage: true });

  await row.getByRole("button", { name: "Pause Nightly orders" }).click();
  await expect(row).toContainText("Paused");
  await expect(row.getByText("Nightly orders is paused.")).toBeVisible();
  await row.getByRole("button", { name: "Resume Nightly orders" }).click();
  await expect(row).toContainText("Active");

  await row.getByRole("button", { name: "Duplicate Nightly orders" }).click();
  await expect(page.getByRole("heading", { name: "Preview and test", level: 2 })).toBeVisible();
  await expect(page.getByText("Copy of Nightly orders")).toBeVisible();

  await page.goto("/destinations");
  const copy = page.getByRole("row", { name: /Copy of Nightly orders/ });
  await expect(copy).toContainText("Draft");
  await copy.getByRole("button", { name: "Delete Copy of Nightly orders" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Copy of Nightly orders?" });
  await expect(dialog).toBeVisible();
  await expectNoSeriousA11yViolations(page, "delete confirmation");
  await page.screenshot({ path: "test-results/screens/dest-02-delete-confirm.png" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(copy).toBeVisible();
  await copy.getByRole("button", { name: "Delete Copy of Nightly orders" }).click();
  await dialog.getByRole("button", { name: "Delete destination" }).click();
  await expect(page.getByRole("row", { name: /Copy of Nightly orders/ })).toHaveCount(0);
  expect(await destinationRow(destination.id)).toMatchObject({ status: "ACTIVE" });

  expect((await auditActions(owner.email)).filter((action) => action.startsWith("destination."))).toEqual([
    "destination.paused",
    "destination.resumed",
    "destination.duplicated",
    "destination.deleted",
  ]);
});

test("a viewer sees every page of a destination but cannot change anything: the server refuses", async ({ page }) => {
  const viewer = await seedUser("VIEWER");
  const connectionId = await seedXConnection(SEED_USERS.admin.id);
  const destination = await seedDestination({
    connectionId,
    sourceId: await demoSourceId(),
    name: "Read-only orders",
    active: true,
  });
  await signIn(page, viewer.email, viewer.password);

  await page.goto("/destinations");
  await expect(page.getByRole("link", { name: "New destination" })).toHaveCount(0);
  await expect(page.getByRole("row", { name: /Read-only orders/ }).getByRole("button")).toHaveCount(0);
  await page
    .getByRole("row", { name: /Read-only orders/ })
    .getByRole("link", { name: "Read-only orders", exact: true })
    .click();
  await expect(page.getByRole("heading", { name: "Read-only orders", level: 1 })).toBeVisible();
  await expect(page.getByText("Acme Store")).toBeVisible();
  await expect(page.getByRole("cell", { name: "ordered_at" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Pause|Delete|Duplicate/ })).toHaveCount(0);
  await expectNoSecretsIn(page);
  await page.screenshot({ path: "test-results/screens/dest-03-viewer-detail.png", fullPage: true });

  for (const step of ["connection", "account", "event", "source", "mapping", "preview", "schedule"]) {
    await page.goto(`/destinations/${destination.id}/setup/${step}`);
    await expect(page.getByText("View only")).toBeVisible();
    await expect(page.getByRole("button", { name: /Continue|Save|Send test event|Looks right/ })).toHaveCount(0);
    await expectNoSecretsIn(page);
    if (step === "preview")
      await page.screenshot({ path: "test-results/screens/dest-04-viewer-preview.png", fullPage: true });
    if (step === "mapping") {
      // The dark theme keeps its contrast too.
      await page.emulateMedia({ colorScheme: "dark" });
      await expectNoSeriousA11yViolations(page, "mapping, dark theme");
      await page.screenshot({ path: "test-results/screens/dest-05-viewer-mapping-dark.png" });
      await page.emulateMedia({ colorScheme: "light" });
    }
  }

  const countChanges = () =>
    withDb(
      async (client) =>
        (
          await client.query(
            `SELECT (SELECT count(*) FROM "Destination")::int AS d, (SELECT count(*) FROM "XConnection" WHERE "revokedAt" IS NOT NULL OR kind = 'PIXEL_TOKEN')::int AS c`,
          )
        ).rows[0],
    );
  const countsBefore = await countChanges();
  const before = await destinationRow(destination.id);
  const sentBefore = (await standin().conversions()).total;
  const attempts: Array<[string, string, unknown]> = [
    ["/destinations", "createDestinationAction", { name: "Viewer made this" }],
    ["/destinations", "duplicateDestinationAction", { destinationId: destination.id }],
    ["/destinations", "setDestinationPausedAction", { destinationId: destination.id, paused: "true" }],
    ["/destinations", "deleteDestinationAction", { destinationId: destination.id }],
    [
      `/destinations/${destination.id}/setup/event`,
      "saveEventStepAction",
      { destinationId: destination.id, pixelId: "o8z6j", eventId: "o87nf" },
    ],
    [
      `/destinations/${destination.id}/setup/mapping`,
      "saveMappingStepAction",
      { destinationId: destination.id, mapping: { version: 1, fields: {} } },
    ],
    [
      `/destinations/${destination.id}/setup/preview`,
      "sendTestEventAction",
      { destinationId: destination.id, rowNumber: 1 },
    ],
    [
      `/destinations/${destination.id}/setup/schedule`,
      "saveScheduleStepAction",
      { destinationId: destination.id, name: "Renamed", scheduleKind: "MANUAL" },
    ],
    [
      "/destinations/connections",
      "addPixelTokenConnectionAction",
      { pixelId: "o8z6j", token: "viewer-token-0123456789abcdef" },
    ],
    ["/destinations/connections", "disconnectXConnectionAction", { connectionId }],
  ];
  for (const [path, action, input] of attempts) {
    const result = await callServerAction(page.context().request, path, action, [null, input]);
    expect(result.body, `${action} as a viewer`).toContain("FORBIDDEN");
  }
  expect(await destinationRow(destination.id)).toEqual(before);
  expect((await standin().conversions()).total).toBe(sentBefore);
  expect(await countChanges()).toEqual(countsBefore);
});

/** Presses Tab until `target` has focus (a keyboard user's path to it). */
async function tabTo(page: Page, target: ReturnType<Page["getByRole"]>, limit = 60) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("could not reach the element with Tab");
}

/** Tabs into a radio group, then moves with the arrow keys to `name`. */
async function chooseRadio(page: Page, group: ReturnType<Page["getByRole"]>, name: RegExp) {
  for (let presses = 0; presses < 60; presses += 1) {
    if (await group.evaluate((element) => element.contains(document.activeElement))) break;
    await page.keyboard.press("Tab");
  }
  const target = group.getByRole("radio", { name });
  // Tab lands on the checked radio, or on the first one (unchecked) when none is: Space checks it.
  if (!(await group.getByRole("radio", { checked: true }).count())) await page.keyboard.press("Space");
  for (let presses = 0; presses < 30 && !(await target.isChecked()); presses += 1)
    await page.keyboard.press("ArrowDown");
  await expect(target).toBeChecked();
}

test("the wizard can be completed with the keyboard alone", async ({ page }) => {
  test.setTimeout(180_000);
  const editor = await seedUser("EDITOR");
  const connectionId = await seedXConnection(SEED_USERS.manager.id);
  await demoSourceId();
  await signIn(page, editor.email, editor.password);

  await page.goto("/destinations/new");
  await expect(page.getByLabel("Name")).toBeFocused();
  await page.keyboard.type("Keyboard orders");
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Connect X", level: 2 })).toBeVisible();
  await chooseRadio(
    page,
    page.getByRole("group", { name: "Send with" }),
    new RegExp(`@acme_marketer.*${seededConnectionEmail(connectionId)}`),
  );
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Ad account", level: 2 })).toBeVisible();
  await chooseRadio(page, page.getByRole("group", { name: "Ad account" }), /Acme Store/);
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Pixel and event", level: 2 })).toBeVisible();
  await chooseRadio(page, page.getByRole("group", { name: "Pixel o8z6j" }), /Purchase/);
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Source", level: 2 })).toBeVisible();
  await chooseRadio(page, page.getByRole("group", { name: "Source" }), /Demo orders/);
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Mapping", level: 2 })).toBeVisible();
  const hashing = page.getByRole("switch", { name: "Apply hashing (SHA256)" });
  await tabTo(page, hashing);
  await page.keyboard.press("Space");
  await expect(hashing).toHaveAttribute("aria-checked", "false");
  await page.keyboard.press("Space");
  await expect(hashing).toHaveAttribute("aria-checked", "true");
  await tabTo(page, page.getByRole("button", { name: "Save mapping and preview" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Preview and test", level: 2 })).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Send test event" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText(/X accepted row \d+/)).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Looks right, continue" }), 120);
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Schedule and save", level: 2 })).toBeVisible();
  await chooseRadio(page, page.getByRole("group", { name: "When it runs" }), /Every few minutes or hours/);
  await tabTo(page, page.getByRole("textbox", { name: "Every" }));
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("2");
  await tabTo(page, page.getByRole("button", { name: "Save destination" }));
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Keyboard orders", level: 1 })).toBeVisible();
  await expect(page.getByText("Every 2 hours", { exact: true })).toBeVisible();
});
