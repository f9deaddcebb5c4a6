import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  allFeatures,
  effectiveEnforcement,
  featureByName,
  findFeature,
  isCatalogued,
  leafPurpose,
  lookupBit,
  registerLayout,
  requiresClosure,
  suggestFeatures,
} from '../../../server/src/knowledge/bitDatabase';

// out/test/unit/knowledge -> repository root
const repoRoot = path.resolve(__dirname, '../../../..');

test('lookupBit: well-known positions', () => {
  assert.equal(lookupBit(7, 0, 'ebx', 5)?.name, 'avx2');
  assert.equal(lookupBit(1, null, 'ecx', 28)?.name, 'avx');
  assert.equal(lookupBit(0x80000001, null, 'edx', 20)?.name, 'nx');
  assert.equal(lookupBit(0x80000001, null, 'ecx', 2)?.name, 'svm');
  assert.equal(lookupBit(1, null, 'ecx', 31)?.name, 'hypervisor');
  assert.equal(lookupBit(1, null, 'ecx', 13)?.name, 'cx16');
  assert.equal(lookupBit(1, null, 'ecx', 19)?.name, 'sse4_1');
  assert.equal(lookupBit(0x80000001, null, 'ecx', 0)?.name, 'lahf_lm');
  assert.equal(lookupBit(7, 0, 'edx', 28)?.name, 'flush_l1d');
  assert.equal(lookupBit(0xd, 1, 'eax', 3)?.name, 'xsaves');
});

test('lookupBit: subleaf 0 and no subleaf address the same register', () => {
  const a = lookupBit(1, null, 'ecx', 28);
  const b = lookupBit(1, 0, 'ecx', 28);
  const c = lookupBit(1, undefined, 'ecx', 28);
  assert.ok(a);
  assert.equal(a, b);
  assert.equal(a, c);
  // leaf 7 written without a subleaf (cpuid.7.ebx) means subleaf 0
  assert.equal(lookupBit(7, null, 'ebx', 5)?.name, 'avx2');
  // other subleaves are distinct
  assert.equal(lookupBit(7, 1, 'eax', 4)?.name, 'avx_vnni');
  assert.notEqual(lookupBit(7, 1, 'ebx', 5)?.name, 'avx2');
});

test('lookupBit: reserved / out-of-range bits are undefined', () => {
  assert.equal(lookupBit(1, null, 'ecx', 16), undefined); // reserved
  assert.equal(lookupBit(1, null, 'edx', 10), undefined); // reserved
  assert.equal(lookupBit(1, null, 'ecx', 32), undefined);
  assert.equal(lookupBit(1, null, 'ecx', -1), undefined);
  assert.equal(lookupBit(0x4, 0, 'eax', 0), undefined); // leaf not catalogued
});

test('OSXSAVE and OSPKE are os-reflected, not host features', () => {
  const osxsave = lookupBit(1, null, 'ecx', 27);
  assert.equal(osxsave?.name, 'osxsave');
  assert.equal(osxsave?.kind, 'os-reflected');
  assert.equal(osxsave?.enforcement, 'not-applicable');
  assert.equal(lookupBit(7, 0, 'ecx', 4)?.kind, 'os-reflected');
});

test('field entries: leaf 1 EAX family is bits [8,11]', () => {
  const family = lookupBit(1, null, 'eax', 9);
  assert.equal(family?.name, 'family');
  assert.deepEqual(family?.bits, [8, 11]);
  assert.equal(family?.isField, true);
  assert.equal(family?.lo, 8);
  assert.equal(family?.hi, 11);
  assert.equal(lookupBit(1, null, 'eax', 20)?.name, 'extended_family');
  assert.deepEqual(lookupBit(1, null, 'eax', 27)?.bits, [20, 27]);
  assert.equal(lookupBit(0, null, 'eax', 17)?.name, 'max_basic_leaf');
});

test('registerLayout covers all 32 bits, contiguously', () => {
  for (const [leaf, sub, reg] of [
    [1, null, 'eax'],
    [1, null, 'ecx'],
    [1, null, 'edx'],
    [7, 0, 'ebx'],
    [0x80000021, null, 'eax'],
    [0x4, 0, 'eax'],
  ] as const) {
    const layout = registerLayout(leaf, sub, reg);
    assert.equal(layout[0]?.lo, 0);
    assert.equal(layout[layout.length - 1]?.hi, 31);
    for (let i = 1; i < layout.length; i++) assert.equal(layout[i]!.lo, layout[i - 1]!.hi + 1);
  }
  const eax = registerLayout(1, 0, 'eax');
  assert.deepEqual(
    eax.map((s) => [s.lo, s.hi, s.entry?.name ?? null]),
    [
      [0, 3, 'stepping'],
      [4, 7, 'model'],
      [8, 11, 'family'],
      [12, 13, 'processor_type'],
      [14, 15, null],
      [16, 19, 'extended_model'],
      [20, 27, 'extended_family'],
      [28, 31, null],
    ],
  );
  const ecx = registerLayout(1, null, 'ecx');
  assert.equal(ecx.length, 32);
  assert.equal(ecx[16]?.entry, undefined);
  assert.deepEqual(registerLayout(0x4, 0, 'eax'), [{ lo: 0, hi: 31 }]);
});

test('isCatalogued', () => {
  assert.equal(isCatalogued(1, null, 'ecx'), true);
  assert.equal(isCatalogued(1, 0, 'ecx'), true);
  assert.equal(isCatalogued(7, 0, 'edx'), true);
  assert.equal(isCatalogued(7, 2, 'edx'), true);
  assert.equal(isCatalogued(0xd, 1, 'eax'), true);
  assert.equal(isCatalogued(0x4, 0, 'eax'), false);
  assert.equal(isCatalogued(0x80000002, null, 'eax'), false);
  assert.equal(isCatalogued(0x8000000a, null, 'edx'), true);
});

test('findFeature: VMware featMask names', () => {
  assert.deepEqual(findFeature('SSE41').map((e) => e.name), ['sse4_1']);
  assert.deepEqual(findFeature('featMask.vm.cpuid.SSE42').map((e) => e.name), ['sse4_2']);
  assert.deepEqual(findFeature('CMPXCHG16B').map((e) => e.name), ['cx16']);
  assert.deepEqual(findFeature('LAHF64').map((e) => e.name), ['lahf_lm']);
  assert.deepEqual(findFeature('cpuid.lahf64').map((e) => e.name), ['lahf_lm']);
  assert.deepEqual(findFeature('XCR0_MASTER_YMM_H').map((e) => e.name), ['xcr0_ymm']);
  assert.deepEqual(findFeature('PDPE1GB').map((e) => e.name), ['pdpe1gb']);
  assert.deepEqual(findFeature('FCMD').map((e) => e.name), ['flush_l1d']);
  assert.deepEqual(findFeature('MDCLEAR').map((e) => e.name), ['md_clear']);
  assert.deepEqual(findFeature('ENFSTRG').map((e) => e.name), ['erms']);
  // one VMware name can cover the Intel and the AMD bit
  assert.deepEqual(findFeature('IBRS').map((e) => e.name).sort(), ['amd_ibrs', 'spec_ctrl']);
  const cx16 = findFeature('cmpxchg16b')[0];
  assert.ok(cx16?.aliasEvidence?.vmware?.ref.includes('evc-modes.md'));
});

test('findFeature: canonical, libvirt and Linux names, case-insensitive', () => {
  assert.deepEqual(findFeature('AVX2').map((e) => e.name), ['avx2']);
  assert.deepEqual(findFeature('pclmuldq').map((e) => e.name), ['pclmulqdq']); // libvirt spelling
  assert.deepEqual(findFeature('sse4.2').map((e) => e.name), ['sse4_2']); // libvirt spelling
  assert.deepEqual(findFeature('spec-ctrl').map((e) => e.name), ['spec_ctrl']);
  assert.deepEqual(findFeature('invtsc').map((e) => e.name), ['constant_tsc']);
  assert.deepEqual(findFeature('pni').map((e) => e.name), ['pni']);
  assert.deepEqual(findFeature('xmm3').map((e) => e.name), ['pni']); // Linux macro name
  assert.deepEqual(findFeature('sse41').map((e) => e.name), ['sse4_1']);
  assert.deepEqual(findFeature('sse4-1').map((e) => e.name), ['sse4_1']); // loose match
  assert.deepEqual(findFeature('nosuchfeature'), []);
  assert.deepEqual(findFeature(''), []);
});

test('suggestFeatures: nearest names', () => {
  assert.ok(suggestFeatures('avx3').includes('avx2'));
  assert.ok(suggestFeatures('avx512').includes('avx512f'));
  assert.equal(suggestFeatures('ssse4_1', 3)[0], 'sse4_1');
  assert.ok(suggestFeatures('pclmul', 5).includes('pclmulqdq'));
  assert.ok(suggestFeatures('LAHF65').includes('lahf_lm'));
  assert.equal(suggestFeatures('avx2', 10).length <= 10, true);
  assert.deepEqual(suggestFeatures('qqqqqqqqqqqqqqqqqqqq'), []);
});

test('requires chains', () => {
  assert.deepEqual(featureByName('avx2')?.requires, ['avx']);
  assert.deepEqual(featureByName('avx')?.requires, ['xsave']);
  assert.deepEqual(featureByName('fma')?.requires, ['avx']);
  assert.deepEqual(featureByName('f16c')?.requires, ['avx']);
  assert.deepEqual(featureByName('sse4_2')?.requires, ['sse4_1']);
  const closure = requiresClosure('avx2');
  assert.ok(closure.includes('avx') && closure.includes('xsave'));
  for (const e of allFeatures()) {
    if (/^avx512/.test(e.name) && e.name !== 'avx512f') {
      assert.ok(requiresClosure(e.name).includes('avx512f'), `${e.name} should require avx512f`);
    }
  }
  for (const e of allFeatures()) for (const r of e.requires ?? []) assert.ok(featureByName(r), `${e.name} requires ${r}`);
});

test('enforcement context rule: AVX2 hidden alone is advisory, with AVX hidden it is blocked', () => {
  assert.equal(featureByName('avx')?.enforcement, 'enforceable');
  assert.ok(featureByName('avx')?.gatedBy?.includes('XCR0.YMM'));
  assert.equal(effectiveEnforcement('avx2'), 'advisory');
  assert.equal(effectiveEnforcement('avx2', ['avx2']), 'advisory');
  assert.equal(effectiveEnforcement('avx2', ['avx2', 'avx']), 'enforceable');
  assert.equal(effectiveEnforcement('avx512bw', ['avx512f']), 'enforceable');
  assert.equal(effectiveEnforcement('avx512bw'), 'advisory');
  assert.equal(effectiveEnforcement('osxsave'), 'not-applicable');
  assert.equal(effectiveEnforcement('nx'), 'enforceable');
  assert.equal(effectiveEnforcement('no-such-feature'), undefined);
});

test('every entry is well formed', () => {
  const names = new Set<string>();
  for (const e of allFeatures()) {
    assert.ok(!names.has(e.name), `duplicate ${e.name}`);
    names.add(e.name);
    assert.match(e.name, /^[a-z0-9][a-z0-9_]*$/);
    assert.ok(e.lo >= 0 && e.hi <= 31 && e.lo <= e.hi);
    assert.ok(e.title.length > 0 && e.description.length > 0);
    if (e.enforcement === 'enforceable') assert.ok((e.gatedBy ?? []).length > 0, `${e.name} lacks gatedBy`);
    if (e.aliases.vmware) assert.ok(e.aliasEvidence?.vmware, `${e.name} lacks VMware evidence`);
  }
  assert.ok(allFeatures().length > 400);
});

test('leafPurpose: catalogued and uncatalogued leaves', () => {
  assert.equal(leafPurpose(7).known, true);
  assert.equal(leafPurpose(7).hasCataloguedBits, true);
  for (const leaf of [0x2, 0x4, 0x5, 0xa, 0xb, 0x1f, 0x12, 0x15, 0x16, 0x80000002, 0x80000005, 0x80000006, 0x8000001e]) {
    const info = leafPurpose(leaf);
    assert.equal(info.known, true, `leaf 0x${leaf.toString(16)}`);
    assert.ok(info.purpose.length > 20);
  }
  assert.equal(leafPurpose(0x4).hasCataloguedBits, false);
  assert.match(leafPurpose(0x40000000).title, /[Hh]ypervisor/);
  assert.match(leafPurpose(0x40000010).purpose, /hypervisor/i);
  assert.match(leafPurpose(0x80860001).title, /Transmeta/);
  assert.match(leafPurpose(0xc0000001).title, /Centaur/);
  assert.match(leafPurpose(0xd).purpose, /XCR0/);
  const unknown = leafPurpose(0x7fff);
  assert.equal(unknown.known, false);
  assert.ok(unknown.purpose.length > 0);
});

test('verify-data script passes when the reference folder exists', (t) => {
  const script = path.join(repoRoot, 'scripts', 'verify-data.mjs');
  const refDir = process.env['VMX_CPUID_REFERENCE'] ?? path.resolve(repoRoot, '..', 'shared', 'reference');
  if (!fs.existsSync(script) || !fs.existsSync(refDir)) {
    t.skip(`reference data not present (${refDir})`);
    return;
  }
  const r = spawnSync(process.execPath, [script], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, `verify-data failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /libvirt: (\d+)\/\1 features at the same position \(100%\)/);
  assert.match(r.stdout, /verify:data OK/);
});
