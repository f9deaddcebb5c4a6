// A small LSP client over stdio for the benchmark (same approach as
// test/support/lsp.ts): spawns `node dist/server.js --stdio` and speaks
// JSON-RPC with vscode-jsonrpc from the project's node_modules.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const live = new Set();

/** Kills every server this module started that is still running (after a failure). */
export function killAllServers() {
  for (const proc of live) if (proc.exitCode === null) proc.kill();
  live.clear();
}

export function startLspServer(projectRoot, settings, serverJs = path.join(projectRoot, 'dist', 'server.js')) {
  const req = createRequire(path.join(projectRoot, 'package.json'));
  const rpc = req('vscode-jsonrpc/node');
  const t0 = performance.now();
  // Started as the VS Code client starts it: with the node flags of package.json ("vmxCpuidServer").
  const nodeFlags = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).vmxCpuidServer?.nodeFlags ?? [];
  const proc = spawn(process.execPath, [...nodeFlags, serverJs, '--stdio'], { cwd: projectRoot, stdio: 'pipe' });
  live.add(proc);
  proc.on('exit', () => live.delete(proc));
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const waiters = [];
  const published = [];
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    const at = performance.now();
    published.push({ ...p, at });
    for (const w of [...waiters]) {
      if (w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve({ params: p, at });
      }
    }
  });
  const logs = [];
  connection.onNotification('window/logMessage', (m) => {
    if (m.type <= 2) logs.push(m.message); // errors and warnings: shown when a wait times out
  });
  connection.onRequest('workspace/configuration', (p) => p.items.map((item) => (item.section === 'vmxCpuid' ? settings : null)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/inlayHint/refresh', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.listen();

  return {
    startedAt: t0,
    proc,
    connection,
    published,
    stderr: () => stderr,
    /** Resolves with { params, at } of the first publication (past or future) that satisfies accept. */
    waitForDiagnostics(accept, timeoutMs = 60000, what = 'publishDiagnostics') {
      const already = published.find(accept);
      if (already) return Promise.resolve({ params: already, at: already.at });
      return new Promise((resolve, reject) => {
        const w = {
          accept,
          resolve: (x) => {
            clearTimeout(timer);
            resolve(x);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          const last = published.slice(-3).map((p) => `${p.uri.split('/').pop()} v${p.version} (${p.diagnostics.length})`).join(', ');
          reject(new Error(`${what}: no matching publishDiagnostics within ${timeoutMs} ms (server ${proc.exitCode === null ? 'running' : `exited ${proc.exitCode}`}; last publications: ${last || 'none'}); server stderr: ${stderr.slice(-500)}; server errors logged: ${logs.slice(-3).join(' | ').slice(-1500) || 'none'}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    async initialize() {
      const result = await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {
          textDocument: {
            synchronization: { dynamicRegistration: false },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
          },
          workspace: { configuration: true },
        },
        workspaceFolders: null,
      });
      await connection.sendNotification('initialized', {});
      return result;
    },
    didOpen(uri, text, version = 1) {
      return connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version, text } });
    },
    didChange(uri, version, contentChanges) {
      return connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    },
    hover(uri, position) {
      return connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    },
    /** Resident set size of the server process, in MB (Linux /proc; undefined elsewhere). */
    rssMb() {
      try {
        const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
        const kb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm'))?.[1]);
        return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (proc.exitCode === null) {
        try {
          await connection.sendRequest('shutdown');
          await connection.sendNotification('exit');
        } catch {
          proc.kill();
        }
      }
      const timer = setTimeout(() => proc.kill(), 5000);
      const code = await exited;
      clearTimeout(timer);
      connection.dispose();
      return code;
    },
  };
}
