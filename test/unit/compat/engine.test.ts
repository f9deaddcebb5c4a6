/**
 * The compatibility engine on small custom hosts: every code, with messages
 * that name register, bit, feature and host; implicit (unmasked) features
 * aggregated per target; featMask lines as flags; .amd masks; bits that are
 * never judged; dependency grouping; rules turned off; no source.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/analysis/analyze';
import { rangeOf } from '../../support/caret';
import { modelOf } from '../../support/model';
import { compatProblems, configOf, describeProblems, host, hostJson } from './helpers';
import { createProfile } from '../../../server/src/profiles/profile';

/** A Haswell-like host and a Westmere-like host, knowing only the bits the tests use. */
const AVX_FAMILY = ['avx', 'avx2', 'fma', 'f16c'];
const haswell = host('esx-haswell', { has: [...AVX_FAMILY, 'xsave', 'sse4_2', 'aes', 'movbe'] });
const westmere = host('esx-westmere', { has: ['xsave', 'sse4_2', 'aes'], lacks: [...AVX_FAMILY, 'movbe'] });
const nehalem = host('esx-nehalem', { has: ['xsave', 'sse4_2', 'avx', 'f16c', 'fma', 'avx2'], lacks: ['aes', 'movbe'] });

const ALL_MASKED = [
  `cpuid.1.ecx = "--00:----:----:----:---0:----:----:----"`,
  `cpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"`,
].join('\n');

function only(list: ReturnType<typeof compatProblems>, code: string) {
  const found = list.filter((p) => p.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${describeProblems(list)}`);
  return found[0]!;
}

describe('compat engine: each code names register, bit, feature and host', () => {
  test('power-on-forced-missing: a forced 1 the source lacks', () => {
    const text = 'cpuid.1.ecx = "---1:----:----:----:----:----:----:----"\n';
    const p = only(compatProblems(text, configOf(westmere, [])), 'power-on-forced-missing');
    assert.equal(p.severity, 'error');
    assert.match(p.message, /^cpuid\.1\.ecx bit 28 \(AVX\) is forced to 1, but source esx-westmere lacks AVX: the guest may fault/);
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.1.ecx = "---[[1]]:----:----:----:----:----:----:----"\n'));
    assert.equal(p.fixes?.[0]?.title, 'Drop the forced 1 on AVX (reset to -)');
  });

  test('vmotion-target-lacks: the documented message', () => {
    const text = 'cpuid.1.ecx = "---1:----:----:----:----:----:----:----"\n';
    const list = compatProblems(text, configOf(haswell, [westmere]));
    const p = list.find((x) => x.code === 'vmotion-target-lacks' && x.range.start.line === 0 && x.range.start.character === 18);
    assert.ok(p, describeProblems(list));
    assert.equal(p.message, 'cpuid.1.ecx bit 28 (AVX) is forced to 1, but target esx-westmere lacks AVX: the VM cannot move there');
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.1.ecx = "---[[1]]:----:----:----:----:----:----:----"\n'));
  });

  test('vmotion-target-lacks on a "-" inside a mask names the source that has the feature', () => {
    const text = `${ALL_MASKED}\n`;
    const p = only(compatProblems(text, configOf(haswell, [westmere])), 'vmotion-target-lacks');
    assert.equal(p.message, 'cpuid.1.ecx bit 22 (MOVBE) keeps the host value (source esx-haswell has MOVBE), but target esx-westmere lacks MOVBE: the VM cannot move there');
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.1.ecx = "--00:----:-[[-]]--:----:---0:----:----:----"\ncpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"\n'));
  });

  test('one diagnostic per bit lists every target that lacks it', () => {
    const other = host('esx-westmere-2', { lacks: ['avx'] });
    const text = 'cpuid.1.ecx = "---1:----:----:----:----:----:----:----"\n';
    const list = compatProblems(text, configOf(haswell, [westmere, other])).filter((p) => p.range.start.character === 18 && p.code === 'vmotion-target-lacks');
    assert.equal(list.length, 1, describeProblems(list));
    assert.match(list[0]!.message, /but targets esx-westmere, esx-westmere-2 lack AVX/);
  });

  test('implicit features (no mask mentions them): one diagnostic per target at the top, listing every feature', () => {
    const text = '# a VM\nnumvcpus = "2"\nmemsize = "4096"\n';
    const list = compatProblems(text, configOf(haswell, [westmere, nehalem]));
    assert.deepEqual(list.map((p) => p.code), ['vmotion-target-lacks', 'vmotion-target-lacks'], describeProblems(list));
    const top = rangeOf(text, '# a VM\n[[numvcpus]] = "2"\nmemsize = "4096"\n');
    for (const p of list) assert.deepEqual(p.range, top);
    const toWestmere = list.find((p) => p.message.includes('target esx-westmere '))!;
    const toNehalem = list.find((p) => p.message.includes('target esx-nehalem '))!;
    assert.ok(toWestmere && toNehalem, describeProblems(list));
    for (const f of ['AVX', 'AVX2', 'FMA', 'F16C', 'MOVBE']) assert.match(toWestmere.message, new RegExp(`\\b${f}\\b`));
    assert.match(toWestmere.message, /^No mask hides .*: the guest sees them \(source esx-haswell has them\), but target esx-westmere lacks them/);
    assert.match(toNehalem.message, /^No mask hides MOVBE, AES: the guest sees them \(source esx-haswell has them\), but target esx-nehalem lacks them/);
    assert.doesNotMatch(toNehalem.message, /AVX|FMA|F16C/, 'features both hosts have are not listed');
  });

  test('masks hiding every missing feature: no vMotion error', () => {
    const text = `${ALL_MASKED.replace('--00:----:----:', '--00:----:-0--:')}\n`;
    assert.deepEqual(compatProblems(text, configOf(haswell, [westmere])), []);
  });

  test('H and R bits must match: vmotion-must-match', () => {
    const text = 'cpuid.1.ecx = "----:----:-H--:----:----:----:----:----"\n';
    const p = only(compatProblems(text, configOf(haswell, [westmere])), 'vmotion-must-match');
    assert.match(p.message, /^cpuid\.1\.ecx bit 22 \(MOVBE\) passes the host value \(H\): vMotion requires the same value on both hosts, but source esx-haswell has MOVBE and target esx-westmere lacks it$/);
    assert.deepEqual(compatProblems(text, configOf(haswell, [westmere])).filter((x) => x.range.start.character === p.range.start.character).map((x) => x.code), ['vmotion-must-match'], 'H gives must-match, not target-lacks');

    const r = 'cpuid.1.ecx = "----:----:-R--:----:----:----:----:----"\n';
    const reverse = only(compatProblems(r, configOf(westmere, [haswell])), 'vmotion-must-match');
    assert.match(reverse.message, /^cpuid\.1\.ecx bit 22 \(MOVBE\) is R: vMotion requires the same value on both hosts, but source esx-westmere lacks MOVBE/);
    // Equal on both hosts: nothing.
    assert.equal(compatProblems(r, configOf(haswell, [nehalem])).filter((x) => x.code === 'vmotion-must-match').length, 1);
    assert.equal(compatProblems('cpuid.1.ecx = "----:----:----:---R:----:----:----:----"\n', configOf(haswell, [westmere])).filter((x) => x.code === 'vmotion-must-match').length, 0);
  });

  test('without EVC a user-level feature only the target has blocks; with EVC it does not', () => {
    const text = 'cpuid.1.ecx = "----:----:-0--:----:----:----:----:----"\n';
    // Source westmere lacks MOVBE, target haswell has it (extra user-level feature on the target).
    const mask = 'cpuid.1.ecx = "----:----:----:----:----:----:----:----"\n';
    const noEvc = compatProblems(mask, configOf(westmere, [haswell], false)).filter((p) => p.code === 'vmotion-no-evc-mismatch');
    assert.ok(noEvc.length >= 1, describeProblems(noEvc));
    const movbe = noEvc.find((p) => p.message.includes('MOVBE'))!;
    assert.ok(movbe, describeProblems(noEvc));
    assert.match(movbe.message, /^cpuid\.1\.ecx bit 22 \(MOVBE\) keeps the host value: without EVC, vSphere requires user-level features to match exactly, but target esx-haswell has MOVBE and source esx-westmere does not have it$/);
    assert.deepEqual(compatProblems(mask, configOf(westmere, [haswell], true)).filter((p) => p.code === 'vmotion-no-evc-mismatch'), []);
    // Hidden on the guest does not help without EVC? The table judges `0` as never blocking.
    assert.deepEqual(compatProblems(text, configOf(westmere, [haswell], false)).filter((p) => p.message.includes('MOVBE')), []);
  });

  test('without EVC the implicit mismatch is reported once per target at the top', () => {
    const text = 'numvcpus = "2"\n';
    const list = compatProblems(text, configOf(westmere, [haswell], false)).filter((p) => p.code === 'vmotion-no-evc-mismatch');
    assert.equal(list.length, 1, describeProblems(list));
    assert.match(list[0]!.message, /source esx-westmere and target esx-haswell differ in .*MOVBE/);
    assert.deepEqual(list[0]!.range, rangeOf(text, '[[numvcpus]] = "2"\n'));
    assert.deepEqual(compatProblems(text, configOf(westmere, [haswell], true)), []);
  });

  test('T and F: power-on on the source and vMotion to each target', () => {
    const t = 'cpuid.1.ecx = "----:----:-T--:----:----:----:----:----"\n';
    const onWestmere = only(compatProblems(t, configOf(westmere, [])), 'power-on-requirement');
    assert.match(onWestmere.message, /^cpuid\.1\.ecx bit 22 \(MOVBE\) is required \(T\), but source esx-westmere lacks MOVBE: the VM does not power on there/);
    assert.deepEqual(onWestmere.range, rangeOf(t, 'cpuid.1.ecx = "----:----:-[[T]]--:----:----:----:----:----"\n'));
    const toWestmere = only(compatProblems(t, configOf(haswell, [westmere])), 'vmotion-requirement');
    assert.match(toWestmere.message, /^cpuid\.1\.ecx bit 22 \(MOVBE\) is required \(T\), but target esx-westmere lacks MOVBE: the VM cannot move there/);
    assert.deepEqual(compatProblems(t, configOf(haswell, [haswell])), []);

    const f = 'cpuid.1.ecx = "----:----:-F--:----:----:----:----:----"\n';
    assert.match(only(compatProblems(f, configOf(haswell, [])), 'power-on-requirement').message, /is required absent \(F\), but source esx-haswell has MOVBE: the VM does not power on there/);
    assert.match(only(compatProblems(f, configOf(westmere, [haswell])), 'vmotion-requirement').message, /is required absent \(F\), but target esx-haswell has MOVBE: the VM cannot move there/);
  });
});

describe('compat engine: featMask lines count as flags', () => {
  test('Val:0 hides, like a 0 in the mask', () => {
    const text = ['featMask.vm.cpuid.AVX = "Val:0"', 'featMask.vm.cpuid.AVX2 = "Val:0"', 'featMask.vm.cpuid.FMA = "Val:0"', 'featMask.vm.cpuid.F16C = "Val:0"', 'featMask.vm.cpuid.MOVBE = "Val:0"', ''].join('\n');
    assert.deepEqual(compatProblems(text, configOf(haswell, [westmere])), []);
  });

  test('Val:1 forces 1: power-on-forced-missing names the featMask key', () => {
    const text = 'featMask.vm.cpuid.MOVBE = "Val:1"\n';
    const p = only(compatProblems(text, configOf(westmere, [])), 'power-on-forced-missing');
    assert.match(p.message, /^featMask\.vm\.cpuid\.MOVBE \(MOVBE\) is forced to 1, but source esx-westmere lacks MOVBE/);
    assert.deepEqual(p.range, rangeOf(text, '[[featMask.vm.cpuid.MOVBE]] = "Val:1"\n'));
    const v = only(compatProblems(text, configOf(haswell, [westmere])).filter((x) => x.range.start.line === 0 && x.range.end.character > 0 && !x.message.startsWith('No mask')), 'vmotion-target-lacks');
    assert.match(v.message, /^featMask\.vm\.cpuid\.MOVBE \(MOVBE\) is forced to 1, but target esx-westmere lacks MOVBE/);
  });

  test('Min:1 is a requirement (T)', () => {
    const text = 'featMask.vm.cpuid.MOVBE = "Min:1"\n';
    assert.match(only(compatProblems(text, configOf(westmere, [])), 'power-on-requirement').message, /featMask\.vm\.cpuid\.MOVBE \(MOVBE\) is required \(T\), but source esx-westmere lacks MOVBE/);
    assert.match(only(compatProblems(text, configOf(haswell, [westmere])), 'vmotion-requirement').message, /target esx-westmere lacks MOVBE/);
  });

  test('a featMask line that contradicts the mask: mask-featmask-conflict, with the mask as related', () => {
    const text = 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\nfeatMask.vm.cpuid.AVX = "Val:1"\n';
    const p = only(compatProblems(text, configOf(undefined, [])), 'mask-featmask-conflict');
    assert.equal(p.severity, 'warning');
    assert.match(p.message, /featMask\.vm\.cpuid\.AVX = "Val:1" asks for "1" on AVX, but cpuid\.1\.ecx bit 28 is "0"/);
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\n[[featMask.vm.cpuid.AVX]] = "Val:1"\n'));
    assert.deepEqual(p.related?.map((r) => r.range), [rangeOf(text, 'cpuid.1.ecx = "[[---0:----:----:----:----:----:----:----]]"\nfeatMask.vm.cpuid.AVX = "Val:1"\n')]);
    // Agreeing lines, or a "-" in the mask: no conflict.
    assert.deepEqual(compatProblems('cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\nfeatMask.vm.cpuid.AVX = "Val:0"\n', configOf(undefined, [])), []);
    assert.deepEqual(compatProblems('cpuid.1.ecx = "----:----:----:----:----:----:----:----"\nfeatMask.vm.cpuid.AVX = "Val:1"\n', configOf(undefined, [])), []);
  });
});

describe('compat engine: .amd masks', () => {
  const amdSrc = host('epyc-a', { vendor: 'amd', has: ['movbe'] });
  const amdTgt = host('epyc-b', { vendor: 'amd', lacks: ['movbe'] });
  const intelSrc = host('xeon-a', { has: ['movbe'] });
  const intelTgt = host('xeon-b', { lacks: ['movbe'] });
  const amdOnly = 'cpuid.1.ecx.amd = "----:----:-0--:----:----:----:----:----"\n';

  test('a .amd mask applies when the source is AMD', () => {
    assert.deepEqual(compatProblems(amdOnly, configOf(amdSrc, [amdTgt])), []);
  });

  test('a .amd mask is ignored when the source is Intel', () => {
    const list = compatProblems(amdOnly, configOf(intelSrc, [intelTgt]));
    assert.equal(list.length, 1, describeProblems(list));
    assert.match(list[0]!.message, /^No mask hides MOVBE/);
  });

  test('on AMD the .amd mask replaces the plain one as a whole', () => {
    const both = 'cpuid.1.ecx = "----:----:-0--:----:----:----:----:----"\ncpuid.1.ecx.amd = "----:----:----:----:----:----:----:----"\n';
    const onAmd = compatProblems(both, configOf(amdSrc, [amdTgt]));
    assert.equal(onAmd.length, 1, describeProblems(onAmd));
    assert.equal(onAmd[0]!.code, 'vmotion-target-lacks');
    assert.equal(onAmd[0]!.range.start.line, 1, 'reported on the .amd mask');
    assert.deepEqual(compatProblems(both, configOf(intelSrc, [intelTgt])), []);
  });
});

describe('compat engine: bits that are never judged', () => {
  // Hosts that explicitly differ in identity, hypervisor and OSXSAVE bits.
  const a = createProfile({ ...hostJson('host-a', {}), registers: { '0.0.ebx': '1'.repeat(32), '1.0.eax': '1'.repeat(32), '1.0.ecx': '0000' + '0'.repeat(28) } });
  const b = createProfile({ ...hostJson('host-b', {}), registers: { '0.0.ebx': '0'.repeat(32), '1.0.eax': '0'.repeat(32), '1.0.ecx': '0000' + '0'.repeat(28) } });

  test('vendor string, family/model, hypervisor bit and OSXSAVE forced or passed: nothing', () => {
    const text = [
      'cpuid.0.ebx = "0111:0101:0110:1110:0110:0101:0100:0111"',
      'cpuid.1.eax = "0000:0000:0000:0001:0000:0110:1010:0101"',
      'cpuid.1.ecx = "1000:1---:----:----:----:----:----:----"',
      '',
    ].join('\n');
    assert.deepEqual(compatProblems(text, configOf(b, [a], false)), []);
    assert.deepEqual(compatProblems(text, configOf(a, [b], false)), []);
    assert.deepEqual(compatProblems('numvcpus = "1"\n', configOf(a, [b], false)), []);
  });
});

describe('compat engine: dependency-missing', () => {
  test('AVX hidden while AVX2, FMA and F16C stay visible: one error, naming every dependant', () => {
    const text = 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\n';
    const list = compatProblems(text, configOf(haswell, [])).filter((p) => p.code === 'dependency-missing');
    assert.equal(list.length, 1, describeProblems(list));
    const p = list[0]!;
    assert.equal(p.severity, 'error');
    assert.match(p.message, /^The guest sees (?=.*FMA)(?=.*F16C)(?=.*AVX2).* but not AVX, which they need: VMware refuses to power on such a VM/);
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.1.ecx = "---[[0]]:----:----:----:----:----:----:----"\n'));
  });

  test('AVX hidden while only FMA and F16C stay visible: a warning', () => {
    const noAvx2 = host('esx-ivy', { has: ['avx', 'fma', 'f16c', 'xsave'], lacks: ['avx2'] });
    const p = only(compatProblems('cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\n', configOf(noAvx2, [])), 'dependency-missing');
    assert.equal(p.severity, 'warning');
    assert.match(p.message, /^The guest sees FMA, F16C but not AVX, which they need: software may use them and fail/);
  });

  test('AVX2 forced without AVX, no hosts at all: still an error (host-free check)', () => {
    const text = 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\ncpuid.7.0.ebx = "----:----:----:----:----:----:--1-:----"\n';
    const p = only(compatProblems(text, configOf(undefined, [])), 'dependency-missing');
    assert.equal(p.severity, 'error');
    assert.match(p.message, /^The guest sees AVX2 but not AVX, which it needs/);
  });
});

describe('compat engine: rules off and no source', () => {
  const text = 'cpuid.1.ecx = "---1:----:-1--:----:----:----:----:----"\n';

  test('a rule set to off via analyze(…, { rules }) reports nothing; others still do', () => {
    const config = configOf(westmere, [westmere]);
    const on = analyze(modelOf(text), { config }).map((p) => p.code);
    assert.ok(on.includes('power-on-forced-missing') && on.includes('vmotion-target-lacks'), JSON.stringify(on));
    const off = analyze(modelOf(text), { config, rules: { 'power-on-forced-missing': 'off' } }).map((p) => p.code);
    assert.ok(!off.includes('power-on-forced-missing'), JSON.stringify(off));
    assert.ok(off.includes('vmotion-target-lacks'), JSON.stringify(off));
  });

  test('config.rules turn rules off and change severities', () => {
    const config = configOf(westmere, [westmere], true, { 'vmotion-target-lacks': 'off', 'power-on-forced-missing': 'warning' });
    const list = analyze(modelOf(text), { config });
    assert.ok(!list.some((p) => p.code === 'vmotion-target-lacks'), describeProblems(list));
    assert.deepEqual([...new Set(list.filter((p) => p.code === 'power-on-forced-missing').map((p) => p.severity))], ['warning']);
  });

  test('every compatibility rule off: no compatibility problem at all', () => {
    const codes = ['mask-featmask-conflict', 'power-on-forced-missing', 'power-on-requirement', 'vmotion-target-lacks', 'vmotion-must-match', 'vmotion-no-evc-mismatch', 'vmotion-requirement', 'dependency-missing'];
    const rules = Object.fromEntries(codes.map((c) => [c, 'off' as const]));
    const busy = 'cpuid.1.ecx = "---0:----:-T--:----:----:----:----:----"\ncpuid.7.0.ebx = "----:----:----:----:----:----:--1-:----"\nfeatMask.vm.cpuid.AVX = "Val:1"\n';
    assert.deepEqual(compatProblems(busy, configOf(westmere, [haswell], false), rules), []);
    assert.ok(compatProblems(busy, configOf(westmere, [haswell], false)).length >= 4);
  });

  test('without a source (and targets) only host-free checks run', () => {
    const list = compatProblems(text, configOf(undefined, []));
    assert.deepEqual(list, []);
    const noSource = analyze(modelOf(text), {}).map((p) => p.code);
    assert.ok(!noSource.some((c) => c.startsWith('power-on') || c.startsWith('vmotion')), JSON.stringify(noSource));
  });
});

describe('compat engine: targets no mask can reach, and fixes that could not do their work', () => {
  test('a target of the other vendor gets the vendor error only: no feature verdict or "make compatible" names it', () => {
    const epyc = host('esx-epyc', { vendor: 'amd', lacks: [...AVX_FAMILY, 'movbe'] });
    const text = 'cpuid.1.ecx = "----:----:----:----:----:----:----:----"\n';
    const list = compatProblems(text, configOf(haswell, [epyc, westmere]));
    const vendor = only(list, 'vmotion-vendor-mismatch');
    assert.match(vendor.message, /^Source esx-haswell is Intel and target esx-epyc is AMD: vMotion never moves a running VM between CPU vendors/);
    const others = list.filter((p) => p.code !== 'vmotion-vendor-mismatch');
    assert.ok(others.length > 0, 'the same-vendor target is still judged');
    for (const p of others) {
      assert.doesNotMatch(p.message, /esx-epyc/, `${p.code}: ${p.message}`);
      for (const f of p.fixes ?? []) assert.doesNotMatch(f.title, /esx-epyc|all targets/, f.title);
    }
  });

  test('no compatibility fix when a flag it must set sits in a broken mask; an empty mask is filled in place', () => {
    const broken = 'cpuid.1.ecx = "---:----"\nfeatMask.vm.cpuid.AVX2 = "Val:1"\n';
    const onBroken = compatProblems(broken, configOf(haswell, [westmere]));
    assert.ok(onBroken.some((p) => (p.fixes ?? []).length > 0), `the featMask line still gets its own fix: ${describeProblems(onBroken)}`);
    for (const p of onBroken) {
      for (const f of p.fixes ?? []) {
        assert.ok(!f.edits.some((e) => e.range.start.line === 0), `${f.title} would edit the broken mask`);
        assert.doesNotMatch(f.title, /^Make compatible/, `${p.code}: ${f.title}`);
      }
    }
    const empty = 'cpuid.1.ecx = ""\n';
    const lacks = only(compatProblems(empty, configOf(haswell, [westmere])), 'vmotion-target-lacks');
    const fix = lacks.fixes?.find((f) => f.title.startsWith('Make compatible with esx-westmere'));
    assert.ok(fix, describeProblems([lacks]));
    const onMask = fix.edits.find((e) => e.range.start.line === 0);
    assert.deepEqual(onMask?.range, rangeOf(empty, 'cpuid.1.ecx = "[[]]"\n'));
    // AVX (28), F16C (29), MOVBE (22) and FMA (12) hidden, the rest left to VMware's default.
    assert.equal(onMask?.newText, '--00:----:-0--:----:---0:----:----:----');
  });
});
