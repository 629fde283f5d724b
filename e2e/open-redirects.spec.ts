import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { seedUser } from "./support/db";
import { signIn } from "./support/session";

// Open redirects: links that start on Sluice and, once followed, would land the browser on another
// site (a phishing page that looks like Sluice's sign-in, say). Each attack URL is replayed in the
// browser end to end, and the browser must end on Sluice's origin. "evil.example" is answered by
// the test when the page itself navigates there (the sign-in form's client-side redirect), and
// such visits are counted; a server redirect there is not intercepted and fails the navigation
// (the name does not resolve), which fails the test just the same.

const EVIL_HOST = "evil.example";

async function watchEvilHost(context: BrowserContext): Promise<string[]> {
  const visits: string[] = [];
  await context.route(
    (url) => url.hostname === EVIL_HOST,
    (route) => {
      visits.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Evil Sluice</h1>" });
    },
  );
  return visits;
}

async function expectOnSluice(page: Page, path: RegExp, baseURL: string | undefined) {
  await expect(page).toHaveURL(path);
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  await expect(page.getByRole("heading", { name: "Evil Sluice" })).toHaveCount(0);
}

test.describe("redirect targets stay on Sluice", () => {
  test("connect X with returnTo=/.//evil.example: a viewer is refused on Sluice, not sent away", async ({
    page,
    context,
    baseURL,
  }) => {
    const visits = await watchEvilHost(context);
    const viewer = await seedUser("VIEWER", "redirect-viewer");
    await signIn(page, viewer.email, viewer.password);
    // Before the fix: Location "//evil.example?connect_error=forbidden".
    await page.goto("/api/x/connect?returnTo=/.//evil.example");
    await expectOnSluice(page, /\/destinations\/connections\?connect_error=forbidden$/, baseURL);
    await expect(page.getByText("Only owners connect X")).toBeVisible();
    expect(visits).toEqual([]);
  });

  test("connect X with returnTo=/.//evil.example: an owner who approves on X comes back to Sluice", async ({
    page,
    context,
    baseURL,
  }) => {
    const visits = await watchEvilHost(context);
    const owner = await seedUser("OWNER", "redirect-owner");
    await signIn(page, owner.email, owner.password);
    await page.goto("/api/x/connect?returnTo=/.//evil.example");
    await expect(page.getByRole("heading", { name: /Authorize Sluice \(demo\)/ })).toBeVisible();
    await page.getByLabel(/@acme_marketer/).check();
    await page.getByRole("button", { name: "Authorize app" }).click();
    await expectOnSluice(page, /\/destinations\/connections\?connected=/, baseURL);
    await expect(page.getByText("Connected @acme_marketer")).toBeVisible();
    expect(visits).toEqual([]);
  });

  test("connect X with returnTo=/.//evil.example while signed out: sign-in leads back to Sluice", async ({
    page,
    context,
    baseURL,
  }) => {
    const visits = await watchEvilHost(context);
    const editor = await seedUser("EDITOR", "redirect-signed-out");
    await page.goto("/api/x/connect?returnTo=/.//evil.example");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await page.getByLabel("E-mail").fill(editor.email);
    await page.getByLabel("Password").fill(editor.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectOnSluice(page, /\/destinations\/connections$/, baseURL);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    expect(visits).toEqual([]);
  });

  test("/sign-in?callbackUrl=/\\evil.example: signing in lands on Sluice", async ({ page, context, baseURL }) => {
    const visits = await watchEvilHost(context);
    const editor = await seedUser("EDITOR", "redirect-callback");
    await page.goto("/sign-in?callbackUrl=/\\evil.example");
    await page.getByLabel("E-mail").fill(editor.email);
    await page.getByLabel("Password").fill(editor.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectOnSluice(page, /\/destinations$/, baseURL);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    expect(visits).toEqual([]);
  });

  test("/sign-in?callbackUrl=… when already signed in: every tricky spelling is answered on Sluice", async ({
    page,
    context,
    baseURL,
  }) => {
    const visits = await watchEvilHost(context);
    const editor = await seedUser("EDITOR", "redirect-signed-in");
    await signIn(page, editor.email, editor.password);
    for (const callbackUrl of [
      "/\\evil.example",
      "/.//evil.example",
      "//evil.example",
      "/%09/evil.example",
      "https://evil.example/",
      "/%5Cevil.example",
    ]) {
      await page.goto(`/sign-in?callbackUrl=${callbackUrl}`);
      await expectOnSluice(page, /\/destinations$/, baseURL);
    }
    // A same-site path is still followed.
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/sources?from=sign-in")}`);
    await expectOnSluice(page, /\/sources\?from=sign-in$/, baseURL);
    expect(visits).toEqual([]);
  });
});
