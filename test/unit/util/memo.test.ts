import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { memoByString } from '../../../server/src/util/memo';
import { detach } from '../../../server/src/util/detach';

describe('memoByString', () => {
  test('computes once per text, including an undefined result', () => {
    const calls: string[] = [];
    const f = memoByString((t) => {
      calls.push(t);
      return t.startsWith('cpuid.') ? { t } : undefined;
    });
    const a = f('cpuid.1.ecx');
    assert.equal(f('cpuid.1.ecx'), a);
    assert.equal(f('numvcpus'), undefined);
    assert.equal(f('numvcpus'), undefined);
    assert.deepEqual(calls, ['cpuid.1.ecx', 'numvcpus']);
  });

  test('the table is bounded (cleared when full) and long texts are not kept', () => {
    let calls = 0;
    const f = memoByString(() => ++calls, 3, 10);
    for (const t of ['a', 'b', 'c']) f(t);
    f('d'); // full: cleared, then d
    f('a');
    assert.equal(calls, 5);
    const long = 'x'.repeat(11);
    f(long);
    f(long);
    assert.equal(calls, 7);
  });
});

describe('detach', () => {
  test('gives an equal string', () => {
    const doc = 'cpuid.1.ecx = "----"\n'.repeat(100);
    const line = doc.slice(21, 41);
    assert.equal(detach(line), line);
    assert.equal(detach(''), '');
  });
});
