import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type CodeAction, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import { rangeOf, rangesOf } from '../support/caret';
import { applyEdits } from '../support/applyEdits';
import { didOpen, initialize, startServer, type TestServer } from '../support/lsp';

describe('protocol: an open document', () => {
  let server: TestServer;
  before(async () => {
    server = startServer();
    await initialize(server);
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  const uri = 'file:///work/vm/problems.vmx';
  const text = ['.encoding = "UTF-8"', 'displayName = “My VM”', 'numvcpus = "1"', 'NumVCPUs = "2"', 'ethernet0.present = "TRUE"', 'ethernet0.virtualDev = "e1000e"', ''].join('\n');

  test('didOpen publishes the diagnostics of version 1 with their codes and ranges', async () => {
    await didOpen(server, uri, text, 1);
    const published = await server.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
    const d = published.diagnostics;
    assert.deepEqual(d.map((x) => x.code), ['typographic-quote', 'duplicate-key']);
    assert.deepEqual(
      d.map((x) => x.range),
      rangesOf(text, ['.encoding = "UTF-8"', 'displayName = [[“My VM”]]', 'numvcpus = "1"', '[[NumVCPUs]] = "2"', 'ethernet0.present = "TRUE"', 'ethernet0.virtualDev = "e1000e"', ''].join('\n')),
    );
    assert.deepEqual(d.map((x) => x.severity), [DiagnosticSeverity.Error, DiagnosticSeverity.Error]);
    assert.ok(d.every((x) => x.source === 'vmx-cpuid'));
    assert.deepEqual(d[1]!.relatedInformation?.map((r) => [r.location.uri, r.location.range]), [[uri, rangeOf(text, text.replace('numvcpus = "1"', '[[numvcpus]] = "1"'))]]);
  });

  test('documentSymbol, foldingRange and codeAction answer for the open document', async () => {
    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]), [
      ['.encoding', []],
      ['displayName', []],
      ['numvcpus', []],
      ['NumVCPUs', []],
      ['ethernet0', ['ethernet0.present', 'ethernet0.virtualDev']],
    ]);
    assert.deepEqual(symbols[4]!.range, { start: { line: 4, character: 0 }, end: { line: 5, character: 'ethernet0.virtualDev = "e1000e"'.length } });

    const folding = (await server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as FoldingRange[];
    assert.deepEqual(folding, [{ startLine: 4, endLine: 5 }]);

    const at = { start: { line: 1, character: 16 }, end: { line: 1, character: 16 } };
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: at, context: { diagnostics: [] } })) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.kind), ['quickfix', 'source.fixAll.vmx-cpuid']);
    assert.equal(applyEdits(text, actions[0]!.edit!.changes![uri]!), text.replace('“My VM”', '"My VM"'));

    const onlyFixAll = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: at, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
    assert.deepEqual(onlyFixAll.map((a) => a.kind), ['source.fixAll.vmx-cpuid']);
  });

  test('incremental didChange: the new version gets new diagnostics and none of the old ones', async () => {
    // Fix the quotes (line 1) and delete the duplicate (line 3), in two content changes.
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 1, character: 14 }, end: { line: 1, character: 21 } }, text: '"My VM"' },
        { range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, text: 'memsize 4096\n' },
      ],
    });
    const v2 = await server.waitForDiagnostics((p) => p.uri === uri && p.version === 2);
    assert.deepEqual(v2.diagnostics.map((d) => [d.code, d.range.start.line]), [['malformed-line', 3]]);

    // A burst of changes sent without waiting: only the newest version matters.
    const pos = (line: number, character: number) => ({ line, character });
    const burst = [
      { range: { start: pos(3, 0), end: pos(3, 0) }, text: 'x' }, // v3: xmemsize 4096
      { range: { start: pos(3, 0), end: pos(3, 1) }, text: '' }, // v4: memsize 4096
      { range: { start: pos(3, 7), end: pos(3, 7) }, text: ' =' }, // v5: memsize = 4096
    ];
    for (const [i, change] of burst.entries()) {
      void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 + i }, contentChanges: [change] });
    }
    const v5 = await server.waitForDiagnostics((p) => p.uri === uri && p.version === 5);
    assert.deepEqual(v5.diagnostics, []);
    await new Promise((r) => setTimeout(r, 100));
    const forUri = server.published.filter((p) => p.uri === uri);
    assert.equal(forUri[forUri.length - 1]!.version, 5, 'no stale publication after the newest version');
    assert.ok(forUri.every((p, i) => i === 0 || (p.version ?? 0) >= (forUri[i - 1]!.version ?? 0)), 'versions never go backwards');

    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.ok(symbols.some((s) => s.name === 'memsize'), 'requests see the changed text');
  });

  test('didClose clears the diagnostics and the document is then unknown', async () => {
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const cleared = await server.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.length === 0 && p.version === undefined);
    assert.deepEqual(cleared.diagnostics, []);
    assert.deepEqual(await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), []);
  });

  test('line ends are counted as the client counts them: a lone \\r ends a line', async () => {
    const crUri = 'file:///work/vm/old-mac.vmx';
    const crText = '# saved on a classic Mac\rdisplayName = Windows 10\r\nmemsize = "1"';
    await didOpen(server, crUri, crText, 1);
    const p = await server.waitForDiagnostics((x) => x.uri === crUri);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range]), [['malformed-line', rangeOf(crText, '# saved on a classic Mac\rdisplayName = Windows [[10]]\r\nmemsize = "1"')]]);
    assert.deepEqual(p.diagnostics[0]!.range.start, { line: 1, character: 22 });
  });

  test('a second document is independent of the first', async () => {
    const other = 'file:///work/vm/other.vmtx';
    await didOpen(server, other, 'displayName = "{{ NAME }}"\n', 7);
    const p = await server.waitForDiagnostics((x) => x.uri === other);
    assert.equal(p.version, 7);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['template-placeholder', DiagnosticSeverity.Information]]);
  });
});
