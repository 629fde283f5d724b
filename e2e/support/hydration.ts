import { expect, type Page } from "@playwright/test";

/**
 * Waits until the page is hydrated: a form's submit button (SubmitButton) is enabled only then.
 * A controlled field changed before that never reaches React's state, and the next render puts
 * the old value back, so a test that loads a page and at once changes a select waits here first.
 */
export async function untilHydrated(page: Page, submitButton: string) {
  await expect(page.getByRole("button", { name: submitButton })).toBeEnabled();
}
