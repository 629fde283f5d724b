import { randomUUID } from "node:crypto";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { seedUser, withDb } from "./support/db";
import { demoSourceId, seedDestination, seedXConnection } from "./support/destinations";
import { signIn } from "./support/session";
import { SEED_USERS } from "../standin/seed";

// The Content-Security-Policy allows no inline script without the page's nonce: every page gets a
// fresh one, Next and next-themes put it on every script they write, and nothing on any page,
// signed in or out, is refused by the browser.

function directives(header: string | undefined): Map<string, string[]> {
  return new Map(
    (header ?? "")
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function nonceOf(response: APIResponse): string {
  const scripts = directives(response.headers()["content-security-policy"]).get("script-src") ?? [];
  const nonce = scripts.find((value) => value.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
  expect(nonce, `a nonce in script-src of ${response.url()}`).toBeTruthy();
  return nonce!;
}

/** Every CSP violation the browser reports on this page, whatever page it navigates to. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("__sluiceCspViolation", (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { __sluiceCspViolation: (line: string) => Promise<void> }).__sluiceCspViolation(
        `${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`,
      );
    });
  });
  return violations;
}

test("pages carry a per-request nonce and no 'unsafe-inline' script source; every script in the HTML has that nonce", async ({
  page,
  browser,
}) => {
  const owner = await seedUser("OWNER", "csp-headers");
  await signIn(page, owner.email, owner.password);
  const anonymous = await browser.newContext();
  const pages = [
    ["signed-out /sign-in", () => anonymous.request.get("/sign-in")],
    ["/destinations", () => page.request.get("/destinations")],
    ["/sources/new", () => page.request.get("/sources/new")],
    ["/settings", () => page.request.get("/settings")],
    ["/forbidden", () => page.request.get("/forbidden?need=owner")],
    ["a page that does not exist", () => page.request.get(`/sources/${randomUUID()}`)],
  ] as const;
  for (const [what, get] of pages) {
    const [first, second] = [await get(), await get()];
    const policy = directives(first.headers()["content-security-policy"]);
    const scripts = policy.get("script-src") ?? [];
    expect(scripts, what).not.toContain("'unsafe-inline'");
    expect(scripts, what).not.toContain("'unsafe-eval'");
    expect(scripts, what).toContain("'strict-dynamic'");
    expect(policy.get("default-src"), what).toEqual(["'self'"]);
    expect(policy.get("object-src"), what).toEqual(["'none'"]);
    expect(policy.get("base-uri"), what).toEqual(["'self'"]);
    // One policy per response, and a fresh nonce per request.
    expect(
      first.headersArray().filter((header) => header.name.toLowerCase() === "content-security-policy"),
      what,
    ).toHaveLength(1);
    const nonce = nonceOf(first);
    expect(nonce, what).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(second), what).not.toBe(nonce);
    // Next's bootstrap and data scripts and next-themes' theme script, all with this nonce.
    const html = await first.text();
    const tags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length, what).toBeGreaterThan(2);
    for (const tag of tags) expect(tag, what).toContain(`nonce="${nonce}"`);
    // A 404 is Next's error document, rendered in the browser; a page has the theme script in it.
    expect(first.status(), what).toBe(what === "a page that does not exist" ? 404 : 200);
    if (first.status() === 200) expect(html, what).toContain("localStorage");
  }
  // Responses that are not pages have the policy without a nonce: nothing inline may run there.
  const health = await anonymous.request.get("/api/health");
  expect(directives(health.headers()["content-security-policy"]).get("script-src")).toEqual(["'self'"]);
  await anonymous.close();
});

test("no page breaks the policy: signed out, every kind of page as an owner, client-side navigation and the theme switch", async ({
  page,
}) => {
  // Some thirty page loads on a machine shared with other builds.
  test.slow();
  const violations = await watchViolations(page);
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  const owner = await seedUser("OWNER", "csp-pages");
  const connectionId = await seedXConnection(SEED_USERS.admin.id);
  const destination = await seedDestination({
    connectionId,
    sourceId: await demoSourceId(),
    active: true,
    name: `CSP ${randomUUID().slice(0, 6)}`,
  });
  const runId = randomUUID();
  await withDb((client) =>
    client.query(
      `INSERT INTO "SyncRun" (id, "destinationId", trigger, status, "startedAt", "finishedAt", "rowsRead", "rowsSent", "debugIds") VALUES ($1, $2, 'MANUAL', 'SUCCEEDED', now(), now(), 3, 3, '{}')`,
      [runId, destination.id],
    ),
  );
  await signIn(page, owner.email, owner.password);
  const sourceId = await demoSourceId();
  for (const path of [
    "/destinations",
    "/destinations/connections",
    "/destinations/new",
    `/destinations/${destination.id}`,
    ...["connection", "account", "event", "source", "mapping", "preview", "schedule"].map(
      (step) => `/destinations/${destination.id}/setup/${step}`,
    ),
    "/runs",
    `/runs/${runId}`,
    "/sources",
    `/sources/${sourceId}?preview=1`,
    "/sources/new",
    "/sources/new?kind=csv",
    "/settings",
    "/settings/users",
    "/settings/api-tokens",
    "/settings/sso",
    "/settings/audit",
    "/forbidden?need=owner",
    `/sources/${randomUUID()}`,
  ]) {
    await page.goto(path);
    await expect(page.locator("main#main"), path).toBeVisible();
    // Scripts ran: the page is hydrated (the theme switch reflects the stored choice).
    await expect(
      page.getByRole("radiogroup", { name: "Theme" }).getByRole("radio", { checked: true }),
      path,
    ).toHaveCount(1);
  }
  // Client-side navigation loads more scripts; 'strict-dynamic' lets Next's loader add them.
  await page.goto("/destinations");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" }).click();
  await expect(page).toHaveURL(/\/sources$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  // The theme switch injects a style with the nonce; the theme script applies the choice on reload.
  await page.getByRole("radio", { name: "Dark theme" }).click();
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.screenshot({ path: "test-results/screens/csp-01-dark-after-reload.png", fullPage: true });
  await page.getByRole("radio", { name: "Light theme" }).click();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);

  expect(violations).toEqual([]);
});
