import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalMaskKey, classifyCpuidKey, registerId, sdmRegisterName, type MaskKey } from '../../../server/src/model/maskKey';

function mask(key: string): MaskKey {
  const c = classifyCpuidKey(key);
  assert.ok(c && c.kind === 'mask', `${key} should be a mask key, got ${JSON.stringify(c)}`);
  return c.mask;
}

function invalidReason(key: string): string {
  const c = classifyCpuidKey(key);
  assert.ok(c && c.kind === 'invalid', `${key} should be an invalid mask key, got ${JSON.stringify(c)}`);
  return c.reason;
}

describe('model: mask keys', () => {
  test('the four forms VMware writes (cpuid.%x.%s, cpuid.%x.%x.%s, each with .amd) are canonical masks', () => {
    assert.deepEqual(mask('cpuid.1.ecx'), { leaf: 1, subleaf: null, register: 'ecx', amd: false, canonical: 'cpuid.1.ecx', spellingIssues: [] });
    assert.deepEqual(mask('cpuid.7.0.ebx'), { leaf: 7, subleaf: 0, register: 'ebx', amd: false, canonical: 'cpuid.7.0.ebx', spellingIssues: [] });
    assert.deepEqual(mask('cpuid.80000001.ecx.amd'), {
      leaf: 0x80000001,
      subleaf: null,
      register: 'ecx',
      amd: true,
      canonical: 'cpuid.80000001.ecx.amd',
      spellingIssues: [],
    });
    assert.deepEqual(mask('cpuid.d.1.eax'), { leaf: 0xd, subleaf: 1, register: 'eax', amd: false, canonical: 'cpuid.d.1.eax', spellingIssues: [] });
    assert.deepEqual(mask('cpuid.7.0.edx.amd'), { leaf: 7, subleaf: 0, register: 'edx', amd: true, canonical: 'cpuid.7.0.edx.amd', spellingIssues: [] });
    assert.equal(mask('cpuid.0.ebx').leaf, 0);
    assert.equal(mask('cpuid.c0000000.0.eax').leaf, 0xc0000000);
  });

  test('spellings VMware does not write are still masks, with each difference named', () => {
    const cases: [string, string, string[]][] = [
      ['cpuid.0x1.eax', 'cpuid.1.eax', ['leaf written with a 0x prefix']],
      ['cpuid.01.eax', 'cpuid.1.eax', ['leaf with leading zeros']],
      ['cpuid.8000000A.eax', 'cpuid.8000000a.eax', ['leaf in upper-case hex']],
      ['cpuid.1.EAX', 'cpuid.1.eax', ['register name not in lower case']],
      ['CPUID.1.eax', 'cpuid.1.eax', ['"cpuid" not in lower case']],
      ['cpuid.80000001.ecx.AMD', 'cpuid.80000001.ecx.amd', ['".amd" not in lower case']],
      ['cpuid.7.00.ebx', 'cpuid.7.0.ebx', ['subleaf with leading zeros']],
      ['cpuid.0x0D.0X01.EAX', 'cpuid.d.1.eax', ['register name not in lower case', 'leaf written with a 0x prefix', 'leaf in upper-case hex', 'leaf with leading zeros', 'subleaf written with a 0x prefix', 'subleaf with leading zeros']],
    ];
    for (const [key, canonical, issues] of cases) {
      const m = mask(key);
      assert.equal(m.canonical, canonical, key);
      assert.deepEqual(m.spellingIssues, issues, key);
    }
  });

  test('keys VMware cannot read as masks are invalid, with a reason', () => {
    assert.match(invalidReason('cpuid.8000000A:eax'), /":" separates the register.*cpuid\.8000000a\.eax/);
    assert.match(invalidReason('cpuid.7.0.edx.spec_ctrl'), /"spec_ctrl" after the register.*whole register \(32 flags\)/);
    assert.match(invalidReason('cpuid.1.0.0.eax'), /too many numbers before the register/);
    assert.match(invalidReason('cpuid.zz.eax'), /"zz" is not a hex leaf number/);
    assert.match(invalidReason('cpuid.7.q.ebx'), /"q" is not a hex subleaf number/);
    assert.match(invalidReason('cpuid.eax'), /leaf number is missing/);
    assert.match(invalidReason('cpuid.123456789.eax'), /"123456789" is not a hex leaf number/);
  });

  test('named cpuid settings are not masks', () => {
    for (const key of ['cpuid.coresPerSocket', 'cpuid.brandString', 'cpuid.AVX2', 'cpuid.inhibitDarwinMasks', 'cpuid.family', 'cpuid.SSE41']) {
      assert.deepEqual(classifyCpuidKey(key), { kind: 'named', name: key.slice('cpuid.'.length) }, key);
    }
  });

  test('keys that do not start with "cpuid." are not classified at all', () => {
    for (const key of ['hostCPUID.1', 'guestCPUID.0', 'featMask.vm.cpuid.AVX2', 'cpuid', 'hypervisor.cpuid.v0', 'xcpuid.1.eax']) {
      assert.equal(classifyCpuidKey(key), undefined, key);
    }
  });

  test('one register whatever the spelling: a missing subleaf is subleaf 0, .amd is a different register', () => {
    assert.equal(registerId(mask('cpuid.1.ecx')), registerId(mask('cpuid.1.0.ecx')));
    assert.equal(registerId(mask('cpuid.7.ebx')), registerId(mask('cpuid.7.0.ebx')));
    assert.equal(registerId(mask('cpuid.0x1.ECX')), registerId(mask('cpuid.1.ecx')));
    assert.notEqual(registerId(mask('cpuid.7.1.eax')), registerId(mask('cpuid.7.0.eax')));
    assert.notEqual(registerId(mask('cpuid.80000001.ecx.amd')), registerId(mask('cpuid.80000001.ecx')));
    assert.notEqual(registerId(mask('cpuid.1.ecx')), registerId(mask('cpuid.1.edx')));
  });

  test('canonical keys and SDM register names', () => {
    assert.equal(canonicalMaskKey(0x8000000a, null, 'edx', true), 'cpuid.8000000a.edx.amd');
    assert.equal(canonicalMaskKey(0xd, 1, 'eax', false), 'cpuid.d.1.eax');
    assert.equal(sdmRegisterName(7, 0, 'ebx'), 'CPUID.(EAX=07H,ECX=0):EBX');
    assert.equal(sdmRegisterName(1, null, 'ecx'), 'CPUID.(EAX=01H):ECX');
    assert.equal(sdmRegisterName(0xd, 1, 'eax'), 'CPUID.(EAX=0DH,ECX=1):EAX');
    assert.equal(sdmRegisterName(0x80000001, null, 'edx'), 'CPUID.(EAX=80000001H):EDX');
  });
});
