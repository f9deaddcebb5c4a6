/**
 * The core of `vmx-cpuid diff`: every kind of change — flags per bit with
 * feature names and what the guest now sees, lines added and removed,
 * registers matched across spellings, featMask lines, invalid masks and
 * keys, other settings as counts — and the vMotion delta on custom hosts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { flagEffect, hasCpuidChanges, losesTarget, maskDiff, MaskDiff, RegisterDiff } from '../../../server/src/review/maskDiff';
import { FLAG_LEGEND, flagMeaning } from '../../../server/src/model/legend';
import { modelOf } from '../../support/model';
import { configOf, host, mask } from '../compat/helpers';

const line = (key: string, bits: Record<number, string>) => `${key} = "${mask(bits)}"`;

function only(d: MaskDiff): RegisterDiff {
  assert.equal(d.registers.length, 1, JSON.stringify(d.registers, null, 2));
  return d.registers[0]!;
}

function rows(r: RegisterDiff): string[] {
  return r.bits.map((b) => `${b.feature ?? '?'}@${b.hi === b.bit ? b.bit : `${b.hi}-${b.bit}`} ${b.old ?? '?'}→${b.new ?? '?'} ${b.effect}`);
}

describe('review: mask diff, flags bit by bit', () => {
  test('each changed bit with its feature (VMware spelling), old and new flag, and what the guest now sees', () => {
    const d = maskDiff(line('cpuid.1.ecx', { 12: '0' }) + '\n', line('cpuid.1.ecx', { 28: '0', 29: '1', 5: 'H', 22: 'h' }) + '\n');
    const r = only(d);
    assert.equal(r.change, 'changed');
    assert.equal(r.register, 'cpuid.1.ecx');
    assert.equal(r.sdm, 'CPUID.(EAX=01H):ECX');
    assert.deepEqual(rows(r), [
      'F16C@29 -→1 forced on, even on hosts without it',
      'AVX@28 -→0 hidden from the guest',
      'MOVBE@22 -→h passed through from the host',
      'FMA@12 0→- back to the default (host value)',
      'VMX@5 -→H passed through from the host (host value, must match for vMotion)',
    ]);
    const avx = r.bits.find((b) => b.feature === 'AVX')!;
    assert.equal(avx.name, 'avx');
    assert.equal(avx.guestSees, flagMeaning('0')!.guestSees, 'the legend sentence comes along');
    assert.deepEqual(r.old, { key: 'cpuid.1.ecx', line: 1, value: mask({ 12: '0' }) });
  });

  test('every legend character has a wording taken from the legend', () => {
    for (const f of FLAG_LEGEND) {
      const effect = flagEffect(f.char);
      assert.ok(effect.length > 0 && !effect.includes('not a flag character'), f.char);
      if (f.role !== 'default' && f.role !== 'forced' && f.role !== 'host') assert.ok(effect.startsWith(f.title), `${f.char}: ${effect}`);
    }
    assert.equal(flagEffect('R'), `${flagMeaning('R')!.title} (not meant for a .vmx)`);
    assert.match(flagEffect('?'), /not a flag character/);
  });

  test('a field is compared whole; an uncatalogued bit has no feature name', () => {
    const d = maskDiff('cpuid.1.ebx = ""\ncpuid.1.ecx = ""\n', `cpuid.1.ebx = "${mask({ 16: '1', 17: '1' })}"\ncpuid.1.ecx = "${mask({ 16: 'h' })}"\n`);
    assert.deepEqual(rows(d.registers[0]!), ['max_logical_cpus@23-16 --------→------11 partly set: ------11 (bit by bit: - = back to the default (host value); 1 = forced on, even on hosts without it)']);
    const forced = maskDiff('', `cpuid.1.ebx = "----:----:0000:0100:----:----:----:----"\n`);
    assert.equal(forced.registers[0]!.bits[0]!.effect, 'forced to 4 (0x4)');
    assert.deepEqual(rows(d.registers[1]!), ['?@16 -→h passed through from the host']);
    assert.equal(d.registers[1]!.bits[0]!.name, null);
  });

  test('an empty value is the default for every bit, like an absent line', () => {
    const d = maskDiff(line('cpuid.1.ecx', { 28: '0' }), 'cpuid.1.ecx = ""');
    assert.deepEqual(rows(only(d)), ['AVX@28 0→- back to the default (host value)']);
  });

  test('unchanged lines are not reported; nothing changed → no CPUID changes', () => {
    const text = `${line('cpuid.1.ecx', { 28: '0' })}\nfeatMask.vm.cpuid.AVX2 = "Val:0"\nnumvcpus = "2"\n`;
    const d = maskDiff(text, `# moved\n${text}`);
    assert.deepEqual(d.registers, []);
    assert.deepEqual(d.featMasks, []);
    assert.deepEqual(d.otherKeys, { added: 0, removed: 0, changed: 0 });
    assert.equal(hasCpuidChanges(d), false);
    assert.equal(d.compatibility, undefined, 'no targets: no compatibility section');
  });

  test('accepts parsed models as well as texts, and labels', () => {
    const d = maskDiff(modelOf(''), modelOf(line('cpuid.1.ecx', { 28: '0' })), { oldLabel: 'HEAD:vm.vmx', newLabel: 'vm.vmx' });
    assert.equal(d.oldLabel, 'HEAD:vm.vmx');
    assert.equal(d.newLabel, 'vm.vmx');
    assert.equal(only(d).change, 'added');
  });
});

describe('review: mask diff, lines added, removed, respelled', () => {
  test('an added mask line: its non-default flags against the default', () => {
    const d = maskDiff('numvcpus = "2"\n', `numvcpus = "2"\n${line('cpuid.7.0.ebx', { 5: '0', 3: '0' })}\n`);
    const r = only(d);
    assert.equal(r.change, 'added');
    assert.equal(r.old, undefined);
    assert.deepEqual(r.new, { key: 'cpuid.7.0.ebx', line: 2, value: mask({ 5: '0', 3: '0' }) });
    assert.deepEqual(rows(r), ['AVX2@5 -→0 hidden from the guest', 'BMI1@3 -→0 hidden from the guest']);
  });

  test('a removed mask line: its flags go back to the default', () => {
    const d = maskDiff(`${line('cpuid.80000001.edx', { 27: '0' })}\n`, '');
    const r = only(d);
    assert.equal(r.change, 'removed');
    assert.equal(r.new, undefined);
    assert.deepEqual(rows(r), ['RDTSCP@27 0→- back to the default (host value)']);
  });

  test('an added line that only writes defaults is listed, with no bits', () => {
    const r = only(maskDiff('', 'cpuid.1.ecx = "----:----:----:----:----:----:----:----"\n'));
    assert.equal(r.change, 'added');
    assert.deepEqual(r.bits, []);
  });

  test('registers match across spellings: cpuid.1.0.ecx and cpuid.1.ecx are one register', () => {
    const d = maskDiff(`${line('cpuid.1.0.ecx', { 28: '0' })}\n`, `${line('cpuid.1.ecx', { 28: '0', 29: '0' })}\n`);
    const r = only(d);
    assert.equal(r.change, 'changed');
    assert.equal(r.respelled, true);
    assert.equal(r.old!.key, 'cpuid.1.0.ecx');
    assert.equal(r.new!.key, 'cpuid.1.ecx');
    assert.deepEqual(rows(r), ['F16C@29 -→0 hidden from the guest'], 'AVX is hidden in both: not a change');
  });

  test('a respelled or regrouped key with the same flags is listed without bits', () => {
    const flags = mask({ 28: '0' });
    const respelled = only(maskDiff(`cpuid.1.0.ecx = "${flags}"`, `cpuid.1.ecx = "${flags}"`));
    assert.equal(respelled.respelled, true);
    assert.deepEqual(respelled.bits, []);
    const regrouped = only(maskDiff(`cpuid.1.ecx = "${flags}"`, `cpuid.1.ecx = "${flags.replace(/:/g, '')}"`));
    assert.equal(regrouped.respelled, false);
    assert.deepEqual(regrouped.bits, []);
  });

  test('.amd masks are registers of their own', () => {
    const d = maskDiff(line('cpuid.1.ecx', { 28: '0' }), `${line('cpuid.1.ecx', { 28: '0' })}\n${line('cpuid.1.ecx.amd', { 28: '0' })}`);
    const r = only(d);
    assert.equal(r.id, '1.0.ecx.amd');
    assert.equal(r.change, 'added');
    assert.match(r.sdm, /AMD hosts/);
  });

  test('a register written twice: the last line counts (as VMware applies it)', () => {
    const d = maskDiff('', `${line('cpuid.1.ecx', { 28: '0' })}\n${line('cpuid.1.0.ecx', { 29: '0' })}\n`);
    const r = only(d);
    assert.equal(r.new!.line, 2);
    assert.deepEqual(rows(r), ['F16C@29 -→0 hidden from the guest']);
  });

  test('other keys are only counted: added, removed, changed (keys ignore case)', () => {
    const d = maskDiff('numvcpus = "2"\nmemsize = "4096"\nfoo = "1"\ncpuid.coresPerSocket = "1"\n', 'NUMVCPUS = "2"\nmemsize = "8192"\nbar = "1"\ncpuid.coresPerSocket = "2"\n');
    assert.deepEqual(d.otherKeys, { added: 1, removed: 1, changed: 3 });
    assert.deepEqual(d.registers, []);
  });
});

describe('review: mask diff, featMask lines and invalid input', () => {
  test('featMask lines added, removed and changed, matched ignoring case', () => {
    const d = maskDiff(
      'featMask.vm.cpuid.AVX2 = "Val:0"\nfeatMask.vm.cpuid.SHA = "Val:0"\nfeatmask.vm.cpuid.avx512f = "Val:0"\n',
      'featMask.vm.cpuid.AVX2 = "Min:1"\nfeatMask.vm.cpuid.AVX512F = "Val:0"\nfeatMask.vm.cpuid.PDPE1GB = "Val:1"\n',
    );
    const by = Object.fromEntries(d.featMasks.map((f) => [f.key, f]));
    assert.deepEqual(
      d.featMasks.map((f) => [f.key, f.change]),
      [
        ['featMask.vm.cpuid.AVX2', 'changed'],
        ['featMask.vm.cpuid.AVX512F', 'changed'],
        ['featMask.vm.cpuid.PDPE1GB', 'added'],
        ['featMask.vm.cpuid.SHA', 'removed'],
      ],
    );
    assert.match(by['featMask.vm.cpuid.AVX2']!.effect, /^require AVX2 ≥ 1/);
    assert.equal(by['featMask.vm.cpuid.PDPE1GB']!.effect, 'set PDPE1GB to exactly 1 for the guest');
    assert.equal(by['featMask.vm.cpuid.SHA']!.effect, 'removed: back to the default (host value)');
    assert.equal(by['featMask.vm.cpuid.SHA']!.old!.line, 2);
    assert.equal(by['featMask.vm.cpuid.AVX2']!.known, true);
  });

  test('an invalid featMask value and an unknown name are reported, not thrown', () => {
    const d = maskDiff('', 'featMask.vm.cpuid.AVX2 = "Val:x"\nfeatMask.vm.cpuid.NOSUCHTHING = "Val:0"\nfeatMask.vm = "x"\n');
    assert.match(d.featMasks[0]!.invalid.new!, /"x" is not a number/);
    assert.match(d.featMasks[0]!.effect, /^invalid: /);
    assert.equal(d.featMasks[1]!.known, false);
    assert.equal(d.featMasks.length, 3);
  });

  test('an invalid new mask: the reason, and the old flags it replaces with the new side unknown', () => {
    const d = maskDiff(line('cpuid.1.ecx', { 28: '0' }), 'cpuid.1.ecx = "----:----:----:----:----:----:----:---"');
    const r = only(d);
    assert.equal(r.invalid.new, '31 flags, expected 32');
    assert.equal(r.invalid.old, undefined);
    assert.deepEqual(rows(r), ['AVX@28 0→? unknown: the new value is invalid']);
  });

  test('an invalid old mask: the new flags are shown with the old side unknown', () => {
    const r = only(maskDiff('cpuid.1.ecx = "0x10000000"', line('cpuid.1.ecx', { 28: '0' })));
    assert.equal(r.invalid.old, 'a hexadecimal number, not 32 flag characters');
    assert.deepEqual(rows(r), ['AVX@28 ?→0 hidden from the guest']);
  });

  test('invalid characters and both sides invalid', () => {
    const r = only(maskDiff('cpuid.1.ecx = "0"', 'cpuid.1.ecx = "----:----:----:----:----:----:----:---Q"'));
    assert.equal(r.invalid.old, '1 flag, expected 32');
    assert.equal(r.invalid.new, '"Q" is not a flag character');
    assert.deepEqual(r.bits, []);
  });

  test('mask keys VMware cannot read are reported with the reason', () => {
    const d = maskDiff('', 'cpuid.8000000A:eax = "----:----:----:----:----:----:----:----"\n');
    assert.equal(d.invalidKeys.length, 1);
    assert.equal(d.invalidKeys[0]!.change, 'added');
    assert.match(d.invalidKeys[0]!.reason, /":" separates the register/);
    assert.equal(hasCpuidChanges(d), true);
  });

  test('never throws on odd text', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = 'cpuid.1.ecx featMask.vm.cpuid.AVX = "-01HhRxXTF:\u2014\uFFFD\r\n\0#|';
    for (let i = 0; i < 200; i++) {
      const gen = () => Array.from({ length: Math.floor(rnd() * 200) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      assert.doesNotThrow(() => maskDiff(gen(), gen(), { config: configOf(undefined, [host('t', { has: ['avx'] })]) }));
    }
  });
});

describe('review: mask diff, vMotion targets gained and lost', () => {
  const AVX_FAMILY = ['avx', 'avx2', 'fma', 'f16c'];
  const haswell = host('esx-haswell', { has: [...AVX_FAMILY, 'movbe'] });
  const westmere = host('esx-westmere', { lacks: [...AVX_FAMILY, 'movbe'] });
  const noAvx2 = host('esx02', { has: ['avx', 'fma', 'f16c', 'movbe'], lacks: ['avx2'] });
  const broadwell = host('esx-broadwell', { has: [...AVX_FAMILY, 'movbe'] });
  const config = configOf(haswell, [westmere, noAvx2, broadwell]);

  const hideAll = [line('cpuid.1.ecx', { 28: '0', 29: '0', 12: '0', 22: '0' }), line('cpuid.7.0.ebx', { 5: '0' })].join('\n') + '\n';
  const hideAvx2 = line('cpuid.7.0.ebx', { 5: '0' }) + '\n';

  test('unhiding the AVX family loses westmere, names what blocks it', () => {
    const d = maskDiff(hideAll, hideAvx2, { config });
    const c = d.compatibility!;
    assert.equal(c.source, 'esx-haswell');
    assert.equal(c.evc, true);
    assert.deepEqual(c.lost, ['esx-westmere']);
    assert.deepEqual(c.gained, []);
    const w = c.targets.find((t) => t.target === 'esx-westmere')!;
    assert.equal(w.change, 'lost');
    assert.deepEqual(w.before, []);
    assert.deepEqual(w.after.map((b) => `${b.feature}:${b.why}`).sort(), ['AVX:target-lacks', 'F16C:target-lacks', 'FMA:target-lacks', 'MOVBE:target-lacks']);
    assert.equal(c.targets.find((t) => t.target === 'esx02')!.change, 'unchanged');
    assert.equal(losesTarget(d), true);
  });

  test('hiding AVX2 gains esx02 (moves to: +esx02); nothing lost', () => {
    const d = maskDiff('', hideAvx2, { config });
    assert.deepEqual(d.compatibility!.gained, ['esx02']);
    assert.deepEqual(d.compatibility!.lost, []);
    assert.equal(losesTarget(d), false);
    assert.deepEqual(d.compatibility!.targets.find((t) => t.target === 'esx02')!.before, [{ feature: 'AVX2', why: 'target-lacks' }]);
  });

  test('blocked before and after, for other features: still-blocked', () => {
    const d = maskDiff(line('cpuid.1.ecx', { 28: '0' }), line('cpuid.1.ecx', { 29: '0' }), { config });
    const w = d.compatibility!.targets.find((t) => t.target === 'esx-westmere')!;
    assert.equal(w.change, 'still-blocked');
    assert.ok(w.after.some((b) => b.feature === 'AVX'));
    assert.ok(!w.after.some((b) => b.feature === 'F16C'));
  });

  test('a featMask change moves targets too; without EVC, mismatches count', () => {
    const d = maskDiff('featMask.vm.cpuid.AVX2 = "Val:0"\n', '', { config });
    assert.deepEqual(d.compatibility!.lost, ['esx02']);
    const noEvc = maskDiff('', '', { config: configOf(noAvx2, [haswell], false) });
    assert.deepEqual(noEvc.compatibility!.targets[0]!.after.map((b) => b.why), ['no-evc-mismatch']);
  });

  test('targets but no source: still compared; no targets: no section', () => {
    const d = maskDiff('', line('cpuid.1.ecx', { 28: '1' }), { config: configOf(undefined, [westmere]) });
    assert.equal(d.compatibility!.source, null);
    assert.deepEqual(d.compatibility!.lost, ['esx-westmere']);
    assert.equal(maskDiff('', hideAvx2, { config: configOf(haswell, []) }).compatibility, undefined);
  });
});
