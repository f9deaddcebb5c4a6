/**
 * The real InstLatx64 dumps of ../shared/reference/cpuid-dumps (test data only,
 * never copied into the repository). Skipped when the folder is absent.
 * Expected features cross-checked against the SDM/APM feature tables and the
 * CPUs' generations, not against this code.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importProfile } from '../../../../server/src/profiles/importers';
import { createProfile } from '../../../../server/src/profiles/profile';
import { REPO_ROOT } from '../../../support/repo';
import { flags } from './helpers';

const DIR = path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'cpuid-dumps');
const present = fs.existsSync(DIR);

interface Expect {
  readonly file: string;
  readonly vendor: 'intel' | 'amd';
  readonly name: string;
  readonly has: readonly string[];
  readonly hasNot: readonly string[];
}

const EXPECT: readonly Expect[] = [
  { file: 'GenuineIntel00006F4_Woodcrest_CPUID.txt', vendor: 'intel', name: 'intel-06-0f-4', has: ['ssse3', 'sse3', 'lm', 'nx', 'cx16'], hasNot: ['sse4_1', 'sse4_2', 'popcnt'] },
  { file: 'GenuineIntel00106A2_Nehalem-EP_CPUID.txt', vendor: 'intel', name: 'intel-06-1a-2', has: ['sse4_2', 'sse4_1', 'popcnt', 'rdtscp'], hasNot: ['avx', 'aes', 'pclmulqdq'] },
  { file: 'GenuineIntel00206D5_SandyBridgeEP_CPUID.txt', vendor: 'intel', name: 'intel-06-2d-5', has: ['avx', 'aes', 'pclmulqdq', 'xsave'], hasNot: ['avx2', 'fma', 'f16c'] },
  { file: 'GenuineIntel00306F2_HaswellEP_00_CPUID.txt', vendor: 'intel', name: 'intel-xeon-e5-2630-v3', has: ['avx2', 'fma', 'bmi2', 'movbe', 'f16c'], hasNot: ['avx512f', 'adx', 'sha_ni'] },
  { file: 'GenuineIntel0050654_SkylakeXeon_CPUID.txt', vendor: 'intel', name: 'intel-xeon-gold-6154', has: ['avx512f', 'avx512bw', 'avx512vl', 'clwb', 'adx'], hasNot: ['sha_ni', 'avx512_vnni', 'vaes'] },
  { file: 'AuthenticAMD0600F12_Interlagos_CPUID.txt', vendor: 'amd', name: 'amd-opteron-6274', has: ['xop', 'fma4', 'avx', 'sse4a', 'svm'], hasNot: ['avx2', 'fma', 'bmi1'] },
  { file: 'AuthenticAMD0800F12_K17_Zen_CPUID.txt', vendor: 'amd', name: 'amd-epyc-7551p-32-core', has: ['avx2', 'sha_ni', 'fma', 'adx', 'clzero'], hasNot: ['xop', 'fma4', 'avx512f', 'vaes'] },
  { file: 'AuthenticAMD0A00F11_K19_Milan_02_CPUID.txt', vendor: 'amd', name: 'amd-epyc-7763-64-core', has: ['vaes', 'vpclmulqdq', 'avx2', 'sha_ni', 'pku'], hasNot: ['avx512f', 'xop'] },
];

describe('real CPUID dumps (../shared/reference/cpuid-dumps)', { skip: present ? false : `${DIR} not present` }, () => {
  test('the folder holds the 8 expected dumps', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
    assert.deepEqual(files, EXPECT.map((e) => e.file).sort());
  });

  for (const e of EXPECT) {
    test(`${e.file}: vendor, name, known features`, () => {
      const { profile, format } = importProfile(fs.readFileSync(path.join(DIR, e.file), 'utf8'));
      assert.equal(format, 'aida64');
      assert.equal(profile.vendor, e.vendor);
      assert.equal(profile.name, e.name);
      const p = createProfile(profile);
      for (const f of e.has) assert.equal(p.has(f), true, `${f} expected present`);
      for (const f of e.hasNot) assert.equal(p.has(f), false, `${f} expected absent`);
      for (const f of ['syscall', 'osxsave', 'hypervisor']) assert.equal(p.has(f), undefined, `${f} expected unknown`);
      assert.match(flags(profile.registers, '1.0.ebx'), /^-{16}[01]{16}$/);
      for (const [key, value] of Object.entries(profile.registers ?? {})) {
        if (/^(b|1f)\.[0-9a-f]+\.edx$/.test(key)) assert.equal(value.replace(/:/g, ''), '-'.repeat(32), key);
      }
    });
  }
});
