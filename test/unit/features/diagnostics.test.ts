import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeDiagnostics, DIAGNOSTIC_SOURCE } from '../../../server/src/features/diagnostics';
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
