/** The three forms of a mask diff: text lines, Markdown for a PR comment, JSON version 1. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { maskDiff } from '../../../server/src/review/maskDiff';
import { describeBlockers, renderDiff, renderJson, renderMarkdown, renderText } from '../../../server/src/review/maskDiffRender';
import { explainChangesMarkdown } from '../../../server/src/review/explainChanges';
import { modelOf } from '../../support/model';
import { configOf, host, mask } from '../compat/helpers';

const OLD = [
  'numvcpus = "2"',
  `cpuid.1.0.ecx = "${mask({ 12: '0' })}"`,
  `cpuid.80000001.edx = "${mask({ 27: '0' })}"`,
  'featMask.vm.cpuid.AVX2 = "Val:0"',
  'annotation = "a|7Cb"',
].join('\n');
const NEW = [
  'numvcpus = "4"',
  `cpuid.1.ecx = "${mask({ 28: '0' })}"`,
  `cpuid.7.0.ebx = "${mask({ 5: '0' })}"`,
  'featMask.vm.cpuid.AVX512F = "Val:0"',
  'cpuid.1.edx = "----"',
  'annotation = "a|7Cc"',
].join('\n');

const haswell = host('esx-haswell', { has: ['avx', 'avx2', 'fma', 'f16c', 'rdtscp'] });
const esx02 = host('esx02', { has: ['avx', 'fma', 'f16c', 'rdtscp'], lacks: ['avx2'] });
const esx07 = host('esx07', { has: ['avx2', 'fma', 'f16c', 'rdtscp'], lacks: ['avx'] });

describe('review: rendering a mask diff', () => {
  test('text: one line per bit, `register: FEATURE (bit n)  old → new  effect`, grep-friendly', () => {
    const text = renderText(maskDiff(`cpuid.1.ecx = "${mask({})}"`, `cpuid.1.ecx = "${mask({ 28: '0' })}"`, { oldLabel: 'a.vmx', newLabel: 'b.vmx' }));
    assert.equal(text, 'vmx-cpuid diff a.vmx → b.vmx\ncpuid.1.ecx: AVX (bit 28)  - → 0  hidden from the guest\n');
  });

  test('text: every kind of change, aligned, and the target delta', () => {
    const d = maskDiff(OLD, NEW, { config: configOf(haswell, [esx02, esx07]), oldLabel: 'HEAD:vm.vmx', newLabel: 'vm.vmx' });
    const text = renderText(d);
    const lines = text.split('\n');
    assert.equal(lines[0], 'vmx-cpuid diff HEAD:vm.vmx → vm.vmx');
    assert.ok(lines.includes('cpuid.1.ecx: was written cpuid.1.0.ecx (line 2)'), text);
    assert.match(text, /^cpuid\.1\.ecx: AVX \(bit 28\) +- → 0  hidden from the guest$/m);
    assert.match(text, /^cpuid\.1\.ecx: FMA \(bit 12\) +0 → -  back to the default \(host value\)$/m);
    assert.match(text, /^cpuid\.7\.0\.ebx: added \(line 3\)$/m);
    assert.match(text, /^cpuid\.80000001\.edx: removed \(was line 3\)$/m);
    assert.match(text, /^cpuid\.80000001\.edx: RDTSCP \(bit 27\) +0 → -  back to the default/m);
    assert.match(text, /^cpuid\.1\.edx: the new value "----" is invalid \(4 flags, expected 32\); its flags are unknown$/m);
    assert.match(text, /^featMask\.vm\.cpuid\.AVX512F: added "Val:0" +hide AVX512F from the guest/m);
    assert.match(text, /^featMask\.vm\.cpuid\.AVX2: removed \(was "Val:0"\) +back to the default \(host value\)$/m);
    assert.match(text, /^other settings: 2 changed$/m);
    assert.match(text, /^compatibility \(source esx-haswell, EVC on, 2 targets\):$/m);
    // Old: AVX2 hidden (esx02 moves), AVX shown (esx07 blocked). New: AVX hidden, AVX2 hidden by the mask.
    assert.match(text, /^ {2}moves to: \+esx07$/m);
    const columns = lines.filter((l) => / [-0?] → [-0?] /.test(l)).map((l) => l.indexOf(' → '));
    assert.equal(new Set(columns).size, 1, `old → new aligned:\n${text}`);
  });

  test('text: lost targets say what blocks them; no changes say so', () => {
    const d = maskDiff('featMask.vm.cpuid.AVX2 = "Val:0"', '', { config: configOf(haswell, [esx02]) });
    assert.match(renderText(d), /^ {2}no longer: esx02 \(lacks AVX2\)$/m);
    const none = renderText(maskDiff('a = "1"', 'a = "2"', { config: configOf(haswell, [esx02]) }));
    assert.match(none, /^no CPUID mask or featMask changes$/m);
    assert.match(none, /^other settings: 1 changed$/m);
    assert.match(none, /^ {2}no change: moves to 0 of 1 targets, before and after$/m);
  });

  test('markdown: a heading and a table per register, featMask table, target delta table', () => {
    const md = renderMarkdown(maskDiff(OLD, NEW, { config: configOf(haswell, [esx02, esx07]), oldLabel: 'HEAD:vm.vmx', newLabel: 'vm.vmx' }));
    assert.match(md, /^## CPUID mask changes: `HEAD:vm\.vmx` → `vm\.vmx`$/m);
    assert.match(md, /^Changed: 4 registers, 2 featMask lines\.$/m);
    assert.match(md, /^### `cpuid\.1\.ecx` — line 2, was `cpuid\.1\.0\.ecx`$/m);
    assert.match(md, /^\| bit \| feature \| old \| new \| the guest now sees \|$/m);
    assert.match(md, /^\| 28 \| AVX \| `-` \| `0` \| hidden from the guest \|$/m);
    assert.match(md, /^### `cpuid\.7\.0\.ebx` — added, line 3$/m);
    assert.match(md, /^⚠️ The new value `----` is invalid: 4 flags, expected 32\. VMware cannot apply it\.$/m);
    assert.match(md, /^\| `featMask\.vm\.cpuid\.AVX2` \| `Val:0` \| — \| removed: back to the default \(host value\) \|$/m);
    assert.match(md, /^### vMotion targets$/m);
    assert.match(md, /^- moves to: \+esx07$/m);
    assert.match(md, /^\| esx07 \| ❌ lacks AVX \| ✅ moves \|$/m);
    assert.match(md, /^Other settings: 2 changed\.$/m);
  });

  test('markdown: pipes and backticks in values cannot break a table', () => {
    const md = renderMarkdown(maskDiff('', 'featMask.vm.cpuid.A|B = "Val:`0|1`"\n'));
    const row = md.split('\n').find((l) => l.startsWith('| ``') || l.startsWith('| `featMask'))!;
    assert.ok(row, md);
    assert.equal(row.replace(/\\\|/g, '').split('|').length, 6, row);
  });

  test('json: version 1 with registers, bits, featMasks, otherKeys and compatibility', () => {
    const d = maskDiff(OLD, NEW, { config: configOf(haswell, [esx02, esx07]), oldLabel: 'HEAD:vm.vmx', newLabel: 'vm.vmx' });
    const json = JSON.parse(renderJson(d));
    assert.equal(json.version, 1);
    assert.equal(json.old, 'HEAD:vm.vmx');
    assert.equal(json.new, 'vm.vmx');
    const ecx = json.registers.find((r: { id: string }) => r.id === '1.0.ecx');
    assert.equal(ecx.change, 'changed');
    assert.equal(ecx.respelled, true);
    assert.deepEqual(ecx.bits[0], {
      bit: 28,
      hi: 28,
      feature: 'AVX',
      name: 'avx',
      old: '-',
      new: '0',
      effect: 'hidden from the guest',
      guestSees: 'always 0 (the feature is hidden)',
    });
    assert.deepEqual(json.otherKeys, { added: 0, removed: 0, changed: 2 });
    assert.deepEqual(json.compatibility.gained, ['esx07']);
    assert.deepEqual(json.compatibility.lost, []);
    assert.equal(JSON.parse(renderJson(maskDiff('', ''))).compatibility, null);
  });

  test('renderDiff picks the format; blockers are grouped by reason', () => {
    const d = maskDiff('', '');
    assert.equal(renderDiff(d, 'json'), renderJson(d));
    assert.equal(renderDiff(d, 'markdown'), renderMarkdown(d));
    assert.equal(renderDiff(d, 'text'), renderText(d));
    assert.equal(
      describeBlockers([
        { feature: 'AVX', why: 'target-lacks' },
        { feature: 'CPU vendor', why: 'must-match' },
        { feature: 'FMA', why: 'target-lacks' },
      ]),
      'lacks AVX, FMA; CPU vendor must match',
    );
  });
});

describe('review: the vmxCpuid/explainChanges report', () => {
  test('compares the old text with the open model under its configuration', () => {
    const md = explainChangesMarkdown(
      { uri: 'file:///vm.vmx', oldText: 'featMask.vm.cpuid.AVX2 = "Val:0"\n', oldLabel: 'HEAD:vm.vmx', newLabel: 'vm.vmx' },
      modelOf(''),
      configOf(haswell, [esx02]),
    );
    assert.match(md, /^## CPUID mask changes: `HEAD:vm\.vmx` → `vm\.vmx`$/m);
    assert.match(md, /^- no longer: esx02 \(lacks AVX2\)$/m);
    assert.doesNotMatch(explainChangesMarkdown({ uri: 'x', oldText: '', oldLabel: 'a', newLabel: 'b' }, modelOf(''), undefined), /vMotion targets/);
  });
});
