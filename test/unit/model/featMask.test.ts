import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyFeatMaskKey, describeFeatMaskValue, parseFeatMaskValue, type FeatMaskValue } from '../../../server/src/model/featMask';

function ok(raw: string): FeatMaskValue {
  const p = parseFeatMaskValue(raw);
  assert.ok(p.ok, `${raw}: ${p.ok ? '' : p.reason}`);
  return p.value;
}

function reason(raw: string): string {
  const p = parseFeatMaskValue(raw);
  assert.ok(!p.ok, `${raw} should not parse`);
  return p.reason;
}

describe('model: featMask lines', () => {
  test('keys: scope, family and name; the prefix ignores case', () => {
    assert.deepEqual(classifyFeatMaskKey('featMask.vm.cpuid.AVX2'), { scope: 'vm', family: 'cpuid', name: 'AVX2' });
    assert.deepEqual(classifyFeatMaskKey('FeatMask.vm.cpuid.MWAIT'), { scope: 'vm', family: 'cpuid', name: 'MWAIT' });
    assert.deepEqual(classifyFeatMaskKey('featMask.vm.hv.capable'), { scope: 'vm', family: 'hv', name: 'capable' });
    assert.deepEqual(classifyFeatMaskKey('featMask.evc.cpuid.SSE3'), { scope: 'evc', family: 'cpuid', name: 'SSE3' });
    assert.deepEqual(classifyFeatMaskKey('featMask.vm.cpuid.'), { scope: 'vm', family: 'cpuid', name: '' });
    assert.deepEqual(classifyFeatMaskKey('featMask.vm'), { scope: 'vm', family: '', name: '' });
    assert.equal(classifyFeatMaskKey('featureCompat.enable'), undefined);
    assert.equal(classifyFeatMaskKey('cpuid.AVX2'), undefined);
  });

  test('values: Val, Min, Max with decimal or 0x hex numbers', () => {
    assert.deepEqual(ok('Val:1'), { op: 'Val', number: 1, opAsWritten: 'Val', hex: false });
    assert.deepEqual(ok('Min:1'), { op: 'Min', number: 1, opAsWritten: 'Min', hex: false });
    assert.deepEqual(ok('Max:0x9e'), { op: 'Max', number: 158, opAsWritten: 'Max', hex: true });
    assert.deepEqual(ok('Val:60'), { op: 'Val', number: 60, opAsWritten: 'Val', hex: false });
    assert.deepEqual(ok('Val:0x80000008'), { op: 'Val', number: 0x80000008, opAsWritten: 'Val', hex: true });
    assert.deepEqual(ok('val:6'), { op: 'Val', number: 6, opAsWritten: 'val', hex: false });
    assert.deepEqual(ok(' Val: 6 '), { op: 'Val', number: 6, opAsWritten: 'Val', hex: false });
  });

  test('values VMware cannot read say what is wrong', () => {
    assert.match(reason('Val'), /"Val" has no operation: write "Val:<n>", "Min:<n>" or "Max:<n>"/);
    assert.match(reason('Foo:1'), /"Foo" is not an operation VMware uses in a featMask: use Val, Min or Max/);
    assert.match(reason('Match:1'), /"Match" is not an operation/);
    assert.match(reason('Val:x'), /"x" is not a number \(decimal like 6 or hex like 0x9e\)/);
    assert.match(reason('Val:'), /"" is not a number/);
    assert.match(reason('Val:0x'), /"0x" is not a number/);
    assert.match(reason('Val:-1'), /"-1" is not a number/);
  });

  test('descriptions of each operation', () => {
    assert.equal(describeFeatMaskValue(ok('Val:0'), 'AVX2'), 'hide AVX2 from the guest (value forced to 0)');
    assert.equal(describeFeatMaskValue(ok('Val:1'), 'AVX2'), 'set AVX2 to exactly 1 for the guest');
    assert.equal(describeFeatMaskValue(ok('Val:0x9e'), 'MODEL'), 'set MODEL to exactly 0x9e (158) for the guest');
    assert.equal(describeFeatMaskValue(ok('Min:1'), 'AVX2'), 'require AVX2 ≥ 1: the VM does not power on where the host offers less');
    assert.equal(describeFeatMaskValue(ok('Max:0'), 'MWAIT'), 'cap MWAIT at 0: the guest never sees more');
  });
});
