import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { seedUser, withDb } from "./support/db";
import { expectNoSecretsIn, seedDestination, seedXConnection, standin } from "./support/destinations";
import { invalidRowsOf, RUN_MAPPING, runsOf, seedOrdersSource } from "./support/runs";
import { callServerAction, signIn } from "./support/session";

// Running a sync: an editor starts it, watches it progress, opens the run, downloads the rows
// that were not sent. A viewer cannot start one, whatever the browser sends.

const ROWS = 30_000;

test.afterEach(async () => {
  await standin().clearFaults();
});

test("an editor runs a sync, watches the progress bar advance, opens the run and downloads its problem rows", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const editor = await seedUser("EDITOR");
  const { sourceId } = await seedOrdersSource(ROWS);
  const connectionId = await seedXConnection("2417045708");
  const destination = await seedDestination({
    connectionId,
    sourceId,
    active: true,
    name: "Nightly sync (runs e2e)",
    mapping: RUN_MAPPING,
  });
  // X answering slowly, so there is time to watch the bar move.
  await standin().addFault({ kind: "slow", probability: 1, pathIncludes: "/measurement/conversions", delayMs: 400 });

  await signIn(page, editor.email, editor.password);
  await page.goto(`/runs?destination=${destination.id}`);
  await expect(page.getByRole("heading", { name: `Runs of ${destination.name}` })).toBeVisible();
  await expect(page.getByText("This destination has not synced yet.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/runs-01-empty.png", fullPage: true });

  await page.getByRole("button", { name: "Run sync now" }).click();
  await expect(page.getByText("Sync queued.")).toBeVisible();
  const bar = page.getByRole("progressbar");
  const progress = async () => Number((await bar.getAttribute("aria-valuenow")) ?? "0");
  await expect.poll(progress, { timeout: 30_000 }).toBeGreaterThan(0);
  const early = await progress();
  expect(early).toBeLessThan(100);
  await page.screenshot({ path: "test-results/screens/runs-02-progress.png", fullPage: true });
  await expect.poll(progress, { timeout: 30_000 }).toBeGreaterThan(early);

  // A second click while it runs is refused with the reason.
  await page.getByRole("button", { name: "Run sync now" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already running" })).toBeVisible();

  await page.getByRole("link", { name: /UTC$/ }).first().click();
  await expect(page.getByRole("heading", { name: `Run of ${destination.name}` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Partly sent")).toBeVisible({ timeout: 60_000 });
  const invalid = invalidRowsOf(ROWS);
  await expect(page.locator('[data-count="read"]')).toHaveText(ROWS.toLocaleString("en-US"));
  await expect(page.locator('[data-count="sent"]')).toHaveText((ROWS - invalid).toLocaleString("en-US"));
  await expect(page.locator('[data-count="invalid"]')).toHaveText(invalid.toLocaleString("en-US"));
  await expect(page.getByRole("cell", { name: /conversion_time is empty/ }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/runs-03-run.png", fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("row_number,row_key,kind,field,code,problem,message");
  expect(lines).toHaveLength(1 + invalid);
  expect(csv).toMatch(
    /^\d+,E2E-000007,INVALID,conversion_time,conversion_time_missing,Missing conversion time,conversion_time is empty; Sluice never substitutes the current time$/m,
  );
  // Order ids like "=1000+1" come from the customer's data: defused for spreadsheets.
  expect(csv).toMatch(/^\d+,'=1000\+1,INVALID,/m);
  expect(csv).not.toMatch(/(^|,)=1000\+1/m);
  expect(csv).not.toMatch(/example\.com/i);

  const [run] = await runsOf(destination.id);
  expect(run).toMatchObject({
    status: "PARTIAL",
    rowsRead: ROWS,
    rowsSent: ROWS - invalid,
    rowsInvalid: invalid,
    triggeredByEmail: editor.email,
  });
  const received = await standin().conversions({ limit: 1 });
  expect(received.total).toBeGreaterThanOrEqual(ROWS - invalid);

  await page.goto("/runs");
  await expect(page.getByRole("figure", { name: "Recent runs" })).toBeVisible();
  await expect(page.getByRole("row", { name: destination.name })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/runs-04-history.png", fullPage: true });
  await expectNoSecretsIn(page);
});

test("a viewer cannot start a sync: no button, and the server refuses the action itself", async ({ page, browser }) => {
  const { sourceId } = await seedOrdersSource(20);
  const connectionId = await seedXConnection("2417045708");
  const destination = await seedDestination({
    connectionId,
    sourceId,
    active: true,
    name: "Viewer cannot run",
    mapping: RUN_MAPPING,
  });
  const viewer = await seedUser("VIEWER");
  await signIn(page, viewer.email, viewer.password);
  await page.goto(`/runs?destination=${destination.id}`);
  await expect(page.getByRole("heading", { name: `Runs of ${destination.name}` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Run sync now" })).toHaveCount(0);

  const refused = await callServerAction(page.context().request, "/runs", "runSyncNowAction", [
    null,
    { destinationId: destination.id },
  ]);
  expect(refused.body).toContain("FORBIDDEN");
  const anonymous = await browser.newContext();
  const signedOut = await callServerAction(anonymous.request, "/runs", "runSyncNowAction", [
    null,
    { destinationId: destination.id },
  ]);
  expect(signedOut.body).toContain("UNAUTHENTICATED");
  await anonymous.close();
  expect(await runsOf(destination.id)).toHaveLength(0);

  // The same call as an editor works, so the refusals above were the role check.
  const editor = await seedUser("EDITOR");
  const context = await browser.newContext();
  const tab = await context.newPage();
  await signIn(tab, editor.email, editor.password);
  const allowed = await callServerAction(context.request, "/runs", "runSyncNowAction", [
    null,
    { destinationId: destination.id },
  ]);
  expect(allowed.body).toContain(`"ok":true`);
  expect(await runsOf(destination.id)).toHaveLength(1);
  await context.close();
});

test("the destination page starts a sync and shows it in the destination's history; a re-run is up to date, not red; a viewer gets no button there", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const editor = await seedUser("EDITOR");
  const { sourceId } = await seedOrdersSource(50);
  const connectionId = await seedXConnection("2417045708");
  const destination = await seedDestination({
    connectionId,
    sourceId,
    active: true,
    name: "Run from its page",
    mapping: RUN_MAPPING,
  });

  await signIn(page, editor.email, editor.password);
  await page.goto(`/destinations/${destination.id}`);
  const runs = page.locator("section[data-section=runs]");
  await runs.getByRole("button", { name: "Run sync now" }).click();
  await expect(page.getByText("Sync queued.")).toBeVisible();
  await expect.poll(async () => (await runsOf(destination.id)).length, { timeout: 30_000 }).toBe(1);
  await page.reload();
  await expect(runs.getByRole("link", { name: /UTC$/ }).first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: "test-results/screens/runs-05-destination-page.png", fullPage: true });

  // Row 7 of the 50 has no order time: the first run is partly sent, shown amber, not red.
  const finished = async (count: number) => {
    await expect
      .poll(
        async () =>
          (await runsOf(destination.id)).filter((run) => !["QUEUED", "RUNNING"].includes(run.status as string)).length,
        { timeout: 30_000 },
      )
      .toBe(count);
  };
  await finished(1);
  const [first] = await runsOf(destination.id);
  expect(first).toMatchObject({ status: "PARTIAL", rowsInvalid: 1, rowsSent: 49 });
  await page.reload();
  const partly = runs.locator('tbody [data-status="PARTIAL"]');
  await expect(partly).toHaveText("Partly sent");
  await expect(partly).toHaveClass(/bg-warning-soft/);

  // The same source again: nothing new to send, the same row still invalid for the same reason.
  await runs.getByRole("button", { name: "Run sync now" }).click();
  await expect(page.getByText("Sync queued.")).toBeVisible();
  await finished(2);
  const second = (await runsOf(destination.id))[1];
  expect(second).toMatchObject({
    status: "UP_TO_DATE",
    rowsInvalid: 0,
    rowsStillInvalid: 1,
    rowsSent: 0,
    rowsAlreadySent: 49,
  });
  await page.reload();
  const upToDate = runs.locator('tbody [data-status="UP_TO_DATE"]');
  await expect(upToDate).toHaveText("Up to date");
  await expect(upToDate).not.toHaveClass(/danger|warning/);
  await expect(upToDate).toHaveClass(/bg-success-soft/);
  await runs.getByText("What the statuses mean").click();
  await expect(runs.getByText(/Nothing new to send and no new problem/)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/runs-06-rerun-up-to-date.png", fullPage: true });

  // Its page says the row is still invalid as in the first run, and does not list it again.
  await page.goto(`/runs/${second.id as string}`);
  await expect(page.locator('[data-status="UP_TO_DATE"]')).toHaveText("Up to date");
  await expect(page.locator('[data-count="invalid"]')).toHaveText("0");
  await expect(page.locator('[data-count="stillInvalid"]')).toHaveText("1");
  const summary = page.getByRole("region", { name: "Rows still invalid" });
  await expect(summary).toContainText("1 row is still invalid for the same reasons as in an earlier run");
  await expect(summary).toContainText("1 Missing conversion time (conversion_time_missing)");
  await expect(page.getByRole("heading", { name: "Problem rows" })).toHaveCount(0);
  await expect(page.getByText("The run failed")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/runs-07-rerun-page.png", fullPage: true });
  await summary.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/runs/${first.id as string}$`));
  await expect(page.getByRole("heading", { name: "Problem rows" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "E2E-000007" })).toBeVisible();

  const viewer = await seedUser("VIEWER");
  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await signIn(viewerPage, viewer.email, viewer.password);
  await viewerPage.goto(`/destinations/${destination.id}`);
  await expect(viewerPage.locator("section[data-section=runs]").getByRole("heading", { name: "Runs" })).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Run sync now" })).toHaveCount(0);
  await context.close();
});

test("an editor sets an alert webhook; a run that fails calls it, and the run page shows the delivery", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const received: Array<{ path: string; body: Record<string, unknown> }> = [];
  const hook = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({ path: request.url ?? "", body: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  try {
    const editor = await seedUser("EDITOR");
    const { sourceId } = await seedOrdersSource(50);
    const connectionId = await seedXConnection("2417045708");
    const destination = await seedDestination({
      connectionId,
      sourceId,
      active: true,
      name: "Alerting sync (runs e2e)",
      mapping: RUN_MAPPING,
    });
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/e2e-alerts/hookSecret-k3Jw`;

    await signIn(page, editor.email, editor.password);
    await page.goto(`/destinations/${destination.id}/setup/schedule`);
    await page.getByLabel("Webhook URL (optional)").fill(hookUrl);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Changes saved.")).toBeVisible();
    await expect(page.getByText("Sent to http://127.0.0.1:")).toContainText("/…k3Jw");

    // The connection is disconnected behind the destination's back: the run fails.
    await withDb((client) =>
      client.query(`UPDATE "XConnection" SET "revokedAt" = now() WHERE id = $1`, [connectionId]),
    );
    await page.locator("section[data-section=runs]").getByRole("button", { name: "Run sync now" }).click();
    await expect.poll(async () => (await runsOf(destination.id))[0]?.status, { timeout: 30_000 }).toBe("FAILED");
    const [run] = await runsOf(destination.id);
    await page.goto(`/runs/${run!.id}`);
    const alerts = page.getByRole("region", { name: "Alerts" });
    await expect(async () => {
      await page.reload();
      await expect(alerts.getByText("Delivered · HTTP 204")).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(alerts.getByText("Run failed")).toBeVisible();
    await expect(alerts).toContainText("/…k3Jw");
    expect(await page.content()).not.toContain("hookSecret");
    await page.screenshot({ path: "test-results/screens/runs-06-alert-delivered.png", fullPage: true });

    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe("/e2e-alerts/hookSecret-k3Jw");
    expect(received[0]!.body).toMatchObject({
      event: "run.failed",
      run: { id: run!.id, status: "FAILED" },
      destination: { id: destination.id, name: destination.name },
    });
    expect(received[0]!.body.text).toMatch(/^Sluice: a sync of “Alerting sync \(runs e2e\)” failed: /);
  } finally {
    await new Promise((resolve) => hook.close(resolve));
  }
});

test("a run taken over after its worker died says so on its page", async ({ page }) => {
  const viewer = await seedUser("VIEWER");
  const { sourceId } = await seedOrdersSource(10);
  const connectionId = await seedXConnection("2417045708");
  const destination = await seedDestination({
    connectionId,
    sourceId,
    active: true,
    name: "Resumed run (runs e2e)",
    mapping: RUN_MAPPING,
  });
  const runId = `resumed-${Date.now()}`;
  // As recoverStaleRuns and a second worker leave it: two attempts, one death.
  await withDb((client) =>
    client.query(
      `INSERT INTO "SyncRun" (id, "destinationId", trigger, status, "startedAt", "finishedAt", attempts, "workerDeaths", "rowsRead", "rowsSent", requests, "debugIds")
       VALUES ($1, $2, 'MANUAL', 'SUCCEEDED', now(), now(), 2, 1, 10, 10, 2, '{}')`,
      [runId, destination.id],
    ),
  );
  await signIn(page, viewer.email, viewer.password);
  await page.goto(`/runs/${runId}`);
  await expect(page.getByText("resumed 1× after a worker stopped")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/runs-08-resumed-run.png", fullPage: true });
});
