import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rangesOf } from '../../support/caret';
import { applyEdits } from '../../support/applyEdits';
import { problemsWithCode } from '../../support/model';

describe('rule duplicate-key', () => {
  test('three occurrences give two errors, one on each later key, related to the others', () => {
    const text = 'numvcpus = "1"\nmemsize = "4096"\nnumvcpus = "2"\nnumvcpus = "4"\n';
    const [first, second, third] = rangesOf(text, '[[numvcpus]] = "1"\nmemsize = "4096"\n[[numvcpus]] = "2"\n[[numvcpus]] = "4"\n');
    const problems = problemsWithCode(text, 'duplicate-key');
    assert.equal(problems.length, 2);
    assert.deepEqual(problems.map((p) => p.range), [second, third]);
    assert.deepEqual(problems.map((p) => p.severity), ['error', 'error']);
    assert.deepEqual(problems[0]!.related?.map((r) => r.range), [first, third]);
    assert.deepEqual(problems[1]!.related?.map((r) => r.range), [first, second]);
    assert.ok(problems[0]!.message.includes('already set on line 1'), problems[0]!.message);
    assert.ok(problems[0]!.related![0]!.message.includes('line 1'), problems[0]!.related![0]!.message);
    assert.ok(problems[0]!.related![1]!.message.includes('line 4'), problems[0]!.related![1]!.message);
  });

  test('keys compare case-insensitively; the message shows both spellings', () => {
    const text = 'numvcpus = "1"\nNumVCPUs = "2"\n';
    const problems = problemsWithCode(text, 'duplicate-key');
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0]!.range, rangesOf(text, 'numvcpus = "1"\n[[NumVCPUs]] = "2"\n')[0]);
    assert.ok(problems[0]!.message.includes('"NumVCPUs"') && problems[0]!.message.includes('as "numvcpus" (keys ignore case)'), problems[0]!.message);
  });

  test('distinct keys, and keys that only share a prefix, are not duplicates', () => {
    assert.deepEqual(problemsWithCode('numvcpus = "1"\nnumvcpus2 = "1"\ncpuid.1.ecx = ""\ncpuid.1.edx = ""\n', 'duplicate-key'), []);
  });

  test('the fix deletes the later line with its line ending and the duplicate is gone', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['memsize = "4096"', 'numvcpus = "1"', 'NUMVCPUS = "2"', 'displayName = "x"', ''].join(eol);
      const [problem] = problemsWithCode(text, 'duplicate-key');
      const fix = problem!.fixes![0]!;
      assert.ok(fix.title.includes('Delete line 3') && fix.title.includes('keep numvcpus = "1" on line 2'), fix.title);
      assert.notEqual(fix.safe, true, 'deleting a setting changes the VM: not a safe fix');
      const fixed = applyEdits(text, fix.edits);
      assert.equal(fixed, ['memsize = "4096"', 'numvcpus = "1"', 'displayName = "x"', ''].join(eol));
      assert.deepEqual(problemsWithCode(fixed, 'duplicate-key'), []);
    }
  });

  test('the fix on the last line without a final newline leaves no dangling line ending', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = `numvcpus = "1"${eol}numvcpus = "2"`;
      const [problem] = problemsWithCode(text, 'duplicate-key');
      assert.equal(applyEdits(text, problem!.fixes![0]!.edits), 'numvcpus = "1"');
    }
  });

  test('in a template a duplicate is a warning (rendering may keep only one)', () => {
    const text = "{% if AMD == '1' -%}\nnumvcpus = \"1\"\n{% else %}\nnumvcpus = \"2\"\n{%- endif %}\n";
    const problems = problemsWithCode(text, 'duplicate-key');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.severity, 'warning');
  });
});
