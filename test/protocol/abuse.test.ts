/**
 * Abuse of the built server over stdio (`node dist/server.js --stdio`):
 * malformed JSON-RPC framing and bodies, unknown methods, requests for
 * documents that were never opened, cancellation, and a burst of 1,000
 * didChange notifications (final diagnostics match the final text; the
 * resident memory before and after is printed and bounded).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { didOpen, initialize, startServer, type TestServer } from '../support/lsp';
import { distFile, REPO_ROOT } from '../support/repo';
import { modelOf } from '../support/model';
import { computeDiagnostics } from '../../server/src/features/diagnostics';

// ------------------------------------------------------------ a raw stdio peer

interface RawMessage {
  id?: number | string | null;
  method?: string;
  result?: unknown;
  error?: { code: number; message: string };
}

interface RawServer {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly messages: RawMessage[];
  stderr(): string;
  write(bytes: string | Buffer): void;
  send(message: object): void;
  /** The response to request `id`, or undefined when none arrives in time (or the process exits). */
  response(id: number, timeoutMs?: number): Promise<RawMessage | undefined>;
  /** Resolves with the exit code (null when killed), or 'running' when still alive after timeoutMs. */
  exit(timeoutMs: number): Promise<number | null | 'running'>;
  kill(): void;
}

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** Spawns the server and parses what it writes with a minimal LSP framer of our own. */
function spawnRaw(): RawServer {
  const proc = spawn(process.execPath, [distFile('server.js'), '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d: string) => (stderr += d));
  proc.stdin.on('error', () => undefined); // writing to a server that exited
  const messages: RawMessage[] = [];
  const listeners = new Set<() => void>();
  let buffer = Buffer.alloc(0);
  proc.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) break;
      const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (!Number.isFinite(length) || buffer.length < headerEnd + 4 + length) break;
      messages.push(JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as RawMessage);
      buffer = buffer.subarray(headerEnd + 4 + length);
    }
    for (const l of [...listeners]) l();
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      exitCode = code;
      for (const l of [...listeners]) l();
      resolve(code);
    }),
  );
  return {
    proc,
    messages,
    stderr: () => stderr,
    write: (bytes) => {
      if (exitCode === undefined) proc.stdin.write(bytes);
    },
    send(message) {
      this.write(frame(message));
    },
    response(id, timeoutMs = 5000) {
      return new Promise((resolve) => {
        const check = () => {
          const found = messages.find((m) => m.id === id && (m.result !== undefined || m.error !== undefined || 'result' in m));
          if (found || exitCode !== undefined) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          resolve(undefined);
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async exit(timeoutMs) {
      if (exitCode !== undefined) return exitCode;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const r = await Promise.race([exited, new Promise<'running'>((resolve) => (timer = setTimeout(() => resolve('running'), timeoutMs)))]);
      clearTimeout(timer);
      return r;
    },
    kill() {
      if (exitCode === undefined) proc.kill();
    },
  };
}

const INITIALIZE = (id: number) => ({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });

/** A crash or a flood of stack traces on stderr: what a client would show its user. */
function assertNoStackFlood(stderr: string, what: string): void {
  const frames = stderr.split('\n').filter((l) => /^\s+at /.test(l)).length;
  assert.ok(frames <= 40 && stderr.length < 20_000, `${what}: stderr has ${frames} stack frames, ${stderr.length} characters:\n${stderr.slice(0, 2000)}`);
}

/** After the abuse: the server either still answers (when framing allows) or exited by itself without crashing. */
async function survivesOrExitsCleanly(server: RawServer, what: string, mustAnswer: boolean): Promise<string> {
  server.send(INITIALIZE(99));
  const answer = await server.response(99, 4000);
  let outcome: string;
  if (answer) {
    assert.ok(answer.result !== undefined, `${what}: initialize after the abuse failed: ${JSON.stringify(answer)}`);
    outcome = 'still answering';
  } else {
    assert.ok(!mustAnswer, `${what}: the server no longer answers although the framing allows it\nstderr: ${server.stderr().slice(0, 2000)}`);
    server.proc.stdin.end();
    const code = await server.exit(5000);
    assert.notEqual(code, 'running', `${what}: the server neither answers nor exits when its input ends`);
    outcome = `exited with code ${String(code)}`;
  }
  assertNoStackFlood(server.stderr(), what);
  server.kill();
  return outcome;
}

describe('protocol abuse: malformed JSON-RPC', () => {
  const servers: RawServer[] = [];
  after(() => servers.forEach((s) => s.kill()));
  const raw = () => {
    const s = spawnRaw();
    servers.push(s);
    return s;
  };

  test('an invalid JSON body with a correct Content-Length: a parse error at most, then normal answers', async () => {
    const s = raw();
    const body = Buffer.from('{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {', 'utf8');
    s.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    const outcome = await survivesOrExitsCleanly(s, 'invalid JSON body', true);
    console.log(`invalid JSON body → ${outcome}`);
  });

  test('a JSON body that is not a JSON-RPC message (array, number, missing method)', async () => {
    const s = raw();
    for (const bad of ['[]', '42', '"x"', 'null', '{"jsonrpc":"2.0","id":5}', '{"jsonrpc":"2.0","id":6,"method":7}', '{"jsonrpc":"1.0","method":"initialized"}']) {
      const body = Buffer.from(bad, 'utf8');
      s.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
    }
    const outcome = await survivesOrExitsCleanly(s, 'non-JSON-RPC bodies', true);
    console.log(`non-JSON-RPC bodies → ${outcome}`);
  });

  test('a request with invalid params for a known method is answered, not a crash', async () => {
    const s = raw();
    s.send(INITIALIZE(1));
    assert.ok((await s.response(1))?.result, 'initialize');
    s.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    s.send({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: null, position: 'x' } });
    s.send({ jsonrpc: '2.0', id: 3, method: 'textDocument/codeAction', params: {} });
    s.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'untitled:x' } } });
    s.send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'untitled:never-opened', version: 2 }, contentChanges: [{ text: 'a = "1"' }] } });
    s.send({ jsonrpc: '2.0', id: 4, method: 'textDocument/documentSymbol', params: { textDocument: { uri: 'untitled:x' } } });
    for (const id of [2, 3, 4]) assert.ok(await s.response(id), `no answer to request ${id}\nstderr: ${s.stderr().slice(0, 2000)}`);
    const outcome = await survivesOrExitsCleanly(s, 'invalid params', true);
    console.log(`invalid params → ${outcome}`);
  });

  test('a bad Content-Length header (not a number): survives or exits cleanly', async () => {
    const s = raw();
    s.write('Content-Length: abc\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}');
    const outcome = await survivesOrExitsCleanly(s, 'bad Content-Length', false);
    console.log(`bad Content-Length → ${outcome}`);
  });

  test('a Content-Length shorter than the body: survives or exits cleanly', async () => {
    const s = raw();
    s.write('Content-Length: 10\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}');
    const outcome = await survivesOrExitsCleanly(s, 'short Content-Length', false);
    console.log(`short Content-Length → ${outcome}`);
  });

  test('a header without a Content-Length: survives or exits cleanly', async () => {
    const s = raw();
    s.write('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}');
    const outcome = await survivesOrExitsCleanly(s, 'no Content-Length', false);
    console.log(`no Content-Length → ${outcome}`);
  });

  test('garbage bytes: survives or exits cleanly', async () => {
    const s = raw();
    const garbage = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < garbage.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      garbage[i] = x & 0xff;
    }
    s.write(garbage);
    s.write('\r\n\r\n\x00\xff\xfe not a header at all\r\n\r\n');
    const outcome = await survivesOrExitsCleanly(s, 'garbage bytes', false);
    console.log(`garbage bytes → ${outcome}`);
  });

  test('a huge announced Content-Length, then the input ends: the server exits', async () => {
    const s = raw();
    s.write('Content-Length: 999999999\r\n\r\n{"jsonrpc":');
    s.proc.stdin.end();
    const code = await s.exit(5000);
    assert.notEqual(code, 'running', 'the server keeps running after its input ended');
    assertNoStackFlood(s.stderr(), 'huge Content-Length');
    console.log(`huge Content-Length then EOF → exit code ${String(code)}`);
  });
});

describe('protocol abuse: requests', () => {
  let server: TestServer;
  after(async () => {
    await server?.stop();
  });

  test('initialize', async () => {
    server = startServer();
    await initialize(server);
  });

  test('unknown requests get MethodNotFound; unknown notifications are ignored', async () => {
    for (const method of ['vmx/doesNotExist', 'textDocument/notAThing', 'vmxCpuid/unknown', '$/unknownRequest']) {
      await assert.rejects(server.connection.sendRequest(method, { x: 1 }), (err: { code?: number }) => {
        assert.equal(err.code, -32601, `${method}: ${JSON.stringify(err)}`);
        return true;
      });
    }
    await server.connection.sendNotification('vmx/unknownNotification', { x: 1 });
    await server.connection.sendNotification('$/unknownNotification', {});
    assert.equal(server.process.exitCode, null, 'the server exited');
    const symbols = await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'untitled:none' } });
    assert.deepEqual(symbols, []);
  });

  test('requests for documents that were never opened get empty results', async () => {
    const uri = 'file:///never/opened.vmx';
    const textDocument = { uri };
    const position = { line: 0, character: 0 };
    const range = { start: position, end: { line: 3, character: 0 } };
    const c = server.connection;
    assert.equal(await c.sendRequest('textDocument/hover', { textDocument, position }), null);
    const completion = await c.sendRequest('textDocument/completion', { textDocument, position });
    assert.ok(completion === null || (Array.isArray(completion) && completion.length === 0), JSON.stringify(completion));
    assert.deepEqual(await c.sendRequest('textDocument/documentSymbol', { textDocument }), []);
    assert.deepEqual(await c.sendRequest('textDocument/foldingRange', { textDocument }), []);
    assert.deepEqual(await c.sendRequest('textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }), []);
    assert.deepEqual(await c.sendRequest('textDocument/codeLens', { textDocument }), []);
    assert.deepEqual(await c.sendRequest('textDocument/inlayHint', { textDocument, range }), []);
    assert.equal(await c.sendRequest('vmxCpuid/compatibilityMatrix', { uri }), null);
    const info = (await c.sendRequest('vmxCpuid/configuration', { uri })) as { targets: unknown[] };
    assert.ok(Array.isArray(info.targets));
    // Closing and changing a document that is not open.
    await c.sendNotification('textDocument/didClose', { textDocument });
    await c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: 'x' }] });
    assert.deepEqual(await c.sendRequest('textDocument/documentSymbol', { textDocument }), []);
  });

  test('cancelled requests are answered (result or RequestCancelled) and the server goes on', async () => {
    const uri = 'untitled:cancel.vmx';
    const text = Array.from({ length: 400 }, (_, i) => `cpuid.${(i % 50).toString(16)}.ecx = "----:----:----:----:----:----:--0-:----"`).join('\n');
    await didOpen(server, uri, text);
    const outcomes: string[] = [];
    const requests: Promise<void>[] = [];
    for (let i = 0; i < 30; i++) {
      const source = new CancellationTokenSource();
      const method = ['textDocument/hover', 'textDocument/codeAction', 'textDocument/documentSymbol', 'textDocument/completion'][i % 4]!;
      const params =
        method === 'textDocument/codeAction'
          ? { textDocument: { uri }, range: { start: { line: i, character: 0 }, end: { line: i + 1, character: 0 } }, context: { diagnostics: [] } }
          : { textDocument: { uri }, position: { line: i, character: 20 } };
      requests.push(
        server.connection.sendRequest(method, params, source.token).then(
          () => void outcomes.push('result'),
          (err: { code?: number }) => {
            assert.equal(err.code, -32800, `cancelled ${method} failed otherwise: ${JSON.stringify(err)}`);
            outcomes.push('cancelled');
          },
        ),
      );
      if (i % 3 !== 2) source.cancel(); // most are cancelled at once, some never
    }
    await Promise.all(requests);
    assert.equal(outcomes.length, 30);
    console.log(`30 requests, most cancelled at once: ${outcomes.filter((o) => o === 'result').length} answered, ${outcomes.filter((o) => o === 'cancelled').length} cancelled`);
    // A $/cancelRequest for an id that does not exist is harmless.
    await server.connection.sendNotification('$/cancelRequest', { id: 987654 });
    await server.connection.sendNotification('$/cancelRequest', { id: 'nope' });
    const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 18 } });
    assert.ok(hover, 'no hover after the cancellations');
  });
});

// ------------------------------------------------------------ 1,000 rapid changes

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, 'no VmRSS in /proc/<pid>/status');
  return Number(m[1]);
}

function summary(d: readonly Diagnostic[]): string[] {
  return d.map((x) => `${String(x.code)} ${x.range.start.line}:${x.range.start.character}-${x.range.end.line}:${x.range.end.character} ${x.severity} ${x.message}`).sort();
}

describe('protocol abuse: 1,000 rapid didChange notifications', { skip: !fs.existsSync('/proc/self/status') && 'needs /proc' }, () => {
  let server: TestServer;
  after(async () => {
    await server?.stop();
  });

  test('no crash, final diagnostics match the final text, bounded memory', async () => {
    server = startServer();
    await initialize(server);
    const uri = 'untitled:burst.vmx';
    let text = 'numvcpus = "2"\ncpuid.1.ecx = "----:----:----:----:----:----:--0-:----"\n';
    let version = 1;
    await didOpen(server, uri, text, version);
    const lines = () => text.split(/\r\n|\r|\n/);

    /** One edit of the burst: append a setting, retype a flag, add a typographic quote, delete a line. */
    const change = (i: number) => {
      const ls = lines();
      let range;
      let newText: string;
      const kind = i % 5;
      if (kind === 0 || ls.length < 4) {
        const line = ls.length - 1;
        range = { start: { line, character: 0 }, end: { line, character: 0 } };
        newText = i % 7 === 0 ? `numvcpus = "${i}"\n` : `cpuid.${(i % 40).toString(16)}.ecx = “----:----:----:----:----:----:--${i % 2}-:——--”\n`;
      } else if (kind === 1) {
        range = { start: { line: 1, character: 15 + (i % 39) }, end: { line: 1, character: 16 + (i % 39) } };
        newText = ['0', '1', 'H', '-', 'x', '\u2014'][i % 6]!;
        if (1 >= ls.length || ls[1]!.length < 16 + (i % 39)) {
          range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
          newText = '# ';
        }
      } else if (kind === 2) {
        range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        newText = `# burst ${i} “quoted”\r\n`;
      } else {
        const line = 2 + (i % Math.max(1, ls.length - 3));
        range = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
        newText = kind === 3 ? '' : `featMask.vm.cpuid.AVX${i % 3 === 0 ? '' : '2'} = "Val:${i % 2}"\n`;
      }
      // Apply it to our copy the way the server does (positions are LSP positions; \r\n and \n both end lines).
      const starts = [0];
      for (let k = 0; k < text.length; k++) {
        if (text[k] === '\r' && text[k + 1] === '\n') k++;
        if (text[k] === '\n' || text[k] === '\r') starts.push(k + 1);
      }
      const offset = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
      text = text.slice(0, offset(range.start)) + newText + text.slice(offset(range.end));
      version++;
      return server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
    };

    // Warm up (JIT, caches) before the first reading.
    for (let i = 0; i < 100; i++) void change(i);
    await server.waitForDiagnostics((p) => p.uri === uri && p.version === version, 30_000);
    const before = rssKb(server.process.pid!);

    const sends: Promise<void>[] = [];
    for (let i = 100; i < 1100; i++) sends.push(change(i));
    await Promise.all(sends);
    const final = await server.waitForDiagnostics((p) => p.uri === uri && p.version === version, 60_000);
    const hover = await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(hover), 'the server does not answer after the burst');
    const afterKb = rssKb(server.process.pid!);
    console.log(`server RSS before the burst: ${(before / 1024).toFixed(1)} MB; after 1,000 didChange: ${(afterKb / 1024).toFixed(1)} MB (growth ${((afterKb - before) / 1024).toFixed(1)} MB); final text ${text.length} characters, ${final.diagnostics.length} diagnostics`);

    assert.equal(server.process.exitCode, null, 'the server exited');
    assert.ok(afterKb - before < 100 * 1024, `RSS grew by ${((afterKb - before) / 1024).toFixed(1)} MB`);
    const expected = computeDiagnostics(modelOf(text));
    assert.deepEqual(summary(final.diagnostics), summary(expected));
    assertNoStackFlood(server.stderr(), 'burst');
  });
});
