/**
 * "Safe" fixes are applied all at once by fix-all (and by editors on save),
 * so together they must never create a problem VMware refuses to start with.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectSafeEdits } from '../../../server/src/features/codeActions';
import { applyEdits } from '../../support/applyEdits';
import { modelOf, problemsWithCode } from '../../support/model';

function fixAll(text: string): string {
  return applyEdits(text, collectSafeEdits(modelOf(text).problems));
}

describe('safe fixes', () => {
  test('renaming a mask key to the spelling of a key already present is not a safe fix (it would duplicate the key)', () => {
    const text = 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"\ncpuid.01.ecx = "----:----:----:----:----:----:----:----"\n';
    const fixed = fixAll(text);
    assert.deepEqual(problemsWithCode(fixed, 'duplicate-key'), [], `fix-all produced: ${JSON.stringify(fixed)}`);
  });

  test('two misspellings of one register are not both renamed to the same key', () => {
    const text = 'cpuid.01.ecx = "----:----:----:----:----:----:--0-:----"\ncpuid.0x1.ecx = "----:----:----:----:----:----:----:----"\n';
    assert.deepEqual(problemsWithCode(fixAll(text), 'duplicate-key'), []);
  });

  test('a lone misspelt mask key is still renamed by fix-all', () => {
    assert.equal(fixAll('cpuid.01.ECX = ""\n'), 'cpuid.1.ecx = ""\n');
  });
});
