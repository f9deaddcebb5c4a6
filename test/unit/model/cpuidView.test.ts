import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { modelOf } from '../../support/model';

describe('model: the CPUID view of a document', () => {
  const text = [
    '# masks, named keys, featMask lines and records',
    'cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"',
    'cpuid.1.0.ecx = ""',
    'cpuid.coresPerSocket = "2"',
    'cpuid.7.0.edx.spec_ctrl = "1"',
    'featMask.vm.cpuid.AVX2 = "Min:1"',
    'hostCPUID.0 = "0000000d756e65476c65746e49656e69"',
    'guestCPUID.7.0 = "not hex"',
    'memsize = "4096"',
    '',
  ].join('\n');
  const view = modelOf(text).cpuid;

  test('masks by line, invalid mask keys, featMask lines', () => {
    assert.deepEqual(view.masks.map((m) => [m.entry.line, m.key.canonical]), [
      [1, 'cpuid.1.ecx'],
      [2, 'cpuid.1.0.ecx'],
    ]);
    assert.equal(view.maskAt(1)?.value.complete, true);
    assert.equal(view.maskAt(2)?.value.empty, true);
    assert.equal(view.maskAt(3), undefined, 'cpuid.coresPerSocket is not a mask');
    assert.deepEqual(view.invalidMaskKeys.map((m) => m.entry.line), [4]);
    assert.equal(view.featMaskAt(5)?.key.name, 'AVX2');
    assert.equal(view.featMaskAt(5)?.value.ok, true);
  });

  test('cpuid.1.ecx and cpuid.1.0.ecx share one register', () => {
    assert.deepEqual(view.masksByRegister.get('1.0.ecx')?.map((m) => m.entry.line), [1, 2]);
  });

  test('CPUID records decode 32 hex digits into EAX EBX ECX EDX', () => {
    const host = view.recordAt(6);
    assert.equal(host?.kind, 'host');
    assert.equal(host?.leaf, 0);
    assert.equal(host?.subleaf, null);
    assert.deepEqual(host?.registers, [0xd, 0x756e6547, 0x6c65746e, 0x49656e69]);
    const guest = view.recordAt(7);
    assert.equal(guest?.kind, 'guest');
    assert.equal(guest?.leaf, 7);
    assert.equal(guest?.subleaf, 0);
    assert.equal(guest?.registers, undefined);
    assert.equal(view.recordAt(8), undefined);
  });
});
