import { expect, test } from "@playwright/test";
import { findUserByEmail, seedUser } from "./support/db";
import { callServerAction, signIn } from "./support/session";

const newUser = (tag: string) => ({
  name: `Probe ${tag}`,
  email: `probe-${tag}-${Date.now()}@example.com`,
  role: "OWNER",
  password: "probe-password-1",
});

test("a viewer cannot reach owner-only pages", async ({ page }) => {
  const viewer = await seedUser("VIEWER");
  await signIn(page, viewer.email, viewer.password);
  for (const path of ["/settings/users", "/settings/api-tokens", "/settings/sso", "/settings/audit"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/forbidden\?need=owner$/);
    await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  }
  await page.screenshot({ path: "test-results/screens/08-forbidden.png" });
});

test("owner-only actions refuse a viewer, an editor and the signed-out — the server itself, not a hidden button", async ({
  page,
  browser,
  request,
}) => {
  for (const role of ["VIEWER", "EDITOR"] as const) {
    const user = await seedUser(role);
    const context = await browser.newContext();
    const tab = await context.newPage();
    await signIn(tab, user.email, user.password);
    const attempt = newUser(role.toLowerCase());
    const result = await callServerAction(context.request, "/settings/users", "addUserAction", [null, attempt]);
    expect(result.body).toContain("FORBIDDEN");
    expect(await findUserByEmail(attempt.email)).toBeNull();

    const promote = await callServerAction(context.request, "/settings/users", "changeRoleAction", [
      null,
      { userId: user.id, role: "OWNER" },
    ]);
    expect(promote.body).toContain("FORBIDDEN");
    expect((await findUserByEmail(user.email))?.role).toBe(role);
    await context.close();
  }

  const anonymous = newUser("anon");
  const result = await callServerAction(request, "/settings/users", "addUserAction", [null, anonymous]);
  expect(result.body).toContain("UNAUTHENTICATED");
  expect(await findUserByEmail(anonymous.email)).toBeNull();

  // The same call as an owner works, so the refusals above are the role check and nothing else.
  const owner = await seedUser("OWNER");
  await signIn(page, owner.email, owner.password);
  const allowed = newUser("owner");
  const ok = await callServerAction(page.context().request, "/settings/users", "addUserAction", [null, allowed]);
  expect(ok.body).toContain(`"ok":true`);
  expect((await findUserByEmail(allowed.email))?.role).toBe("OWNER");
});

test("a disabled user's session stops working at the next request", async ({ page, browser }) => {
  const owner = await seedUser("OWNER");
  const editor = await seedUser("EDITOR");
  const context = await browser.newContext();
  const editorTab = await context.newPage();
  await signIn(editorTab, editor.email, editor.password);

  await signIn(page, owner.email, owner.password);
  await page.goto("/settings/users");
  await page.getByRole("button", { name: `Disable ${editor.email}` }).click();
  await expect(page.getByRole("button", { name: `Enable ${editor.email}` })).toBeVisible();

  await editorTab.goto("/sources");
  await expect(editorTab).toHaveURL(/\/sign-in/);
  await context.close();
});
