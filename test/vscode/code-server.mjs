// Shared plumbing for driving a real VS Code workbench (code-server) with
// headless Debian Chromium via playwright-core. Used by run-code-server.mjs
// (tests) and screenshots.mjs. This route exists because @vscode/test-electron
// downloads VS Code at test time, which CI machines without internet cannot.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.100.3';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags from the notes: no GPU, no background traffic, no first-run UI.
const CHROMIUM_ARGS = [
  '--no-sandbox', // running as root in a container
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage', // small /dev/shm in containers crashes tabs
];

export function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

/** Where test/vscode/install-code-server.sh put code-server (overridable). */
export function codeServerDir() {
  if (process.env.CODE_SERVER_DIR) return process.env.CODE_SERVER_DIR;
  const cache = process.env.VMX_CPUID_CACHE ?? path.join(homedir(), '.cache', 'vmx-cpuid');
  return path.join(cache, `code-server-${CODE_SERVER_VERSION}`);
}

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on `workspace` with throwaway user data and extension
 * dirs, and waits until it answers HTTP. Resolves with
 * `{ url, port, origin, stop() }`; rejects (after cleaning up) if it exits or
 * is not up within `startTimeoutMs`.
 */
export async function startCodeServer({ workspace, settings = {}, startTimeoutMs = 60_000, verbose = false }) {
  const dir = codeServerDir();
  const entry = path.join(dir, 'out', 'node', 'entry.js');
  if (!existsSync(path.join(dir, '.vmx-cpuid-install-complete')) || !existsSync(entry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${dir}: run test/vscode/install-code-server.sh`);
  }
  if (!existsSync(workspace)) throw new Error(`workspace folder ${workspace} does not exist`);

  const tmp = await mkdtemp(path.join(tmpdir(), 'vmx-cpuid-code-server-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir);
  // code-server keeps user settings on the server side, in the user data dir.
  await writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
        // No gallery is reachable offline; don't ask it for recommendations.
        'extensions.ignoreRecommendations': true,
        // The web workbench auto-saves after a delay by default: tests edit fixtures and must
        // never write them to disk.
        'files.autoSave': 'off',
        // The fixtures live in this project's git repository, a parent of the workspace folder:
        // let the git extension open it (the review tools' test compares with HEAD).
        'git.openRepositoryInParentFolders': 'always',
        ...settings,
      },
      null,
      2,
    ),
  );

  const port = await freePort();
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    workspace,
  ];
  log(`starting code-server ${CODE_SERVER_VERSION} on 127.0.0.1:${port} (workspace ${workspace})`);
  // Own process group, so stop() also ends the extension host, pty host and
  // file watcher that code-server forks.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // code-server writes config.yaml, logs and a heartbeat under the XDG
    // dirs; keep those in the throwaway dir rather than the user's home.
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(tmp, 'config'),
      XDG_DATA_HOME: path.join(tmp, 'data'),
      // No extension gallery: offline it only yields ENOTFOUND stack traces,
      // and tests must not depend on a marketplace anyway.
      EXTENSIONS_GALLERY: '{}',
    },
  });
  let output = '';
  const collect = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    if (verbose) process.stderr.write(text.replace(/^/gm, '[code-server:out] '));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // Last resort if this process exits before stop() (e.g. Ctrl+C during
  // start-up): the detached group would not get the terminal's signal.
  const killOnExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', killOnExit);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    await rm(tmp, { recursive: true, force: true });
  }

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  try {
    for (;;) {
      if (exited) {
        throw new Error(`code-server exited during start-up (${JSON.stringify(exited)}). Output:\n${output}`);
      }
      try {
        const response = await fetch(`${origin}/healthz`);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`code-server did not answer on ${origin} within ${startTimeoutMs} ms. Output:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  log(`code-server is up at ${origin}`);
  return { origin, port, stop, output: () => output, exited: exitPromise };
}

/** Launches headless Chromium; the caller closes it. */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run test/vscode/install-code-server.sh (or set CHROMIUM_PATH)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * URI of an absolute server-side path as the web workbench addresses it:
 * extension and tests run in the remote (Node) extension host that
 * code-server starts, so payload paths must be vscode-remote URIs.
 */
export function remoteUri(server, absolutePath) {
  return `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
}

/** Workbench URL opening `folder`; `payload` is a list of [key, value] string pairs. */
export function workbenchUrl(server, { folder, payload }) {
  const url = new URL(server.origin);
  url.searchParams.set('folder', folder);
  if (payload) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}
