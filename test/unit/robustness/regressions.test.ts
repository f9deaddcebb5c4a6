/**
 * Regressions for the bugs the robustness harness found (each was a crash,
 * a memory blow-up or a fix that damaged the file).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectSafeEdits, fixAllSafe } from '../../../server/src/features/codeActions';
import { modelOf, problemsWithCode } from '../../support/model';
import { applyEdits } from '../../support/applyEdits';

describe('robustness regressions', () => {
  test('fix-all on a line with 300,000 typographic dashes does not overflow the stack', () => {
    const text = `cpuid.1.ecx = "${'\u2014'.repeat(300_000)}"\n`;
    const model = modelOf(text);
    const edits = collectSafeEdits(model.problems);
    assert.equal(edits.length, 300_000);
    assert.ok(fixAllSafe(model));
  });

  test('a key repeated 3,000 times: each duplicate-key problem lists at most 20 related places, the first among them', () => {
    const text = 'numvcpus = "2"\n'.repeat(3000);
    const problems = problemsWithCode(text, 'duplicate-key');
    assert.equal(problems.length, 2999);
    for (const p of problems) {
      assert.ok(p.related!.length <= 20, `${p.related!.length} related places`);
      assert.equal(p.related![0]!.range.start.line, 0);
    }
    // Few duplicates keep every related place.
    assert.equal(problemsWithCode('a = "1"\na = "2"\na = "3"\n', 'duplicate-key')[0]!.related!.length, 2);
  });

  test('no "Rename to" fix when the canonical key is already set (it would write a duplicate key)', () => {
    const text = 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"\ncpuid.01.ecx = "----:----:----:----:----:----:----:----"\n';
    const [spelling] = problemsWithCode(text, 'mask-key-spelling');
    assert.ok(spelling, 'the spelling is still reported');
    assert.deepEqual(spelling.fixes ?? [], []);
    // Alone, the rename is offered.
    assert.equal(problemsWithCode('cpuid.01.ecx = "----:----:----:----:----:----:----:----"\n', 'mask-key-spelling')[0]!.fixes?.[0]?.title, 'Rename to cpuid.1.ecx');
  });

  test('no "Change to featMask.vm.cpuid.<NAME>" fix to a name the file already sets', () => {
    const text = 'featMask.vm.cpuid.SSE3 = "Val:1"\nfeatMask.vm.cpuid.\u2013SSSE3 = "Val:1"\n';
    const [unknown] = problemsWithCode(text, 'featmask-unknown-name');
    assert.ok(unknown);
    const titles = (unknown.fixes ?? []).map((f) => f.title);
    assert.ok(!titles.includes('Change to featMask.vm.cpuid.SSE3'), JSON.stringify(titles));
    for (const f of unknown.fixes ?? []) {
      const fixed = applyEdits(text, f.edits);
      assert.deepEqual(problemsWithCode(fixed, 'duplicate-key'), [], `${f.title} writes a duplicate key`);
    }
  });
});
