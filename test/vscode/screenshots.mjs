#!/usr/bin/env node
// Takes the README screenshots from a real VS Code (code-server + headless
// Chromium), so they show exactly what a user sees:
//   docs/images/syntax-highlighting.png  cpuid mask lines in the Dark Modern theme
//   docs/images/quick-fix.png            a diagnostic with its quick-fix menu (Ctrl+.)
//   docs/images/outline.png              the Outline view grouping keys by prefix
//   docs/images/hover.png                the hover on a mask flag (bit, feature, flag effect, facts)
//   docs/images/inlay-hints.png          inlay hints after each mask: what it hides, requires, forces
//   docs/images/code-lens.png            vMotion: the "moves to 2 of 3 targets" lens and the quick fixes
//                                        ("Make compatible with intel-sandybridge") on a blocking flag
// Needs `npm run build` first (npm run screenshots does it). Every step waits
// for something visible in the DOM; a step that never gets there fails the
// run rather than producing a misleading picture.
//
// Usage: node test/vscode/screenshots.mjs [--out DIR] [--verbose]
import { mkdir, readFile } from 'node:fs/promises';
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
  'editor.fontSize': 15,
  'editor.lineHeight': 22,
  'editor.minimap.enabled': false,
  'editor.lightbulb.enabled': 'on',
  'editor.renderWhitespace': 'none',
  // Highlights left behind by earlier cursor positions look like a selection.
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
  // Hover popups appearing under the mouse would spoil the pictures.
  'editor.hover.enabled': false,
  // The hover picture shows it below the line, where there is room for it.
  'editor.hover.above': false,
  'outline.collapseItems': 'alwaysExpand',
  'breadcrumbs.enabled': true,
  'chat.commandCenter.enabled': false,
  'workbench.layoutControl.enabled': false,
  'window.commandCenter': false,
};

/** Opens a workspace file through Quick Open and waits until its text is rendered. */
async function openFile(page, name, expectedText) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await input.fill(name);
  await pickRow(page, name);
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: STEP_TIMEOUT });
  await page
    .locator('.editor-instance .view-lines', { hasText: expectedText })
    .waitFor({ timeout: STEP_TIMEOUT });
}

/** Moves the cursor with Go to Line (Ctrl+G), e.g. "4:15". */
async function goTo(page, position) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await input.fill(`:${position}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
}

/**
 * Waits for the code lens above the first setting (files with CPUID masks
 * get one). It arrives after the text and pushes every line down, which
 * would also close an open hover: wait for it before framing a picture.
 */
async function waitForCodeLens(page) {
  await page.locator('.editor-instance .codelens-decoration').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
}

/**
 * Waits until the grammar has coloured the line starting with `lineStart`:
 * several distinct token classes (mtkN) on it means TextMate tokenization
 * ran (plain text is a single class).
 */
async function waitForColouredLine(page, lineStart) {
  await page.waitForFunction(
    (start) => {
      for (const line of document.querySelectorAll('.editor-instance .view-line')) {
        if (line.textContent.replace(/\u00a0/g, ' ').startsWith(start)) {
          const classes = new Set([...line.querySelectorAll('span[class*="mtk"]')].map((s) => s.className));
          return classes.size >= 3;
        }
      }
      return false;
    },
    lineStart,
    { timeout: STEP_TIMEOUT },
  );
}

/**
 * 1-based "line:column" of the flag for `bit` in the mask on the line of the
 * workspace file `name` that starts with `key` (read from disk, so the
 * picture follows the fixture).
 */
async function flagPosition(name, key, bit) {
  const lines = (await readFile(path.join(workspace, name), 'utf8')).split(/\r?\n/);
  const line = lines.findIndex((l) => l.startsWith(key));
  if (line === -1) throw new Error(`no line starting with ${key} in ${name}`);
  const text = lines[line];
  let flags = 0;
  for (let col = text.indexOf('"') + 1; col < text.length && text[col] !== '"'; col++) {
    if (text[col] === ':') continue;
    if (31 - flags === bit) return `${line + 1}:${col + 1}`;
    flags++;
  }
  throw new Error(`no flag for bit ${bit} on line ${line + 1} of ${name}`);
}

/**
 * Enlarges a content hover (`.monaco-resizable-hover`) until its contents
 * fit, by dragging its bottom sash the way a user resizes a hover, then waits
 * for its fade-in to finish. Fails if the hover still scrolls afterwards.
 */
async function showWholeHover(page, hover) {
  const sizes = () =>
    hover.evaluate((el) => {
      const content = el.querySelector('.monaco-hover-content');
      const scrollable = el.querySelector('.monaco-hover');
      return { need: content.scrollHeight, have: scrollable.clientHeight };
    });
  let { need, have } = await sizes();
  if (need > have) {
    const sash = hover.locator('.monaco-sash.horizontal:not(.disabled)').first();
    const box = await sash.boundingBox();
    if (!box) throw new Error('the hover has no enabled horizontal sash to resize it with');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    // Releasing the mouse outside the editor would close the hover.
    const editor = await page.locator('.editor-instance .monaco-editor').first().boundingBox();
    const target = Math.min(y + (need - have) + 12, editor.y + editor.height - 4);
    await page.mouse.move(x, y);
    await page.mouse.down();
    // In steps, so the sash sees a drag rather than a jump.
    await page.mouse.move(x, target, { steps: 10 });
    await page.mouse.up();
    ({ need, have } = await sizes());
  }
  if (need > have) throw new Error(`the hover needs ${need}px but only got ${have}px: it would be cut off`);
  await hover.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  if (!(await hover.isVisible())) throw new Error('the hover closed while it was being resized');
}

/** Writes a screenshot of the page as it is now (no cleanup first: it would close popups). */
async function shootAsIs(page, name) {
  const file = path.join(outDir, name);
  await page.screenshot({ path: file });
  log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

async function shoot(page, name) {
  // Toasts (e.g. "could not reach the gallery" offline) are not part of the product.
  await runCommand(page, 'Notifications: Clear All Notifications');
  const file = path.join(outDir, name);
  await page.screenshot({ path: file });
  log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

async function main() {
  await mkdir(outDir, { recursive: true });
  let server;
  let browser;
  let page;
  try {
    server = await startCodeServer({ workspace, settings: SETTINGS, verbose: opts.verbose });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (err) => log(`page error: ${err.message}`));

    // The extension loads from source (extensionDevelopmentPath), as in the tests.
    const url = workbenchUrl(server, {
      folder: workspace,
      payload: [
        ['extensionDevelopmentPath', remoteUri(server, REPO_ROOT)],
        ['skipWelcome', 'true'],
      ],
    });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer tree shows once the remote workspace is connected.
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'masks.vmx' })
      .waitFor({ timeout: 60_000 });

    // 1. Syntax colours.
    await openFile(page, 'masks.vmx', 'cpuid.1.ecx');
    await waitForColouredLine(page, 'cpuid.1.ecx');
    await waitForCodeLens(page);
    await goTo(page, '9:1');
    await shoot(page, 'syntax-highlighting.png');

    // 2. Diagnostic + quick-fix menu.
    await openFile(page, 'typographic-quote.vmx', 'cpuid.1.ecx');
    await page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning').first()
      .waitFor({ timeout: 60_000 });
    // The Problems panel shows the diagnostic's message next to the menu.
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'typographic' }).first()
      .waitFor({ timeout: STEP_TIMEOUT });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'View: Focus Active Editor Group');
    await goTo(page, '4:15');
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row').first().waitFor({ timeout: STEP_TIMEOUT });
    // Clearing notifications would close the menu; take this one directly.
    await page.screenshot({ path: path.join(outDir, 'quick-fix.png') });
    log(`wrote ${path.relative(REPO_ROOT, path.join(outDir, 'quick-fix.png'))}`);
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Hide Panel');

    // 3. Outline view.
    await openFile(page, 'masks.vmx', 'cpuid.1.ecx');
    await runCommand(page, 'Explorer: Focus on Outline View');
    // Collapse the file tree so the outline gets the whole side bar.
    await page.locator('.pane-header[aria-expanded="true"]', { hasText: 'fixtures' }).click();
    await page.locator('.pane-header[aria-expanded="false"]', { hasText: 'fixtures' }).waitFor({ timeout: STEP_TIMEOUT });
    await page.locator('.outline-pane .monaco-list-row', { hasText: 'cpuid.1.ecx' }).waitFor({ timeout: STEP_TIMEOUT });
    await page.locator('.outline-pane .monaco-list-row', { hasText: 'ethernet0' }).first().waitFor({ timeout: STEP_TIMEOUT });
    // Focus back on the editor so no view header wears a focus ring.
    await runCommand(page, 'View: Focus Active Editor Group');
    await shoot(page, 'outline.png');

    // 4. Hover on a mask flag: the 0 that hides AVX (bit 28 of cpuid.1.ecx).
    // Mouse hovers are off (see SETTINGS); Ctrl+K Ctrl+I ("Show or Focus
    // Hover") shows the very same hover at the cursor. The side bar is closed
    // so the hover is wide, and its bottom edge is dragged down (as a user
    // resizes it) so the whole hover shows without a scroll bar.
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'masks.vmx', 'cpuid.1.ecx');
    await waitForCodeLens(page);
    await goTo(page, await flagPosition('masks.vmx', 'cpuid.1.ecx', 28));
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'View: Focus Active Editor Group');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-resizable-hover', { hasText: 'ECX[28]' }).first();
    await hover.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    // The facts table is the last block but two; wait for it to be rendered.
    await hover.locator('table', { hasText: 'Vendors' }).waitFor({ timeout: STEP_TIMEOUT });
    await showWholeHover(page, hover);
    await shootAsIs(page, 'hover.png');
    // A hover that closed while the picture was taken would leave a picture without it.
    if (!(await hover.isVisible())) throw new Error('the hover closed before the screenshot was taken');
    await page.keyboard.press('Escape');

    // 5. Inlay hints: after each mask, what it changes (features hidden, host
    // values required, the CPU signature it forces).
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'ci-runner.vmx', 'cpuid.7.0.ebx');
    await waitForColouredLine(page, 'cpuid.7.0.ebx');
    await waitForCodeLens(page);
    for (const hint of ['model 85', 'host:VMX', '\u2212AVX512F']) {
      await page.locator('.editor-instance .view-lines', { hasText: hint }).waitFor({ timeout: STEP_TIMEOUT });
    }
    await goTo(page, '1:1');
    await shoot(page, 'inlay-hints.png');

    // 6. vMotion compatibility: evc/cluster.vmx sits below evc/.vmx-cpuid.json
    // (source intel-skylake; targets Sandy Bridge, Broadwell, Ice Lake). The
    // lens on its first line counts the targets it moves to; the quick-fix
    // menu on the forced AVX2 flag offers to make it compatible with the
    // target that lacks AVX2.
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'cluster.vmx', 'cpuid.7.0.ebx');
    await waitForColouredLine(page, 'cpuid.7.0.ebx');
    await page
      .locator('.editor-instance .codelens-decoration', { hasText: 'moves to 2 of 3 targets' })
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: STEP_TIMEOUT });
    await goTo(page, await flagPosition('evc/cluster.vmx', 'cpuid.7.0.ebx', 5));
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'View: Focus Active Editor Group');
    await page.keyboard.press('Control+.');
    await page
      .locator('.action-widget .monaco-list-row', { hasText: 'Make compatible with intel-sandybridge' })
      .waitFor({ timeout: STEP_TIMEOUT });
    // Clearing notifications would close the menu; take this one as it is.
    await shootAsIs(page, 'code-lens.png');
    await page.keyboard.press('Escape');
  } catch (err) {
    log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    if (page) {
      // What the page looked like when the step gave up; kept out of docs/.
      const file = path.join(REPO_ROOT, 'test-results', 'screenshots-failure.png');
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
