#!/usr/bin/env node
// Runs the compiled e2e suite inside a real VS Code (code-server 4.100.3,
// VS Code 1.100.3) driven by headless Chromium, and exits with the suite's
// exit code. The workbench loads the extension from source
// (extensionDevelopmentPath), requires extensionTestsPath and awaits its
// run(); it reports through window.codeAutomationLog / codeAutomationExit,
// which we expose to the page before it loads.
//
// Usage: node test/vscode/run-code-server.mjs [--workspace DIR] [--tests FILE]
//          [--extension DIR] [--timeout SECONDS] [--verbose]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { REPO_ROOT, launchChromium, log, remoteUri, startCodeServer, workbenchUrl } from './code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    workspace: { type: 'string', default: path.join(REPO_ROOT, 'test/e2e/fixtures') },
    tests: { type: 'string', default: path.join(REPO_ROOT, 'out/test/e2e/index.js') },
    extension: { type: 'string', default: REPO_ROOT },
    timeout: { type: 'string', default: '600' },
    // Also relay code-server's own output and the page's console.
    verbose: { type: 'boolean', default: false },
  },
});
const workspace = path.resolve(opts.workspace);
const testsPath = path.resolve(opts.tests);
const extensionPath = path.resolve(opts.extension);
const timeoutMs = Number(opts.timeout) * 1000;

function fail(message) {
  log(`FAILED: ${message}`);
  process.exitCode = 1;
}

async function main() {
  if (!(timeoutMs > 0)) {
    return fail(`--timeout must be a positive number of seconds, got ${JSON.stringify(opts.timeout)}`);
  }
  if (!existsSync(testsPath)) {
    return fail(`compiled suite ${testsPath} not found: run \`npx tsc -b test/e2e\` first`);
  }
  if (!existsSync(path.join(extensionPath, 'package.json'))) {
    return fail(`no package.json in extension folder ${extensionPath}`);
  }

  let server;
  let browser;
  let timer;
  // Cleanup on Ctrl+C / CI cancellation too: never leave code-server or
  // Chromium behind.
  const cleanup = async () => {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await server?.stop();
  };
  const onSignal = (signal) => {
    log(`received ${signal}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = await startCodeServer({ workspace, verbose: opts.verbose });
    browser = await launchChromium();
    const page = await browser.newPage();

    let settle;
    const result = new Promise((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Rejections may come before we await `result`; mark them handled here
    // and let the `await result` below surface them.
    result.catch(() => {});
    timer = setTimeout(
      () => settle.reject(new Error(`no result from the workbench within ${timeoutMs / 1000} s (hard timeout)`)),
      timeoutMs,
    );
    server.exited.then((info) => settle.reject(new Error(`code-server exited while tests ran (${JSON.stringify(info)})`)));
    page.on('crash', () => settle.reject(new Error('the workbench page crashed')));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The extension host forwards console calls as printf-style argument
      // lists (mocha's reporter logs '%s%s', ...); format them like Node would.
      const text = Array.isArray(args) ? format(...args) : String(args);
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle.resolve({ code: Number(code) }));
    page.on('pageerror', (err) => log(`page error: ${err.message}`));
    if (opts.verbose) page.on('console', (msg) => log(`page console.${msg.type()}: ${msg.text()}`));

    const url = workbenchUrl(server, {
      folder: workspace,
      payload: [
        ['extensionDevelopmentPath', remoteUri(server, extensionPath)],
        ['extensionTestsPath', remoteUri(server, testsPath)],
        ['skipWelcome', 'true'],
      ],
    });
    log(`opening workbench: ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });

    const { code } = await result;
    if (code === 0) {
      log('suite passed (exit code 0)');
    } else {
      fail(`suite reported exit code ${code}`);
      // The workbench may report a failure before the suite even ran.
      if (!opts.verbose) log(`code-server output (tail):\n${server.output().slice(-4000)}`);
      process.exitCode = Number.isInteger(code) && code > 0 && code < 256 ? code : 1;
    }
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
    if (server && !opts.verbose) log(`code-server output (tail):\n${server.output().slice(-4000)}`);
  } finally {
    await cleanup();
  }
}

await main();
