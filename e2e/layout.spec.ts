import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { seedUser, withDb } from "./support/db";
import { demoSourceId, expectNoSeriousA11yViolations, seedDestination, seedXConnection } from "./support/destinations";
import { signIn } from "./support/session";

// Every page at a phone's width (390 px) and a laptop's (1280 px): nothing makes the page scroll
// sideways, and axe finds no serious or critical violation in the light or the dark theme; at
// 390 px the navigation folds into a menu button.
// Screenshots of both widths go to test-results/screens/layout-*.png to be looked at.

// A viewer far from UTC: the server renders UTC, the browser re-renders in this zone.
test.use({ timezoneId: "Asia/Kolkata" });

interface Seeded {
  destinationId: string;
  draftId: string;
  sourceId: string;
  runId: string;
}

async function seedPages(): Promise<Seeded> {
  const connectionId = await seedXConnection("2417045708");
  const sourceId = await demoSourceId();
  const destination = await seedDestination({
    connectionId,
    sourceId,
    active: true,
    name: "Layout: nightly orders to X from the shop database",
  });
  const draft = await seedDestination({ connectionId, sourceId, name: "Layout draft" });
  const runId = randomUUID();
  await withDb(async (client) => {
    await client.query(
      `INSERT INTO "SyncRun" (id, "destinationId", trigger, status, "startedAt", "finishedAt", "rowsRead", "rowsSent", "rowsInvalid", "rowsRejected", requests, "debugIds")
       VALUES ($1, $2, 'MANUAL', 'PARTIAL', now() - interval '5 minutes', now() - interval '4 minutes', 12, 9, 2, 1, 1, '{}')`,
      [runId, destination.id],
    );
    await client.query(
      `INSERT INTO "SyncProblem" ("runId", kind, "rowNumber", "rowKey", field, code, message) VALUES
       ($1, 'INVALID', 3, 'ORD-1003-a-rather-long-order-key-from-the-shop', 'email', 'INVALID_EMAIL', 'email is not a valid e-mail address'),
       ($1, 'INVALID', 7, 'ORD-1007', 'phone', 'INVALID_PHONE', 'phone is a national number and there is no country for this row'),
       ($1, 'REJECTED', 9, 'ORD-1009', 'conversions[0].twclid', 'INVALID_PARAMETER', 'twclid is not valid')`,
      [runId],
    );
    await client.query(
      `INSERT INTO "SyncProblemGroup" ("runId", kind, code, count, example)
       SELECT "runId", kind, code, count(*)::int, min(message) FROM "SyncProblem" WHERE "runId" = $1 GROUP BY 1, 2, 3`,
      [runId],
    );
  });
  return { destinationId: destination.id, draftId: draft.id, sourceId, runId };
}

const pagesOf = (seeded: Seeded) => [
  { name: "destinations", path: "/destinations" },
  { name: "destination", path: `/destinations/${seeded.destinationId}` },
  { name: "destination-new", path: "/destinations/new" },
  { name: "connections", path: "/destinations/connections" },
  { name: "wizard-connection", path: `/destinations/${seeded.destinationId}/setup/connection` },
  { name: "wizard-account", path: `/destinations/${seeded.destinationId}/setup/account` },
  { name: "wizard-event", path: `/destinations/${seeded.destinationId}/setup/event` },
  { name: "wizard-source", path: `/destinations/${seeded.destinationId}/setup/source` },
  { name: "wizard-mapping", path: `/destinations/${seeded.draftId}/setup/mapping` },
  { name: "wizard-preview", path: `/destinations/${seeded.destinationId}/setup/preview` },
  { name: "wizard-schedule", path: `/destinations/${seeded.destinationId}/setup/schedule` },
  { name: "sources", path: "/sources" },
  { name: "source", path: `/sources/${seeded.sourceId}` },
  { name: "source-new", path: "/sources/new" },
  { name: "runs", path: "/runs" },
  { name: "runs-of-destination", path: `/runs?destination=${seeded.destinationId}` },
  { name: "run", path: `/runs/${seeded.runId}` },
  { name: "settings-users", path: "/settings/users" },
  { name: "settings-account", path: "/settings/account" },
  { name: "settings-audit", path: "/settings/audit" },
  { name: "settings-general", path: "/settings" },
  { name: "settings-api-tokens", path: "/settings/api-tokens" },
  { name: "settings-sso", path: "/settings/sso" },
];

async function open(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

/** How wide the page is, and the elements that stick out past the window's right edge. */
async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const culprits = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((element) => element.getBoundingClientRect().right > innerWidth + 0.5)
      // Inside a box that scrolls or clips (a table's card), sticking out is the point.
      .filter((element) => {
        for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          if (getComputedStyle(parent).overflowX !== "visible") return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${String(element.className).slice(0, 60)}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits };
  });
}

// One visit per page and width: at 390 px in the light theme, at 1280 px in the dark one, so every
// page is checked at both widths and in both themes without loading it four times.
test("every page fits 390 and 1280 px without scrolling sideways and passes axe in light and dark", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const owner = await seedUser("OWNER");
  const seeded = await seedPages();
  // Dates render UTC on the server and the viewer's zone in the browser: never a hydration
  // mismatch (React's production errors #418, #423 and #425).
  const hydrationErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /hydrat|#418|#423|#425/i.test(message.text()))
      hydrationErrors.push(`${page.url()}: ${message.text()}`);
  });
  await signIn(page, owner.email, owner.password);
  for (const [width, colorScheme] of [
    [390, "light"],
    [1280, "dark"],
  ] as const) {
    await page.setViewportSize({ width, height: 844 });
    await page.emulateMedia({ colorScheme });
    for (const { name, path } of pagesOf(seeded)) {
      await open(page, path);
      await expect(page.locator("html")).toHaveClass(colorScheme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      const { scrollWidth, innerWidth, culprits } = await horizontalOverflow(page);
      expect
        .soft(scrollWidth, `${path} at ${width} px scrolls sideways: ${culprits.join(", ")}`)
        .toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: `test-results/screens/layout-${width}-${name}.png`, fullPage: true });
      // The README's picture of the product (public/readme/screenshot.png is copied from it).
      if (width === 1280 && name === "destination")
        await page.screenshot({ path: "test-results/screens/readme-destination.png" });
      await expectNoSeriousA11yViolations(page, `${path} (${width} px, ${colorScheme})`, { soft: true });
    }
  }
  expect(hydrationErrors).toEqual([]);
  await page.context().clearCookies();
  for (const [width, colorScheme] of [
    [390, "light"],
    [1280, "dark"],
  ] as const) {
    await page.setViewportSize({ width, height: 844 });
    await page.emulateMedia({ colorScheme });
    await open(page, "/sign-in");
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(width);
    await expectNoSeriousA11yViolations(page, `/sign-in (${width} px, ${colorScheme})`);
  }
});

test("at 390 px the menu button opens and closes the navigation from the keyboard", async ({ page }) => {
  const viewer = await seedUser("VIEWER");
  await signIn(page, viewer.email, viewer.password);
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, "/destinations");
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  // Focus moves into the menu; Escape closes it and gives focus back to the button.
  await expect(nav.getByRole("link", { name: "Destinations" })).toBeFocused();
  await page.screenshot({ path: "test-results/screens/layout-390-menu-open.png" });
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  // Following a link closes the menu on the new page.
  await menu.click();
  await nav.getByRole("link", { name: "Runs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
});

test("the Runs page filters by destination, status and days, and a run's problem rows are found by key", async ({
  page,
}) => {
  const viewer = await seedUser("VIEWER");
  const seeded = await seedPages();
  const connectionId = await seedXConnection("2417045708");
  const other = await seedDestination({
    connectionId,
    sourceId: seeded.sourceId,
    active: true,
    name: "Filters: other destination",
  });
  const tag = randomUUID().slice(0, 8);
  await withDb((client) =>
    client.query(
      `INSERT INTO "SyncRun" (id, "destinationId", trigger, status, "startedAt", "finishedAt", "createdAt", "rowsRead", "rowsSent", "debugIds")
       VALUES ($1 || '-failed', $2, 'SCHEDULE', 'FAILED', now() - interval '3 days', now() - interval '3 days', now() - interval '3 days', 5, 0, '{}'),
              ($1 || '-ok', $2, 'SCHEDULE', 'SUCCEEDED', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour', 5, 5, '{}'),
              ($1 || '-elsewhere', $3, 'MANUAL', 'FAILED', now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours', 5, 0, '{}')`,
      [tag, seeded.destinationId, other.id],
    ),
  );
  await signIn(page, viewer.email, viewer.password);
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, "/runs");
  const filters = page.getByRole("search", { name: "Filter runs" });
  const runLinks = () => page.locator(`a[href^="/runs/${tag}-"]`);
  await filters.getByLabel("Destination").selectOption(seeded.destinationId);
  await filters.getByLabel("Status").selectOption({ label: "Failed" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`destination=${seeded.destinationId}&status=FAILED`));
  await expect(runLinks()).toHaveCount(1);
  await expect(runLinks().first()).toHaveAttribute("href", `/runs/${tag}-failed`);
  await page.screenshot({ path: "test-results/screens/layout-390-runs-filtered.png", fullPage: true });

  // A range of days: from yesterday on, the three-day-old failure is gone.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await filters.getByLabel("Status").selectOption({ label: "Any status" });
  await filters.getByLabel("From").fill(yesterday);
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${yesterday}`));
  await expect(runLinks()).toHaveCount(1);
  await expect(runLinks().first()).toHaveAttribute("href", `/runs/${tag}-ok`);
  await filters.getByLabel("Status").selectOption({ label: "Failed" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No runs match these filters")).toBeVisible();
  await expect(runLinks()).toHaveCount(0);

  // A run's problem rows by key: only that row's, and a clear word for an unknown key.
  await open(page, `/runs/${seeded.runId}`);
  const search = page.getByRole("search", { name: "Find problem rows by key" });
  await search.getByLabel("Row key").fill("ORD-1007");
  await search.getByRole("button", { name: "Find" }).click();
  await expect(page).toHaveURL(/key=ORD-1007/);
  const rows = page.getByRole("table").last().locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("ORD-1007");
  await expect(rows.first()).toContainText("national number");
  await search.getByLabel("Row key").fill("ORD-9999");
  await search.getByRole("button", { name: "Find" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "No problem row of this run has the key “ORD-9999”" }),
  ).toBeVisible();
  await page.getByRole("link", { name: "Show all" }).click();
  await expect(rows).toHaveCount(3);
});
