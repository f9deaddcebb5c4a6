import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, DIAGNOSTIC_SOURCE, lineStartingWith, openFixture, waitForDiagnostic } from './helpers';

suite('diagnostics', () => {
  teardown(closeAllEditors);

  test('a duplicate key is reported on its later occurrence, pointing at the first', async () => {
    const document = await openFixture('duplicate-key.vmx');
    const first = lineStartingWith(document, 'cpuid.1.ecx');
    const second = lineStartingWith(document, 'cpuid.1.ecx', first + 1);

    const [diagnostic, ...others] = await waitForDiagnostic(document.uri, 'duplicate-key');
    assert.equal(others.length, 0, 'exactly one duplicate-key diagnostic: the first occurrence is not a duplicate');
    assert.equal(diagnostic.range.start.line, second, 'diagnostic is on the later occurrence');
    assert.equal(document.getText(diagnostic.range), 'cpuid.1.ecx', 'diagnostic covers the key');

    const related = diagnostic.relatedInformation ?? [];
    assert.ok(related.length > 0, 'duplicate-key carries relatedInformation');
    const pointsAtFirst = related.some(
      (info) => info.location.uri.toString() === document.uri.toString() && info.location.range.start.line === first,
    );
    assert.ok(
      pointsAtFirst,
      `relatedInformation points at line ${first}: ${JSON.stringify(related.map((r) => r.location))}`,
    );
  });

  test('a very large file shows the first 1,000 problems, errors first, with a note saying how many there are', async () => {
    // 1,100 hints (non-canonical masks), then 300 errors (a key repeated 301 times).
    const hints = Array.from({ length: 1100 }, (_, i) => `cpuid.${(i + 1).toString(16)}.eax = "-------------------------------0"`);
    const errors = Array.from({ length: 301 }, () => 'numvcpus = "2"');
    const document = await vscode.workspace.openTextDocument({ language: 'vmx', content: [...hints, ...errors, ''].join('\n') });
    await vscode.window.showTextDocument(document);
    const [note] = await waitForDiagnostic(document.uri, 'problems-capped');
    assert.equal(note!.message, 'Only 1,000 of the 1,400 problems of this file are shown (errors first). Run vmx-cpuid check on the file to list them all.');
    assert.equal(note!.severity, vscode.DiagnosticSeverity.Information);
    const ours = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
    assert.equal(ours.length, 1001);
    assert.equal(ours.filter((d) => codeOf(d) === 'duplicate-key').length, 300, 'every error is shown');
    assert.equal(ours.filter((d) => codeOf(d) === 'mask-format').length, 700, 'then the first hints');
  });

  test('a line without "=" is reported as malformed', async () => {
    const document = await openFixture('malformed.vmx');
    const line = lineStartingWith(document, 'this line has no equals sign');

    const diagnostics = await waitForDiagnostic(document.uri, 'malformed-line');
    assert.deepEqual(
      diagnostics.map((d) => d.range.start.line),
      [line],
      'one malformed-line diagnostic, on the line without "="',
    );
  });
});
