import * as assert from 'node:assert/strict';
import { closeAllEditors, lineStartingWith, openFixture, waitForDiagnostic } from './helpers';

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
