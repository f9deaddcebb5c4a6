import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { VERSION } from '../../server/src/version';
import { distFile } from '../support/repo';
import { initialize, startServer } from '../support/lsp';

describe('protocol: lifecycle', () => {
  test('initialize announces the capabilities; requests for an unopened document answer empty; shutdown/exit ends with code 0', async () => {
    const server = startServer();
    try {
      const result = await initialize(server);
      const caps = result.capabilities as {
        textDocumentSync: { openClose: boolean; change: number };
        documentSymbolProvider: unknown;
        foldingRangeProvider: unknown;
        codeActionProvider: { codeActionKinds: string[] };
      };
      assert.equal(caps.textDocumentSync.openClose, true);
      assert.equal(caps.textDocumentSync.change, 2, 'incremental sync');
      assert.ok(caps.documentSymbolProvider);
      assert.ok(caps.foldingRangeProvider);
      assert.ok(caps.codeActionProvider.codeActionKinds.includes('quickfix'));
      assert.ok(caps.codeActionProvider.codeActionKinds.includes('source.fixAll.vmx-cpuid'));
      assert.deepEqual(result.serverInfo, { name: 'vmx-cpuid-language-server', version: VERSION });

      const textDocument = { uri: 'file:///never/opened.vmx' };
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      assert.deepEqual(await server.connection.sendRequest('textDocument/documentSymbol', { textDocument }), []);
      assert.deepEqual(await server.connection.sendRequest('textDocument/foldingRange', { textDocument }), []);
      assert.deepEqual(await server.connection.sendRequest('textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }), []);
    } finally {
      assert.equal(await server.stop(), 0, `server stderr: ${server.stderr()}`);
    }
    assert.equal(server.stderr(), '', 'nothing on stderr');
  });

  test('without a transport argument the server prints its usage and exits 2', () => {
    const r = spawnSync(process.execPath, [distFile('server.js')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--stdio/);
  });
});
