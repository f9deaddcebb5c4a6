// Small Playwright steps on the VS Code workbench, shared by the screenshot scripts.

export const STEP_TIMEOUT = 30_000;

/**
 * Clicks the quick-input row showing `text`. Clicking, not Enter: the
 * highlighted row may be another match (e.g. a recently opened file).
 */
export async function pickRow(page, text) {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: STEP_TIMEOUT });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
}

/** Runs a command by its palette label (F1 palette, exact-label match first). */
export async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await input.fill(`>${label}`);
  await pickRow(page, label);
}
