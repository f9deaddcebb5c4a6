import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeDiagnostics, DIAGNOSTIC_SOURCE, MAX_DIAGNOSTICS } from '../../../server/src/features/diagnostics';
import { rangesOf } from '../../support/caret';
import { modelOf, TEST_URI } from '../../support/model';

describe('feature: diagnostics', () => {
  test('each problem becomes a diagnostic with its code, range, message, LSP severity and source vmx-cpuid', () => {
    const text = 'numvcpus = "1"\nNumVCPUs = "2"\ndisplayName = "{{ NAME }}"\n.encoding = "klingon"\nhint me\n';
    const model = modelOf(text, { rules: { 'malformed-line': 'hint' } });
    const diagnostics = computeDiagnostics(model);
    assert.equal(DIAGNOSTIC_SOURCE, 'vmx-cpuid');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.source]),
      [
        ['duplicate-key', DiagnosticSeverity.Error, 'vmx-cpuid'],
        ['template-placeholder', DiagnosticSeverity.Information, 'vmx-cpuid'],
        ['unknown-encoding', DiagnosticSeverity.Warning, 'vmx-cpuid'],
        ['malformed-line', DiagnosticSeverity.Hint, 'vmx-cpuid'],
      ],
    );
    assert.deepEqual(
      diagnostics.map((d) => d.range),
      rangesOf(text, 'numvcpus = "1"\n[[NumVCPUs]] = "2"\ndisplayName = "[[{{ NAME }}]]"\n.encoding = "[[klingon]]"\n[[hint me]]\n'),
    );
    assert.deepEqual(diagnostics.map((d) => d.message), model.problems.map((p) => p.message));
  });

  test('related locations point into the same document', () => {
    const text = 'numvcpus = "1"\nNumVCPUs = "2"\n';
    const [d] = computeDiagnostics(modelOf(text));
    assert.deepEqual(d!.relatedInformation, [
      { location: { uri: TEST_URI, range: rangesOf(text, '[[numvcpus]] = "1"\nNumVCPUs = "2"\n')[0] }, message: '"numvcpus" = "1" (line 1)' },
    ]);
  });

  test('no relatedInformation property when a problem has none; a clean file has no diagnostics', () => {
    const [d] = computeDiagnostics(modelOf('bad line'));
    assert.equal('relatedInformation' in d!, false);
    assert.deepEqual(computeDiagnostics(modelOf('.encoding = "UTF-8"\nmemsize = "4096"\n')), []);
  });
});

describe('feature: diagnostics of a very large file are capped with a note', () => {
  test('more than MAX_DIAGNOSTICS problems: errors first, in position order, and a note on the first line says how many', () => {
    // 1,200 hints (non-canonical masks) first, then 900 errors (a key repeated 901 times).
    const hints = Array.from({ length: 1200 }, (_, i) => `cpuid.${(i + 1).toString(16)}.eax = "-------------------------------0"`);
    const errors = Array.from({ length: 901 }, () => 'numvcpus = "2"');
    const model = modelOf([...hints, ...errors, ''].join('\n'));
    assert.equal(model.problems.length, 2100);
    const shown = computeDiagnostics(model);
    assert.equal(shown.length, MAX_DIAGNOSTICS + 1);
    const [note, ...rest] = shown;
    assert.equal(note!.code, 'problems-capped');
    assert.equal(note!.severity, DiagnosticSeverity.Information);
    assert.deepEqual(note!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.equal(note!.message, 'Only 1,000 of the 2,100 problems of this file are shown (errors first). Run vmx-cpuid check on the file to list them all.');
    assert.equal(rest.filter((d) => d.code === 'duplicate-key').length, 900, 'every error is shown');
    assert.equal(rest.filter((d) => d.code === 'mask-format').length, 100, 'then the first hints');
    assert.deepEqual(rest.filter((d) => d.code === 'mask-format').map((d) => d.range.start.line), Array.from({ length: 100 }, (_, i) => i));
    const lines = rest.map((d) => d.range.start.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'in position order');
  });

  test('up to MAX_DIAGNOSTICS problems: all shown, no note', () => {
    const model = modelOf(Array.from({ length: MAX_DIAGNOSTICS + 1 }, () => 'numvcpus = "2"').join('\n'));
    const shown = computeDiagnostics(model);
    assert.equal(shown.length, MAX_DIAGNOSTICS);
    assert.ok(shown.every((d) => d.code === 'duplicate-key'));
  });
});
