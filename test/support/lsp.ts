/**
 * A minimal LSP client for the protocol tests: spawns the built server
 * (`node dist/server.js --stdio`) and speaks JSON-RPC to it with
 * vscode-jsonrpc, recording every publishDiagnostics notification.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { distFile, REPO_ROOT } from './repo';

export interface PublishDiagnosticsParams {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: Diagnostic[];
}

export interface TestServer {
  readonly connection: MessageConnection;
  readonly process: ChildProcessWithoutNullStreams;
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[];
  /** Everything the server wrote to stderr. */
  stderr(): string;
  /** Resolves with the first (already received or future) publication that satisfies `accept`. */
  waitForDiagnostics(accept: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** shutdown + exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function startServer(): TestServer {
  const server = distFile('server.js');
  const proc = spawn(process.execPath, [server, '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const connection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onNotification('window/logMessage', () => undefined);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();

  return {
    connection,
    process: proc,
    published,
    stderr: () => stderr,
    waitForDiagnostics(accept, timeoutMs = 5000) {
      const already = published.find(accept);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.findIndex((w) => w.resolve === done), 1);
          reject(new Error(`no matching publishDiagnostics within ${timeoutMs} ms; received: ${JSON.stringify(published.map((p) => ({ uri: p.uri, version: p.version, codes: p.diagnostics.map((d) => d.code) })))}\nserver stderr: ${stderr}`));
        }, timeoutMs);
        const done = (p: PublishDiagnosticsParams) => {
          clearTimeout(timer);
          resolve(p);
        };
        waiters.push({ accept, resolve: done });
      });
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

/** initialize + initialized, with the client capabilities the tests rely on. */
export async function initialize(server: TestServer): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } }> {
  const result = await server.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        foldingRange: { lineFoldingOnly: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
      },
      workspace: { configuration: true },
    },
    workspaceFolders: null,
  });
  await server.connection.sendNotification('initialized', {});
  return result as { capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } };
}

export function didOpen(server: TestServer, uri: string, text: string, version = 1): Promise<void> {
  return server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version, text } });
}
