import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { seedUser, withDb, withSourceDb } from "./support/db";
import { destinationRow, expectNoSecretsIn, seedDestination, seedXConnection } from "./support/destinations";
import { RUN_MAPPING, runsOf } from "./support/runs";
import { seedPostgresSource } from "./support/sources";
import { untilHydrated } from "./support/hydration";
import { signIn } from "./support/session";
import { formatDateTime } from "@/lib/format/date-time";

// Incremental reads as an editor meets them: choosing a cursor column without an index in the
// schedule step, the first run reading every row, the next only its window, a full resync, and
// the confirmation a change of cursor column asks for. The source is a table in the demo database
// (the one every journey's sources read), with updated_at and created_at and no index on either.

// A viewer west of UTC: the run page shows cursor times in the viewer's zone.
const VIEWER_ZONE = "America/New_York";
test.use({ timezoneId: VIEWER_ZONE });
const shownAt = (iso: string) => formatDateTime(iso, { timeZone: VIEWER_ZONE, seconds: true });

const FIRST_ROWS = 40;
const NEW_ROWS = 5;

/** A customer table whose row n was updated n minutes before now (row 1 the latest). */
async function seedUpdatedOrders(): Promise<{ table: string; sourceId: string }> {
  const table = `e2e_inc_orders_${randomUUID().slice(0, 8)}`;
  await withSourceDb((client) =>
    client.query(`
      CREATE TABLE ${table} AS
      SELECT 'INC-' || lpad(g::text, 4, '0') AS order_id,
             'buyer' || g || '@example.com' AS email,
             now() - make_interval(days => 1) AS ordered_at,
             (g % 50) + 0.99 AS value,
             'USD' AS currency,
             now() - make_interval(mins => g) AS created_at,
             now() - make_interval(mins => g) AS updated_at
      FROM generate_series(1, ${FIRST_ROWS}) AS g`),
  );
  const columns = [
    ["order_id", "text"],
    ["email", "text"],
    ["ordered_at", "timestamp"],
    ["value", "number"],
    ["currency", "text"],
    ["created_at", "timestamp"],
    ["updated_at", "timestamp"],
  ].map(([name, type]) => ({ name: name!, type: type! }));
  const { id } = await seedPostgresSource({
    name: `Orders ${table.slice(-8)}`,
    query: `SELECT * FROM ${table} ORDER BY order_id`,
    columns,
  });
  return { table, sourceId: id };
}

async function finishedRuns(destinationId: string, count: number) {
  await expect
    .poll(
      async () =>
        (await runsOf(destinationId)).filter((run) => !["QUEUED", "RUNNING"].includes(run.status as string)).length,
      { timeout: 30_000 },
    )
    .toBe(count);
  return runsOf(destinationId);
}

async function startRun(page: Page, destinationId: string) {
  await page.goto(`/destinations/${destinationId}`);
  await page.locator("section[data-section=runs]").getByRole("button", { name: "Run sync now" }).click();
  await expect(page.getByText("Sync queued.")).toBeVisible();
}

/** The run page's Details card: the value next to `label`. */
const detail = (page: Page, label: string) =>
  page
    .locator("dl > div")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) })
    .locator("dd");

test("an editor reads a source incrementally: a column without an index, the first run, a window, a full resync, a new cursor column", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const editor = await seedUser("EDITOR");
  const { table, sourceId } = await seedUpdatedOrders();
  const connectionId = await seedXConnection("2417045708");
  const destination = await seedDestination({
    connectionId,
    sourceId,
    active: true,
    name: "Incremental orders (e2e)",
    mapping: RUN_MAPPING,
  });
  await signIn(page, editor.email, editor.password);

  // 1. The schedule step: incremental on updated_at, suggested first.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/destinations/${destination.id}/setup/schedule`);
  await page.getByRole("radio", { name: /^Only new rows \(incremental\)/ }).check();
  const cursor = page.getByLabel("Cursor column", { exact: true });
  await expect(cursor).toHaveValue("updated_at");
  await expect(cursor.locator("option")).toHaveText([
    "updated_at (time)",
    "created_at (time)",
    "ordered_at (time)",
    "value (number)",
  ]);
  await expect(page.getByLabel("Lookback", { exact: true })).toHaveValue("2");
  await expect(page.getByLabel("Unit", { exact: true })).toHaveValue("hours");
  await page.screenshot({ path: "test-results/screens/incremental-01-schedule-step.png", fullPage: true });

  // No index on updated_at: the index to create is said next to the field, and nothing is saved.
  await page.getByRole("button", { name: "Save changes" }).click();
  const noIndex = page.getByRole("status").filter({ hasText: "No index for this column" });
  await expect(noIndex).toBeVisible();
  await expect(noIndex).toContainText(`CREATE INDEX ON "public"."${table}" ("updated_at");`);
  expect((await destinationRow(destination.id))?.incrementalColumn).toBeNull();
  await page.screenshot({ path: "test-results/screens/incremental-02-no-index.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/incremental-02b-no-index-390.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  await noIndex.getByLabel("Save without an index").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/destinations/${destination.id}\\?saved=`));
  expect(await destinationRow(destination.id)).toMatchObject({
    incrementalColumn: "updated_at",
    incrementalColumnType: "timestamptz",
    incrementalLookback: 7200,
    watermark: null,
  });

  // 2. The first run reads every row and sets the watermark to the latest updated_at.
  await startRun(page, destination.id);
  const [first] = await finishedRuns(destination.id, 1);
  expect(first).toMatchObject({
    status: "SUCCEEDED",
    rowsRead: FIRST_ROWS,
    rowsSent: FIRST_ROWS,
    readColumn: "updated_at",
    readFrom: null,
    fullResync: false,
  });
  const watermark = (await destinationRow(destination.id))?.watermark as string;
  expect(first.watermarkAfter).toBe(watermark);
  await page.goto(`/runs/${first.id as string}`);
  await expect(detail(page, "Read")).toHaveText("Every row (first incremental run on updated_at)");
  await expect(detail(page, "Watermark after")).toHaveText(shownAt(watermark));
  await page.screenshot({ path: "test-results/screens/incremental-03-first-run.png", fullPage: true });

  // 3. New rows, updated after the watermark: the next run reads the window only (the new rows
  // and the two hours of lookback, which hold every earlier row here) and sends the new ones.
  await withSourceDb((client) =>
    client.query(
      `INSERT INTO ${table} SELECT 'INC-NEW-' || g, 'new' || g || '@example.com', now() - interval '1 day', 9.99, 'USD', now(), now() + make_interval(secs => g) FROM generate_series(1, ${NEW_ROWS}) AS g`,
    ),
  );
  await startRun(page, destination.id);
  const second = (await finishedRuns(destination.id, 2))[1]!;
  expect(second).toMatchObject({
    status: "SUCCEEDED",
    rowsRead: FIRST_ROWS + NEW_ROWS,
    rowsSent: NEW_ROWS,
    rowsAlreadySent: FIRST_ROWS,
    readColumn: "updated_at",
    fullResync: false,
  });
  expect(second.readFrom).toBe(new Date(Date.parse(watermark) - 2 * 3600_000).toISOString());
  await page.goto(`/runs/${second.id as string}`);
  await expect(detail(page, "Read")).toHaveText(
    `Rows with updated_at ≥ ${shownAt(second.readFrom as string)} (incremental)`,
  );
  await expect(detail(page, "Watermark after")).toHaveText(shownAt(second.watermarkAfter as string));
  await page.screenshot({ path: "test-results/screens/incremental-04-window-run.png", fullPage: true });

  // 4. A full resync, from the destination's page, after saying what it does.
  await page.goto(`/destinations/${destination.id}`);
  const runs = page.locator("section[data-section=runs]");
  await runs.getByRole("button", { name: "Full resync" }).click();
  const dialog = page.getByRole("dialog", { name: "Read every row once?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("updated_at");
  await page.screenshot({ path: "test-results/screens/incremental-05-full-resync-dialog.png", fullPage: true });
  await dialog.getByRole("button", { name: "Start full resync" }).click();
  await dialog.getByRole("link", { name: "View run" }).click();
  await expect(page.getByRole("heading", { name: `Run of ${destination.name}` })).toBeVisible();
  const resync = (await finishedRuns(destination.id, 3))[2]!;
  expect(resync).toMatchObject({
    fullResync: true,
    readFrom: null,
    rowsRead: FIRST_ROWS + NEW_ROWS,
    rowsSent: 0,
    rowsAlreadySent: FIRST_ROWS + NEW_ROWS,
  });
  await expect(detail(page, "Read")).toHaveText("Every row (full resync)");
  await page.screenshot({ path: "test-results/screens/incremental-06-full-resync-run.png", fullPage: true });

  // 5. Another cursor column forgets the watermark: asked before it is saved.
  const latest = (await destinationRow(destination.id))?.watermark as string;
  // The last run to move it: the resync, when its rows' future times (capped at the present
  // when each run ended) let it move further, else the window run.
  expect(latest).toBe(resync.watermarkAfter ?? second.watermarkAfter);
  await page.goto(`/destinations/${destination.id}/setup/schedule`);
  await expect(page.getByRole("radio", { name: /^Only new rows \(incremental\)/ })).toBeChecked();
  await expect(page.getByText("Watermark so far:")).toBeVisible();
  // The cursor column is a controlled select (a CI run once saved updated_at this way).
  await untilHydrated(page, "Save changes");
  await page.getByLabel("Cursor column", { exact: true }).selectOption("created_at");
  await page.getByRole("button", { name: "Save changes" }).click();
  // created_at has no index either: that is asked first.
  await page
    .getByRole("status")
    .filter({ hasText: "No index for this column" })
    .getByLabel("Save without an index")
    .check();
  await page.getByRole("button", { name: "Save changes" }).click();
  const reset = page.getByRole("status").filter({ hasText: "This resets the watermark" });
  await expect(reset).toBeVisible();
  await expect(reset).toContainText(
    "Changing the cursor column from “updated_at” to “created_at” forgets the watermark",
  );
  await page.screenshot({ path: "test-results/screens/incremental-07-reset-watermark.png", fullPage: true });
  expect(await destinationRow(destination.id)).toMatchObject({ incrementalColumn: "updated_at", watermark: latest });
  await expectNoSecretsIn(page);
});

// Changing the cursor column to one without an index once a watermark is set asks two questions.
// An answer ticked for one must survive the save that asks the other (it once vanished, so the
// column could never be changed from the page).
test("another cursor column without an index is saved once both questions are answered", async ({ page }) => {
  const editor = await seedUser("EDITOR");
  const { sourceId } = await seedUpdatedOrders();
  const connectionId = await seedXConnection("2417045708");
  const destination = await seedDestination({
    connectionId,
    sourceId,
    active: true,
    name: "Incremental column change (e2e)",
    mapping: RUN_MAPPING,
  });
  // As after a first incremental run on updated_at (accepted without an index).
  await withDb((client) =>
    client.query(
      `UPDATE "Destination" SET "incrementalColumn" = 'updated_at', "incrementalColumnType" = 'timestamptz', watermark = $2, "watermarkAt" = now() WHERE id = $1`,
      [destination.id, new Date().toISOString()],
    ),
  );
  await signIn(page, editor.email, editor.password);
  await page.goto(`/destinations/${destination.id}/setup/schedule`);
  // The cursor column is a controlled select (a CI run once saved updated_at this way).
  await untilHydrated(page, "Save changes");
  await page.getByLabel("Cursor column", { exact: true }).selectOption("created_at");
  const save = page.getByRole("button", { name: "Save changes" });
  await save.click();
  await page
    .getByRole("status")
    .filter({ hasText: "No index for this column" })
    .getByLabel("Save without an index")
    .check();
  await save.click();
  await page
    .getByRole("status")
    .filter({ hasText: "This resets the watermark" })
    .getByLabel("Reset the watermark")
    .check();
  await save.click();
  await expect(page).toHaveURL(new RegExp(`/destinations/${destination.id}\\?saved=`));
  expect(await destinationRow(destination.id)).toMatchObject({ incrementalColumn: "created_at", watermark: null });
});
