#!/usr/bin/env node
// Takes docs/images/mask-grid.png from a real VS Code (code-server + headless
// Chromium): test/e2e/fixtures/grid/sql-node.vmx beside its Mask Grid, with
// the hosts of grid/.vmx-cpuid.json (source intel-skylake, three targets).
// The AVX flag is clicked: the editor selects it and the details box explains
// it. Needs `npm run build` first. Each step waits for something visible and
// fails the run rather than produce a misleading picture.
//
// Usage: node test/vscode/screenshot-grid.mjs [--out DIR] [--verbose]
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, launchChromium, log, remoteUri, startCodeServer, workbenchUrl } from './code-server.mjs';
import { STEP_TIMEOUT, pickRow, runCommand } from './workbench.mjs';

const { values: opts } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(REPO_ROOT, 'docs/images') },
    verbose: { type: 'boolean', default: false },
  },
});
const workspace = path.join(REPO_ROOT, 'test/e2e/fixtures');
const outDir = path.resolve(opts.out);

const SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'editor.fontSize': 14,
  'editor.lineHeight': 21,
  'editor.minimap.enabled': false,
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
  'editor.hover.enabled': false,
  'editor.inlayHints.enabled': 'off',
  'chat.commandCenter.enabled': false,
  'workbench.layoutControl.enabled': false,
  'window.commandCenter': false,
};

async function main() {
  await mkdir(outDir, { recursive: true });
  let server;
  let browser;
  let page;
  try {
    server = await startCodeServer({ workspace, settings: SETTINGS, verbose: opts.verbose });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1000 } });
    page.on('pageerror', (err) => log(`page error: ${err.message}`));
    const url = workbenchUrl(server, {
      folder: workspace,
      payload: [
        ['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
        ['skipWelcome', 'true'],
      ],
    });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'masks.vmx' }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'View: Close Primary Side Bar');

    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('sql-node.vmx');
    await pickRow(page, 'sql-node.vmx');
    await page.locator('.editor-instance .view-lines', { hasText: 'cpuid.7.0.ebx' }).waitFor({ timeout: STEP_TIMEOUT });
    // The code lens comes once the server has the hosts: the grid will have them too.
    await page.locator('.editor-instance .codelens-decoration', { hasText: 'moves to' }).first().waitFor({ timeout: 60_000 });

    await runCommand(page, 'VMX CPUID: Show Mask Grid');
    const grid = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await grid.locator('button.cell').nth(127).waitFor({ timeout: STEP_TIMEOUT });
    await runCommand(page, 'Notifications: Clear All Notifications');

    // Click AVX (cpuid.1.ecx bit 28): the editor selects it, the details box explains it.
    await grid.locator('button.cell[aria-label^="cpuid.1.ecx bit 28 "]').click();
    await grid.locator('#details', { hasText: 'intel-westmere: blocks' }).waitFor({ timeout: STEP_TIMEOUT });
    await page.locator('.editor-instance .selected-text').first().waitFor({ timeout: STEP_TIMEOUT });
    await page.mouse.move(5, 990); // no hover outline on the cell
    const file = path.join(outDir, 'mask-grid.png');
    await page.screenshot({ path: file });
    log(`wrote ${path.relative(REPO_ROOT, file)}`);
  } catch (err) {
    log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    if (page) {
      const file = path.join(REPO_ROOT, 'test-results', 'screenshot-grid-failure.png');
      await mkdir(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file }).then(() => log(`page at failure: ${file}`), () => {});
    }
    if (server && !opts.verbose) log(`code-server output (tail):\n${server.output().slice(-4000)}`);
    process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
}

await main();
