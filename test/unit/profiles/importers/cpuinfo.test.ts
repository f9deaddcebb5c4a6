import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { importCpuinfo } from '../../../../server/src/profiles/importers';
import { createProfile } from '../../../../server/src/profiles/profile';
import { assertImportError, bitOf, fixture } from './helpers';

describe('/proc/cpuinfo importer: Intel host', () => {
  const { profile, notes } = importCpuinfo(fixture('cpuinfo-skylake.txt'));
  const p = createProfile(profile);

  test('vendor, name from model name, provenance, uncertainty stated', () => {
    assert.equal(profile.vendor, 'intel');
    assert.equal(profile.kind, 'host');
    assert.equal(profile.name, 'intel-core-i7-6700');
    assert.match(profile.description ?? '', /i7-6700 CPU @ 3\.40GHz/);
    assert.match(profile.description ?? '', /intel-06-5e-3/);
    assert.equal(profile.provenance[0]?.source, 'imported from Linux /proc/cpuinfo');
    assert.ok((profile.uncertain ?? []).some((u) => /older than the CPU/.test(u)));
  });

  test('present flags are 1 (canonical names and Linux spellings)', () => {
    for (const f of ['avx2', 'fma', 'sse4_2', 'pni', 'pclmulqdq', 'dts', 'ss', 'pdpe1gb', 'md_clear', 'flush_l1d', 'arch_capabilities', 'xsaves', 'arat']) {
      assert.equal(p.has(f), true, f);
    }
  });

  test('absent flags of mirrored registers are 0 where Linux prints and never clears them', () => {
    for (const f of ['sha_ni', 'avx512f' /* needs XSAVE: stays unknown */, 'fsrm', 'serialize', 'pconfig', 'ia64']) {
      const expected = f === 'avx512f' ? undefined : false;
      assert.equal(p.has(f), expected, f);
    }
    assert.equal(p.has('sse4a'), false); // 0x80000001 ECX is spoken about by lahf_lm/abm/3dnowprefetch
    assert.equal(p.has('3dnow'), false);
    assert.equal(p.has('xop'), undefined); // needs AVX, hence XSAVE: Linux clears it with XSAVE off
  });

  test('bits Linux hides, synthesises or may clear are unknown', () => {
    assert.equal(p.has('spec_ctrl'), undefined); // 7 EDX[26]: hidden, shown as synthetic ibrs/ibpb
    assert.equal(p.has('intel_stibp'), undefined);
    assert.equal(p.has('spec_ctrl_ssbd'), undefined);
    assert.equal(p.has('osxsave'), undefined);
    assert.equal(p.has('syscall'), undefined);
    assert.equal(p.has('hypervisor'), undefined);
    assert.equal(p.has('sgx'), undefined); // may be cleared when SGX is disabled
    assert.equal(p.has('avx512vl'), undefined); // XSAVE-dependent
    assert.equal(profile.registers?.['80000008.0.ebx'], undefined); // Intel: no flag speaks about it
    assert.ok(notes.some((n) => /Linux-defined flags.*\bibpb\b/.test(n)), notes.join('\n'));
  });

  test('VMX (flag present) is 1 although it is a "present-only" flag', () => {
    assert.equal(p.has('vmx'), true);
    assert.equal(p.has('smx'), true);
  });

  test('power management line and nonstop_tsc give 0x80000007 EDX', () => {
    assert.equal(profile.registers?.['80000007.0.edx'], '0000:0000:0000:0000:0000:0001:0000:0000');
  });
});

describe('/proc/cpuinfo importer: AMD host and VM guest', () => {
  test('AMD: power management names and [n], SVM leaf, unmapped flags in notes', () => {
    const { profile, notes } = importCpuinfo(fixture('cpuinfo-epyc.txt'));
    const p = createProfile(profile);
    assert.equal(profile.vendor, 'amd');
    assert.equal(profile.name, 'amd-epyc-7281-16-core');
    // ts(0) ttp(3) tm(4) hwpstate(7) [8]=nonstop_tsc cpb(9) eff_freq_ro(10) [13] [14]
    assert.equal(profile.registers?.['80000007.0.edx'], '0000:0000:0000:0000:0110:0111:1001:1001');
    assert.equal(p.has('sha_ni'), true);
    assert.equal(p.has('svm'), true);
    assert.equal(p.has('npt'), true);
    assert.equal(p.has('nrip_save'), true);
    assert.equal(p.has('clzero'), true);
    assert.equal(p.has('wbnoinvd'), false);
    assert.equal(p.has('amd_ibpb'), undefined); // hidden in /proc/cpuinfo; "ibpb" is Linux's own flag
    assert.equal(bitOf(profile.registers, '80000008.0.ebx', 12), '-');
    assert.equal(p.has('sme'), true);
    assert.equal(p.has('fma4'), undefined); // XSAVE-dependent: unknown when absent
    assert.equal(p.has('3dnow'), false);
    assert.equal(p.has('vmx'), undefined);
    assert.ok(notes.some((n) => /not in the bit database.*overflow_recov/.test(n)), notes.join('\n'));
  });

  test('a VM guest is imported with a warning', () => {
    const { profile, notes } = importCpuinfo(fixture('cpuinfo-vm-guest.txt'));
    assert.ok(notes.some((n) => /virtual CPU/.test(n)));
    assert.ok((profile.uncertain ?? []).some((u) => /virtual machine/.test(u)));
    assert.equal(createProfile(profile).has('hypervisor'), undefined);
  });

  test('errors: empty, no processor, unknown vendor and missing flags (with line numbers)', () => {
    assertImportError(() => importCpuinfo(''), [/no "processor : <n>" line/]);
    assertImportError(() => importCpuinfo('processor\t: 0\nvendor_id\t: CentaurHauls\nflags\t\t: fpu\n'), [/unsupported CPU vendor "CentaurHauls"/], 2);
    assertImportError(() => importCpuinfo('processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: x\n'), [/no "flags" line/]);
    assertImportError(() => importCpuinfo('processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t:\n'), [/"flags" line is empty/], 3);
    assertImportError(() => importCpuinfo('processor\t: 0\nvendor_id\t: GenuineIntel\nthis line has no colon\nflags\t\t: fpu\n'), [/expected "<field> : <value>"/], 3);
  });
});
