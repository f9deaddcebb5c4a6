/**
 * A model built from its predecessor (what the language server does on every
 * edit) takes over what did not change and still says exactly what a model
 * built from scratch says. The fuzz harness checks the equality on random
 * edit sequences; these cases pin down what is reused and when.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentModel, DocumentModelCache } from '../../../server/src/analysis/documentModel';
import { rangesOf } from '../../support/caret';
import { builtinProfile } from '../../../server/src/profiles/builtins';
import type { ResolvedConfig } from '../../../server/src/config/config';
import { appliedFlags } from '../../../server/src/compat/guestView';
import { documentSnapshot, problemsSnapshot } from '../robustness/harness';

const URI = 'file:///vm.vmx';
const BEFORE = [
  'displayName = "db01"',
  'cpuid.1.ecx = "----:----:----:----:----:----:----:----"',
  'numvcpus = "2"',
  'cpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"',
  'memsize = "4096"',
  '',
].join('\n');

function edited(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `test text holds ${from}`);
  return text.replace(from, to);
}

function assertSameAsFresh(model: DocumentModel, text: string): void {
  const fresh = new DocumentModel(URI, model.version, text, {});
  assert.deepEqual(documentSnapshot(model), documentSnapshot(fresh));
  assert.deepEqual(problemsSnapshot(model), problemsSnapshot(fresh));
}

describe('DocumentModel built from its predecessor', () => {
  test('typing in one line re-parses that line only: every other line, entry and mask line is the same object', () => {
    const v1 = new DocumentModel(URI, 1, BEFORE);
    void v1.problems;
    const after = edited(BEFORE, 'numvcpus = "2"', 'numvcpus = "4"');
    const v2 = new DocumentModel(URI, 2, after, {}, v1);
    const reused = v2.vmx.lines.map((l, i) => l === v1.vmx.lines[i]);
    assert.deepEqual(reused, [true, true, false, true, true, true]);
    assert.equal(v2.cpuid.masks[0], v1.cpuid.masks[0]);
    assert.equal(v2.cpuid.masks[1], v1.cpuid.masks[1]);
    assert.equal(v2.vmx.entriesByKey.get('numvcpus')![0]!.value, '4');
    assertSameAsFresh(v2, after);
  });

  test('the applied flags of unchanged masks are taken over, and recomputed when a mask changes', () => {
    const v1 = new DocumentModel(URI, 1, BEFORE);
    const applied1 = appliedFlags(v1.cpuid, 'intel');
    const v2 = new DocumentModel(URI, 2, edited(BEFORE, 'memsize = "4096"', 'memsize = "8192"'), {}, v1);
    assert.equal(appliedFlags(v2.cpuid, 'intel'), applied1, 'no mask changed: the same object');
    const withAvx2Hidden = edited(BEFORE, 'cpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"', 'cpuid.7.0.ebx = "----:----:----:----:----:----:--0-:--0-"');
    const v3 = new DocumentModel(URI, 3, withAvx2Hidden, {}, v2);
    const applied3 = appliedFlags(v3.cpuid, 'intel');
    assert.notEqual(applied3, applied1);
    assert.equal(applied3.registers.get('1.0.ecx'), applied1.registers.get('1.0.ecx'), 'the untouched register is taken over');
    assert.equal(applied3.registers.get('7.0.ebx')!.flags[1]!.flag, '0');
    assert.equal(applied1.registers.get('7.0.ebx')!.flags[1]!.flag, '-', 'the previous version is left as it was');
  });

  test('a line break typed above a mask moves it down: its ranges follow and the problems match a fresh model', () => {
    const text = ['numvcpus = "2"', 'cpuid.1.ecx = "----:----:----:----:----:----:----:--x-"', ''].join('\n');
    const v1 = new DocumentModel(URI, 1, text);
    void v1.problems;
    const after = edited(text, 'numvcpus = "2"\n', 'numvcpus = "2"\n\n');
    const v2 = new DocumentModel(URI, 2, after, {}, v1);
    const [flagX] = rangesOf(after, 'numvcpus = "2"\n\ncpuid.1.ecx = "----:----:----:----:----:----:----:--[[x]]-"\n');
    assert.deepEqual(v2.problems.find((p) => p.code === 'mask-requirement-flag')?.range, flagX);
    assert.equal(v2.cpuid.maskAt(2)?.entry.line, 2);
    assert.equal(v2.cpuid.maskAt(1), undefined);
    assertSameAsFresh(v2, after);
  });

  test('joining "\\r" and "\\n" into one line ending is seen (the edit touches the line before)', () => {
    const text = 'a = "1"\rb = "2"\rc = "3"\r';
    const v1 = new DocumentModel(URI, 1, text);
    const after = 'a = "1"\r\nb = "2"\rc = "3"\r';
    const v2 = new DocumentModel(URI, 2, after, {}, v1);
    assert.deepEqual(v2.vmx.lines.map((l) => l.eol), ['\r\n', '\r', '\r', '']);
    assert.equal(v2.vmx.lineEnding, 'mixed');
    assertSameAsFresh(v2, after);
  });

  test('a new duplicate key typed in makes both occurrences related, as from scratch', () => {
    const v1 = new DocumentModel(URI, 1, BEFORE);
    void v1.problems;
    const after = edited(BEFORE, 'memsize = "4096"', 'numvcpus = "8"');
    const v2 = new DocumentModel(URI, 2, after, {}, v1);
    assert.deepEqual(v2.vmx.entriesByKey.get('numvcpus')!.map((e) => e.line), [2, 4]);
    assert.equal(v2.vmx.entriesByKey.has('memsize'), false);
    assert.equal(v2.problems.filter((p) => p.code === 'duplicate-key').length, 1);
    assertSameAsFresh(v2, after);
  });
});

describe('DocumentModelCache', () => {
  test('a new version is built from the cached one; a configuration change recomputes the problems of the same version', () => {
    let config: ResolvedConfig | undefined;
    const cache = new DocumentModelCache(() => (config ? { config } : {}));
    const text = 'cpuid.1.ecx = "----:----:----:----:----:----:----:----"\n';
    const v1 = cache.get(URI, 1, () => text);
    assert.equal(cache.get(URI, 1, () => assert.fail('same version: no text is read')), v1);
    assert.equal(v1.problems.some((p) => p.code.startsWith('vmotion')), false);

    config = { source: builtinProfile('intel-haswell')!, targets: [builtinProfile('intel-sandybridge')!], evc: false, rules: {}, problems: [] };
    cache.invalidate();
    const again = cache.get(URI, 1, () => text);
    assert.notEqual(again, v1, 'outdated options: a new model');
    assert.equal(again.vmx.lines[0], v1.vmx.lines[0], 'the parse is taken over');
    assert.ok(again.problems.some((p) => p.code.startsWith('vmotion')), 'the host checks run with the new configuration');
  });
});
