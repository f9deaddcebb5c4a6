import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { importAida64, importCpuidRaw, importVmxHostRecords } from '../../../../server/src/profiles/importers';
import { createProfile } from '../../../../server/src/profiles/profile';
import { assertImportError, bitOf, fixture, flags } from './helpers';

describe('cpuid -r (Todd Allen) importer', () => {
  const { profile, notes } = importCpuidRaw(fixture('cpuid-r-skylake.txt'));
  const p = createProfile(profile);

  test('reads CPU 0: vendor, brand name, provenance', () => {
    assert.equal(profile.vendor, 'intel');
    assert.equal(profile.kind, 'host');
    assert.equal(profile.name, 'intel-core-i7-6700');
    assert.equal(profile.title, 'Intel(R) Core(TM) i7-6700 CPU @ 3.40GHz');
    assert.match(profile.description ?? '', /Intel\(R\) Core\(TM\) i7-6700 CPU @ 3\.40GHz/);
    assert.match(profile.description ?? '', /family 0x6 model 0x5E stepping 3/);
    assert.deepEqual(profile.provenance, [{ source: 'imported from cpuid -r raw dump', confidence: 'primary' }]);
  });

  test('every register of every leaf is written, all bits known', () => {
    assert.equal(flags(profile.registers, '0.0.eax'), '00000000000000000000000000010110');
    assert.equal(flags(profile.registers, '4.3.edx'), '00000000000000000000000000000110');
    assert.equal(flags(profile.registers, '7.0.ebx'), (0x029c6fbf).toString(2).padStart(32, '0'));
    assert.ok(profile.registers?.['80000008.0.eax']);
    assert.equal(p.has('avx2'), true);
    assert.equal(p.has('sha_ni'), false);
    assert.equal(p.has('avx512f'), false);
  });

  test('OS/tool-dependent bits and APIC fields are unknown', () => {
    assert.equal(p.has('osxsave'), undefined);
    assert.equal(p.has('hypervisor'), undefined);
    assert.equal(p.has('syscall'), undefined);
    assert.equal(p.has('ospke'), undefined);
    assert.equal(flags(profile.registers, '1.0.ebx'), '----------------0000100000000000');
    assert.equal(flags(profile.registers, 'b.0.edx'), '-'.repeat(32));
    assert.equal(flags(profile.registers, 'b.1.edx'), '-'.repeat(32));
    assert.equal(bitOf(profile.registers, 'b.1.ebx', 3), '1'); // logical count of the core level stays known
  });

  test('only the first CPU is read', () => {
    // CPU 1 repeats every leaf: reading on would report repeated leaves.
    assert.ok(!notes.some((n) => /repeated/.test(n)), notes.join('\n'));
  });

  test('Transmeta/Centaur probe leaves outside the reported ranges are left out, with a note', () => {
    assert.equal(profile.registers?.['80860000.0.eax'], undefined);
    assert.equal(profile.registers?.['c0000000.0.eax'], undefined);
    assert.ok(notes.some((n) => /0x80860000, 0xC0000000/.test(n)), notes.join('\n'));
  });

  test('options.name wins', () => {
    assert.equal(importCpuidRaw(fixture('cpuid-r-skylake.txt'), { name: 'lab-host-1' }).profile.name, 'lab-host-1');
  });

  test('single-CPU output (cpuid -1 -r: "CPU:") and old output without subleaf', () => {
    const text = [
      'CPU:',
      '   0x00000000: eax=0x00000001 ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65',
      '   0x00000001: eax=0x00000f48 ebx=0x00000800 ecx=0x00000000 edx=0x078bfbff',
    ].join('\n');
    const { profile: q } = importCpuidRaw(text);
    assert.equal(q.vendor, 'amd');
    assert.equal(q.name, 'amd-0f-04-8'); // no brand string: vendor + family/model/stepping
    assert.equal(bitOf(q.registers, '1.0.edx', 26), '1'); // SSE2
  });

  test('a dump taken inside a VM (CPUID 1 ECX[31]) is flagged', () => {
    const text = [
      'CPU 0:',
      '   0x00000000 0x00: eax=0x00000001 ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69',
      '   0x00000001 0x00: eax=0x000306f2 ebx=0x00010800 ecx=0xfffa3203 edx=0x0f8bfbff',
    ].join('\n');
    const { profile, notes } = importCpuidRaw(text);
    assert.ok(notes.some((n) => /inside a virtual machine/.test(n)), notes.join('\n'));
    assert.ok((profile.uncertain ?? []).some((u) => /virtual machine/.test(u)));
    assert.equal(createProfile(profile).has('hypervisor'), undefined);
  });

  test('errors: empty, truncated or wrapped value line (with line number), unknown vendor', () => {
    assertImportError(() => importCpuidRaw(''), [/no "0x<leaf> 0x<subleaf>: eax=/]);
    assertImportError(
      () => importCpuidRaw('CPU 0:\n   0x00000000 0x00: eax=0x0000000d ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n   0x00000001 0x00: eax=0x000306f2 ebx=0x00200800\n'),
      [/truncated or wrapped/, /0x00000001 0x00/],
      3,
    );
    assertImportError(
      () => importCpuidRaw('CPU 0:\n   0x00000000 0x00: eax=0x00000001 ebx=0x746e6543 ecx=0x736c7561 edx=0x48727561\n'),
      [/unsupported CPU vendor "CentaurHauls"/],
      2,
    );
    assertImportError(() => importCpuidRaw('CPU 0:\n   0x00000001 0x00: eax=0x000306f2 ebx=0x00200800 ecx=0x7ffefbff edx=0xbfebfbff\n'), [/no CPUID leaf 0/]);
  });
});

describe('AIDA64 / InstLatx64 importer', () => {
  test('report text before the dump, [SL nn] markers and annotations, two logical CPUs', () => {
    const { profile, notes } = importAida64(fixture('aida64-skylake.txt'));
    const raw = importCpuidRaw(fixture('cpuid-r-skylake.txt')).profile;
    // Same CPU values as the cpuid -r sample (minus the probe leaves): same registers.
    assert.deepEqual(profile.registers, raw.registers);
    assert.equal(profile.name, 'intel-core-i7-6700');
    assert.equal(profile.provenance[0]?.source, 'imported from AIDA64/InstLatx64 CPUID dump');
    assert.ok(!notes.some((n) => /repeated/.test(n)), notes.join('\n'));
  });

  test('EVEREST style: tabs, no [SL]; sequential leaves numbered, other repeats ignored; first CPU only', () => {
    const { profile, notes } = importAida64(fixture('everest-ryzen-tabs.txt'));
    const p = createProfile(profile);
    assert.equal(profile.vendor, 'amd');
    assert.equal(profile.name, 'amd-ryzen-7-1700-eight-core');
    assert.ok(profile.registers?.['8000001d.1.eax'], '0x8000001D subleaf 1 numbered from its order');
    assert.equal(profile.registers?.['d.1.eax'], undefined, 'the second 0xD line is not subleaf 1');
    assert.ok(notes.some((n) => /line 13 \(leaf 0xD\)/.test(n)), notes.join('\n'));
    assert.ok(notes.some((n) => /0x8FFFFFFF/.test(n)), notes.join('\n'));
    assert.equal(flags(profile.registers, '8000001e.0.eax'), '-'.repeat(32)); // extended APIC ID
    assert.equal(p.has('avx2'), true);
    assert.equal(p.has('sha_ni'), true);
    assert.equal(p.has('svm'), true);
    assert.equal(p.has('xsaves'), undefined);
    assert.equal(p.has('syscall'), undefined);
  });

  test('errors: empty, garbage, truncated line (with line number), unknown vendor', () => {
    assertImportError(() => importAida64(''), [/no "CPUID <leaf>: EAX-EBX-ECX-EDX" lines/]);
    assertImportError(() => importAida64('hello\nworld\n'), [/no "CPUID <leaf>/]);
    assertImportError(
      () => importAida64('report\n\nCPUID 00000000: 0000000D-756E6547-6C65746E-49656E69\nCPUID 00000001: 000306F2-00200800-7FFEFBFF\n'),
      [/four 8-digit hex values/, /CPUID 00000001/],
      4,
    );
    assertImportError(() => importAida64('CPUID 00000000: 00000001-20434D55-20434D55-20434D55\n'), [/unsupported CPU vendor "UMC UMC UMC "/], 1);
  });
});

describe('.vmx hostCPUID importer', () => {
  const { profile, notes } = importVmxHostRecords(fixture('host-records.vmx'));
  const p = createProfile(profile);

  test('reads hostCPUID records, ignores guest/user records', () => {
    assert.equal(profile.vendor, 'intel');
    assert.equal(profile.name, 'intel-xeon-e5-2670-0');
    // 0x17bee3ff with hypervisor (31) and OSXSAVE (27) unknown
    assert.equal(flags(profile.registers, '1.0.ecx'), '-001-111' + '101111101110001111111111');
    assert.equal(p.has('avx'), true);
    assert.equal(p.has('aes'), true);
    assert.equal(p.has('fma'), false);
    assert.equal(p.has('xsaveopt'), true); // hostCPUID.d.1
    assert.equal(p.has('osxsave'), undefined);
    assert.ok(notes.some((n) => /2 guestCPUID and 1 userCPUID/.test(n)), notes.join('\n'));
    assert.equal(profile.provenance[0]?.source, 'imported from .vmx hostCPUID records');
  });

  test('errors: no records; a record that is not 32 hex digits (line number)', () => {
    assertImportError(() => importVmxHostRecords('numvcpus = "2"\n'), [/no hostCPUID/]);
    assertImportError(
      () => importVmxHostRecords('.encoding = "UTF-8"\nhostCPUID.0 = "0000000d756e65476c65746e49656e69"\nhostCPUID.1 = "000206d7002008"\n'),
      [/hostCPUID\.1/, /not 32 hex digits/],
      3,
    );
  });
});
