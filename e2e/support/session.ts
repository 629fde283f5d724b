import { readFileSync } from "node:fs";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signed in: the app's shell is there (its sidebar, or its menu bar on a narrow window).
  await expect(page.getByRole("link", { name: "Sluice home" }).filter({ visible: true })).toHaveCount(1);
}

/**
 * Calls a server action the way React does (POST with the Next-Action header and the arguments
 * as JSON), with whatever session the request context holds — so a test can prove that the action
 * itself refuses, not just that a button is hidden. The action id comes from the build's manifest.
 */
export async function callServerAction(
  request: APIRequestContext,
  page: string,
  exportedName: string,
  args: unknown[],
) {
  const manifest = JSON.parse(
    readFileSync(`${process.env.SLUICE_DIST_DIR || ".next"}/server/server-reference-manifest.json`, "utf8"),
  ) as {
    node: Record<string, { exportedName: string }>;
  };
  const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`no server action named ${exportedName} in this build`);
  const response = await request.post(page, {
    headers: {
      "Next-Action": id,
      Accept: "text/x-component",
      "Content-Type": "text/plain;charset=UTF-8",
      Origin: `http://127.0.0.1:${process.env.SLUICE_E2E_PORT ?? 3100}`,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}
