/**
 * The common feature set of several hosts as mask lines (vmx-cpuid baseline),
 * and the acceptance checks against real CPUID dumps when
 * ../shared/reference/cpuid-dumps exists (read only, never copied).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commonFeatureMasks } from '../../../server/src/compat/baseline';
import { parseVmx } from '../../../server/src/parser/parse';
import { importProfile } from '../../../server/src/profiles/importers';
import { createProfile, Profile } from '../../../server/src/profiles/profile';
import { modelOf } from '../../support/model';
import { builtin, configOf, describeProblems, DUMPS_DIR, DUMPS_PRESENT, host } from './helpers';

const a = host('esx-a', { has: ['avx', 'avx2', 'fma', 'f16c', 'xsave', 'aes', 'movbe'], lacks: ['rdrand'] });
const b = host('esx-b', { has: ['avx', 'f16c', 'xsave', 'aes', 'rdrand'], lacks: ['avx2', 'fma', 'movbe'] });

/** Flags of a mask line in the baseline text, bit 31 first. */
function flagsOf(text: string, key: string): string | undefined {
  const m = new RegExp(`^${key.replace(/\./g, '\\.')} = "([^"]*)"$`, 'm').exec(text);
  return m?.[1]?.replace(/:/g, '');
}

describe('baseline: commonFeatureMasks', () => {
  test('hides exactly the features not every host has', () => {
    const r = commonFeatureMasks([a, b]);
    assert.deepEqual(r.hidden.map((e) => e.name).sort(), ['avx2', 'fma', 'movbe', 'rdrand']);
    const ecx = flagsOf(r.text, 'cpuid.1.ecx');
    assert.ok(ecx, r.text);
    // bit 30 RDRAND, 22 MOVBE, 12 FMA hidden; AVX (28), F16C (29), AES (25) left at the default.
    const zeros = [...ecx].map((f, i) => (f === '0' ? 31 - i : -1)).filter((x) => x >= 0).sort((x, y) => x - y);
    assert.deepEqual(zeros, [12, 22, 30]);
    assert.equal(flagsOf(r.text, 'cpuid.7.0.ebx'), '-'.repeat(26) + '0' + '-'.repeat(5));
    assert.match(r.text, /^# vmx-cpuid baseline of esx-a, esx-b \(2 hosts\): hides the 4 features not all of them have\.$/m);
    assert.doesNotMatch(r.text, /Warning/);
  });

  test('the same host twice: nothing to hide', () => {
    const r = commonFeatureMasks([a, a]);
    assert.deepEqual(r.hidden, []);
    assert.match(r.text, /Nothing to hide/);
    assert.doesNotMatch(r.text, /^cpuid\./m);
  });

  test('features unknown on some host are left alone and named', () => {
    const partial = host('esx-c', { has: ['avx', 'f16c', 'xsave', 'aes', 'rdrand', 'avx2', 'fma'] }); // MOVBE unknown
    const r = commonFeatureMasks([a, partial]);
    assert.ok(!r.hidden.some((e) => e.name === 'movbe'));
    assert.ok(r.unknown.some((e) => e.name === 'movbe'));
    assert.match(r.text, /^# Unknown on some host, left at the default: .*\bMOVBE\b/m);
  });

  test('a feature that needs a hidden one is hidden too (no AVX2 without AVX)', () => {
    const noAvx = host('esx-d', { has: ['xsave', 'aes'], lacks: ['avx'] }); // AVX2, FMA, F16C unknown there
    const r = commonFeatureMasks([a, noAvx]);
    for (const f of ['avx', 'avx2', 'fma', 'f16c']) assert.ok(r.hidden.some((e) => e.name === f), `${f} hidden: ${r.text}`);
    const problems = modelOf(r.text, { config: configOf(a, [noAvx]) }).problems.filter((p) => p.code === 'dependency-missing');
    assert.deepEqual(problems, []);
  });

  test('--featmask: VMware names as featMask lines, registers only for features without one', () => {
    const r = commonFeatureMasks([a, b], { featMask: true });
    for (const name of ['AVX2', 'FMA', 'MOVBE']) assert.match(r.text, new RegExp(`^featMask\\.vm\\.cpuid\\.${name} = "Val:0"$`, 'm'));
    assert.doesNotMatch(r.text, /^featMask\.vm\.cpuid\.avx2/m, 'VMware spelling, not the Linux one');
    const noName = r.hidden.filter((e) => !e.aliases.vmware?.length);
    if (noName.length === 0) assert.doesNotMatch(r.text, /^cpuid\./m);
    // The featMask form and the mask form hide the same features for the guest.
    const config = configOf(a, [b]);
    const vm = (text: string) => modelOf(text, { config }).problems.filter((p) => p.severity === 'error');
    assert.deepEqual(vm(r.text), []);
    assert.deepEqual(vm(commonFeatureMasks([a, b]).text), []);
  });

  test('mixed vendors: a warning comment', () => {
    const amd = host('epyc', { vendor: 'amd', has: ['avx'] });
    assert.match(commonFeatureMasks([a, amd]).text, /^# Warning: these hosts mix Intel and AMD; vMotion between vendors is not possible/m);
  });

  test('the output is pasteable: it parses with no problem', () => {
    for (const text of [commonFeatureMasks([a, b]).text, commonFeatureMasks([a, b], { featMask: true }).text, commonFeatureMasks([builtin('intel-haswell'), builtin('intel-nehalem')]).text]) {
      assert.deepEqual(parseVmx(text).lines.filter((l) => l.problem).map((l) => l.problem), []);
      assert.deepEqual(modelOf(text).problems.map((p) => `${p.code}: ${p.message}`), []);
    }
  });

  test('built-in EVC baselines: the Haswell ∩ Nehalem baseline moves between both', () => {
    const hsw = builtin('intel-haswell');
    const neh = builtin('intel-nehalem');
    const text = commonFeatureMasks([hsw, neh]).text;
    assert.deepEqual(modelOf(text, { config: configOf(hsw, [neh]) }).problems.map((p) => p.code), []);
  });
});

function dump(file: string): Profile {
  return createProfile(importProfile(fs.readFileSync(path.join(DUMPS_DIR, file), 'utf8')).profile);
}

describe('acceptance with real CPUID dumps', { skip: DUMPS_PRESENT ? false : `${DUMPS_DIR} not present` }, () => {
  const HASWELL_EP = 'GenuineIntel00306F2_HaswellEP_00_CPUID.txt';
  const NEHALEM_EP = 'GenuineIntel00106A2_Nehalem-EP_CPUID.txt';
  const SANDY_EP = 'GenuineIntel00206D5_SandyBridgeEP_CPUID.txt';
  const ZEN = 'AuthenticAMD0800F12_K17_Zen_CPUID.txt';
  const MILAN = 'AuthenticAMD0A00F11_K19_Milan_02_CPUID.txt';
  const vmotionErrors = (text: string, source: Profile, target: Profile, evc?: boolean) =>
    modelOf(text, { config: configOf(source, [target], evc ?? source.kind === 'evc-baseline') }).problems.filter((p) => p.code.startsWith('vmotion-'));

  test('(a) an empty .vmx with source intel-haswell moves to the real Haswell-EP', () => {
    const list = vmotionErrors('', builtin('intel-haswell'), dump(HASWELL_EP));
    assert.deepEqual(list, [], describeProblems(list));
  });

  test('(a) …and reports the features the real Nehalem-EP lacks', () => {
    const nehalem = dump(NEHALEM_EP);
    const list = vmotionErrors('', builtin('intel-haswell'), nehalem);
    assert.equal(list.length, 1, describeProblems(list));
    const p = list[0]!;
    assert.equal(p.code, 'vmotion-target-lacks');
    assert.ok(p.message.includes(`target ${nehalem.name} lacks them`), p.message);
    for (const f of ['AVX', 'AES', 'PCLMULQDQ', 'FMA', 'MOVBE', 'XSAVE']) assert.match(p.message, new RegExp(`\\b${f}\\b`), p.message);
  });

  for (const [x, y] of [
    [HASWELL_EP, SANDY_EP],
    [ZEN, MILAN],
  ] as const) {
    test(`(b) baseline of ${x} + ${y} checks clean both ways`, () => {
      const hx = dump(x);
      const hy = dump(y);
      const r = commonFeatureMasks([hx, hy]);
      assert.ok(r.hidden.length > 0);
      for (const [s, t] of [
        [hx, hy],
        [hy, hx],
      ] as const) {
        for (const evc of [true, false]) {
          const all = modelOf(r.text, { config: configOf(s, [t], evc) }).problems;
          assert.deepEqual(all.filter((p) => p.code.startsWith('vmotion-')), [], `${s.name} → ${t.name}, evc ${evc}: ${describeProblems(all)}`);
          assert.deepEqual(all.filter((p) => p.severity === 'error' || p.severity === 'warning'), [], `${s.name} → ${t.name}: ${describeProblems(all)}`);
        }
      }
      // Without the baseline the same pair does not move (the test can fail).
      assert.ok(vmotionErrors('', hx, hy, true).length + vmotionErrors('', hy, hx, true).length > 0);
    });
  }
});
