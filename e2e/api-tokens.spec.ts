import { expect, test } from "@playwright/test";
import { auditActions, seedUser } from "./support/db";
import { expectNoSeriousA11yViolations, seedDestination, seedXConnection } from "./support/destinations";
import { RUN_MAPPING, seedOrdersSource } from "./support/runs";
import { signIn } from "./support/session";

// The REST API from an orchestrator's side: an owner makes a token in Settings (shown once),
// a script starts a sync with it and reads the counts, then the owner revokes it and the script
// is refused.

const ROWS = 300;

test("an owner creates a run token, a script starts a sync with it and reads its counts, and revoking it locks the script out", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const owner = await seedUser("OWNER", "api-owner");
  const { sourceId } = await seedOrdersSource(ROWS);
  const destination = await seedDestination({
    connectionId: await seedXConnection("2417045708"),
    sourceId,
    active: true,
    name: "Orders for the API",
    mapping: RUN_MAPPING,
  });
  // As `curl -H "Authorization: Bearer …"` from a CI job would: no browser, no cookie.
  const api = (path: string, token: string, method = "GET") =>
    fetch(`${baseURL}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });

  await signIn(page, owner.email, owner.password);
  await page.goto("/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "No API tokens yet" })).toBeVisible();

  await page.getByLabel("Name").fill("GitHub Actions");
  await page.getByLabel("Scope").selectOption("RUN");
  await page.getByLabel("Expires").selectOption("30");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Copy it now: it is not shown again.")).toBeVisible();
  const secret = (await page.locator('code[aria-label="New API token"]').textContent())!.trim();
  expect(secret).toMatch(/^slc_[A-Za-z0-9_-]{43}$/);
  await page.screenshot({ path: "test-results/screens/api-tokens-01-created.png", fullPage: true });
  await expectNoSeriousA11yViolations(page, "API tokens with a new token");

  // Shown once: after a reload only its first characters are left.
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: "GitHub Actions" });
  await expect(row).toContainText(secret.slice(0, 10));
  await expect(row.getByRole("cell").nth(2)).toHaveText("Never");
  expect(await page.content()).not.toContain(secret);

  const started = await api(`/api/v1/destinations/${destination.id}/runs?wait=60`, secret, "POST");
  expect(started.status).toBe(200);
  const { run } = (await started.json()) as {
    run: { id: string; status: string; trigger: string; counts: { read: number; sent: number; invalid: number } };
  };
  expect(run).toMatchObject({ status: "PARTIAL", trigger: "API", counts: { read: ROWS } });
  expect(run.counts.sent + run.counts.invalid).toBe(ROWS);
  const read = await api(`/api/v1/runs/${run.id}`, secret);
  expect(((await read.json()) as { run: { counts: unknown } }).run.counts).toEqual(run.counts);

  await page.reload();
  await expect(row.getByRole("cell").nth(2)).not.toHaveText("Never");
  await page.screenshot({ path: "test-results/screens/api-tokens-02-used.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/api-tokens-03-narrow.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole("button", { name: "Revoke GitHub Actions" }).click();
  const dialog = page.getByRole("dialog", { name: 'Revoke "GitHub Actions"?' });
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
  const refused = await api(`/api/v1/runs/${run.id}`, secret);
  expect(refused.status).toBe(401);
  expect(await refused.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "This API token was revoked." } });

  expect(await auditActions(owner.email)).toEqual(
    expect.arrayContaining(["api_token.created", "run.start", "api_token.revoked"]),
  );
});
