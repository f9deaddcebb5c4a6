/**
 * Properties of the fixes over generated documents: every fix applies
 * cleanly, the safe fixes together remove every typographic problem without
 * turning a setting into a malformed line, and a duplicate-key fix removes
 * exactly one line.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collectSafeEdits } from '../../../server/src/features/codeActions';
import { applyEdits } from '../../support/applyEdits';
import { modelOf } from '../../support/model';

const key = fc.constantFrom('numvcpus', 'NumVCPUs', 'memsize', 'displayName', 'cpuid.1.ecx', 'cpuid.01.ecx', 'CPUID.1.ECX', 'cpuid.0x1.ecx', 'cpuid.1.0.ecx', 'cpuid.80000001.edx', 'featMask.vm.cpuid.AVX', 'annotation', '.encoding');
const quote = fc.constantFrom('"', '"', '“', '”', '„', '″');
const valueChar = fc.constantFrom('-', '0', '1', 'H', ':', ' ', '—', '–', '−', 'a', 'é', '#', '|22', '|ZZ');
const value = fc.string({ unit: valueChar, maxLength: 40 });
const comment = fc.option(fc.constantFrom(' # note', '  # the “best” one', '# x'), { nil: '' });
const settingLine = fc.tuple(key, fc.constantFrom(' = ', '=', '\t=\t'), quote, value, quote, comment).map(([k, eq, open, v, close, c]) => `${k}${eq}${open}${v}${close}${c}`);
const otherLine = fc.constantFrom('', '# comment', 'bad line', "{% if AMD == '1' -%}", 'sata0.present = TRUE', 'vm.version = "{{ V }}"');
const document = fc.tuple(fc.array(fc.oneof({ weight: 4, arbitrary: settingLine }, { weight: 1, arbitrary: otherLine }), { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(
  ([lines, eol, finalEol]) => lines.join(eol) + (finalEol && lines.length > 0 ? eol : ''),
);

describe('fixes (property)', () => {
  test('every fix of every problem applies to the text without overlapping edits', () => {
    fc.assert(
      fc.property(document, (text) => {
        for (const p of modelOf(text).problems) for (const f of p.fixes ?? []) applyEdits(text, f.edits);
      }),
      { numRuns: 500 },
    );
  });

  test('fix-all removes every typographic problem and never breaks a setting', () => {
    fc.assert(
      fc.property(document, (text) => {
        const before = modelOf(text);
        const fixed = applyEdits(text, collectSafeEdits(before.problems));
        const after = modelOf(fixed);
        const typographic = after.problems.filter((p) => p.code === 'typographic-quote' || p.code === 'typographic-dash');
        assert.deepEqual(typographic.map((p) => `${p.code}@${p.range.start.line}:${p.range.start.character}`), [], `fixed text: ${JSON.stringify(fixed)}`);
        assert.equal(after.vmx.entries.length, before.vmx.entries.length, `a setting was lost: ${JSON.stringify(fixed)}`);
        assert.equal(after.vmx.lines.length, before.vmx.lines.length);
        const duplicates = (m: typeof before) => m.problems.filter((p) => p.code === 'duplicate-key').length;
        assert.ok(duplicates(after) <= duplicates(before), `fix-all created a duplicate key: ${JSON.stringify(fixed)}`);
      }),
      { numRuns: 1000 },
    );
  });

  test('a duplicate-key fix deletes exactly the duplicate line', () => {
    fc.assert(
      fc.property(document, (text) => {
        const model = modelOf(text);
        for (const p of model.problems.filter((x) => x.code === 'duplicate-key')) {
          const line = p.range.start.line;
          const fixed = applyEdits(text, p.fixes![0]!.edits);
          const expected = model.vmx.lines.filter((l) => l.index !== line);
          const after = modelOf(fixed).vmx.lines;
          assert.deepEqual(after.map((l) => l.text), expected.map((l) => l.text), JSON.stringify({ text, line }));
        }
      }),
      { numRuns: 500 },
    );
  });
});
