import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type MarkupContent, type TextEdit } from 'vscode-languageserver-types';
import { computeCompletion, DEFAULT_MASK } from '../../../server/src/features/completion';
import { classifyCpuidKey } from '../../../server/src/model/maskKey';
import { FLAG_LEGEND } from '../../../server/src/model/legend';
import { caret } from '../../support/caret';
import { applyEdits } from '../../support/applyEdits';
import { modelOf } from '../../support/model';

function completeAt(marked: string): { text: string; position: { line: number; character: number }; items: CompletionItem[] } {
  const { text, position } = caret(marked);
  return { text, position, items: computeCompletion(modelOf(text), position) };
}

function item(items: readonly CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no completion "${label}" among ${items.length}: ${items.slice(0, 20).map((i) => i.label).join(', ')}…`);
  return found;
}

function edit(i: CompletionItem): TextEdit {
  assert.ok(i.textEdit && 'range' in i.textEdit, `"${i.label}" has no plain textEdit`);
  return i.textEdit;
}

/** The line after accepting a completion, with the snippet placeholder `${1:x}` / `${1|a,b|}` reduced to its first value. */
function accept(text: string, i: CompletionItem): string {
  const e = edit(i);
  const newText = e.newText.replace(/\$\{1:([^}]*)\}/, '$1').replace(/\$\{1\|([^,|]*)[^}]*\}/, '$1');
  return applyEdits(text, [{ range: e.range, newText }]);
}

describe('feature: completion of keys', () => {
  test('catalogued registers in VMware spelling, with the SDM name and the leaf purpose', () => {
    const { text, items } = completeAt('cpuid.⁁');
    const avx2 = item(items, 'cpuid.7.0.ebx');
    assert.equal(avx2.kind, CompletionItemKind.Property);
    assert.equal(avx2.detail, 'CPUID.(EAX=07H,ECX=0):EBX — Structured extended features');
    assert.equal(avx2.insertTextFormat, InsertTextFormat.Snippet);
    assert.deepEqual(edit(avx2).range, { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } });
    assert.equal(accept(text, avx2), `cpuid.7.0.ebx = "${DEFAULT_MASK}"`);
    const ext = item(items, 'cpuid.80000001.ecx');
    assert.equal(ext.detail, 'CPUID.(EAX=80000001H):ECX — Extended signature and features');
    assert.match((ext.documentation as MarkupContent).value, /bit 31 is the leftmost/);
    for (const label of ['cpuid.1.ecx', 'cpuid.1.edx', 'cpuid.7.1.eax', 'cpuid.d.1.eax', 'cpuid.8000000a.edx', 'cpuid.80000021.eax']) item(items, label);
  });

  test('every register offered is a canonical mask key of a catalogued register; uncatalogued ones are not offered', () => {
    const { items } = completeAt('cpuid.⁁');
    const masks = items.filter((i) => (i.sortText ?? '').startsWith('1-'));
    assert.ok(masks.length >= 30, `${masks.length} registers`);
    for (const i of masks) {
      const c = classifyCpuidKey(i.label);
      assert.ok(c?.kind === 'mask' && c.mask.spellingIssues.length === 0 && c.mask.canonical === i.label, i.label);
    }
    assert.equal(new Set(masks.map((i) => i.label)).size, masks.length, 'no register twice');
    for (const absent of ['cpuid.1.0.ecx', 'cpuid.4.0.eax', 'cpuid.2.eax', 'cpuid.40000000.ebx']) {
      assert.equal(items.find((i) => i.label === absent), undefined, absent);
    }
  });

  test('other CPU keys and the featMask entry point are offered too', () => {
    const { text, items } = completeAt('⁁');
    assert.equal(accept(text, item(items, 'cpuid.coresPerSocket')), 'cpuid.coresPerSocket = "2"');
    assert.equal(accept(text, item(items, 'hypervisor.cpuid.v0')), 'hypervisor.cpuid.v0 = "FALSE"');
    const feat = item(items, 'featMask.vm.cpuid.');
    assert.equal(feat.command?.command, 'editor.action.triggerSuggest');
  });

  test('the key range starts after indentation', () => {
    const { items } = completeAt('  cpuid.7⁁');
    assert.deepEqual(edit(item(items, 'cpuid.7.0.ebx')).range, { start: { line: 0, character: 2 }, end: { line: 0, character: 9 } });
  });

  test('when the line already has "= value", only the key is inserted', () => {
    const { text, items } = completeAt('cpuid.⁁ = "----:----:----:----:----:----:--h-:----"');
    assert.equal(accept(text, item(items, 'cpuid.1.ecx')), 'cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"');
  });

  test('featMask.vm.cpuid. offers VMware feature names with their CPUID bit', () => {
    const { text, items } = completeAt('memsize = "4096"\nfeatMask.vm.cpuid.⁁');
    assert.ok(items.every((i) => i.label.startsWith('featMask.vm.cpuid.')), 'only feature names');
    const avx2 = item(items, 'featMask.vm.cpuid.AVX2');
    assert.equal(avx2.detail, 'AVX2 — CPUID.(EAX=07H,ECX=0):EBX[5]');
    assert.deepEqual(edit(avx2).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 18 } });
    assert.equal(edit(avx2).newText, 'featMask.vm.cpuid.AVX2 = "${1|Val:0,Val:1,Min:1,Max:0|}"');
    assert.equal(accept(text, avx2), 'memsize = "4096"\nfeatMask.vm.cpuid.AVX2 = "Val:0"');
    assert.equal(item(items, 'featMask.vm.cpuid.NX').detail, 'No-execute pages (NX / XD) — CPUID.(EAX=80000001H):EDX[20]');
    assert.equal(item(items, 'featMask.vm.cpuid.FAMILY').detail, 'Base family — CPUID.(EAX=01H):EAX');
  });

  test('no completion inside a comment', () => {
    assert.deepEqual(completeAt('# cpuid.⁁').items, []);
    assert.deepEqual(completeAt('cpuid.1.ecx = ""  # cpuid.⁁').items, []);
  });
});

describe('feature: completion inside a mask value', () => {
  test('the flag characters with their meanings, inserted at the caret (empty range)', () => {
    const { text, position, items } = completeAt('cpuid.1.ecx = "----:----:----:----:----:----:--⁁-:----"');
    assert.deepEqual(items.map((i) => i.label), FLAG_LEGEND.map((f) => f.char));
    for (const i of items) {
      assert.equal(i.kind, CompletionItemKind.EnumMember);
      assert.deepEqual(edit(i).range, { start: position, end: position });
      assert.equal(edit(i).newText, i.label);
    }
    assert.equal(item(items, '0').detail, 'forced to 0');
    assert.match((item(items, '0').documentation as MarkupContent).value, /\*\*Guest sees:\*\* always 0 \(the feature is hidden\)/);
    assert.equal(item(items, 'h').detail, 'host value');
    assert.match((item(items, 'H').documentation as MarkupContent).value, /\*\*vMotion:\*\* source and destination must have the same value/);
    assert.match((item(items, 'R').documentation as MarkupContent).value, /Not documented for masks in a \.vmx/);
    assert.doesNotMatch((item(items, '1').documentation as MarkupContent).value, /Not documented for masks/);
    // the seventh group had three flags: the completion supplies the missing one
    assert.equal(accept(text, item(items, 'h')), 'cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"');
  });

  test('an empty value offers the default template first', () => {
    const { text, items } = completeAt('cpuid.1.ecx = ⁁');
    const template = items[0]!;
    assert.equal(template.label, `"${DEFAULT_MASK}"`);
    assert.equal(accept(text, template), `cpuid.1.ecx = "${DEFAULT_MASK}"`);
  });

  test('after an opening quote the template replaces it', () => {
    const { text, items } = completeAt('cpuid.7.0.ebx = "⁁');
    assert.equal(accept(text, items[0]!), `cpuid.7.0.ebx = "${DEFAULT_MASK}"`);
  });

  test('between auto-closed quotes the template replaces both: one pair of quotes remains', () => {
    const { text, items } = completeAt('cpuid.7.0.ebx = "⁁"');
    assert.equal(accept(text, items[0]!), `cpuid.7.0.ebx = "${DEFAULT_MASK}"`);
  });

  test('no template once flags are written', () => {
    const { items } = completeAt('cpuid.1.ecx = "--⁁');
    assert.equal(items.find((i) => i.label === `"${DEFAULT_MASK}"`), undefined);
  });
});

describe('feature: completion of featMask values', () => {
  test('Val/Min/Max operations, quoted when the value has no quote yet', () => {
    const { text, items } = completeAt('featMask.vm.cpuid.AVX2 = ⁁');
    assert.deepEqual(items.map((i) => i.label), ['Val:1', 'Val:0', 'Min:1', 'Max:0']);
    assert.equal(item(items, 'Min:1').detail, 'refuse to power on where the host lacks the feature');
    assert.equal(accept(text, item(items, 'Min:1')), 'featMask.vm.cpuid.AVX2 = "Min:1"');
  });

  test('inside quotes the bare operation is inserted', () => {
    const { text, items } = completeAt('featMask.vm.cpuid.AVX2 = "⁁"');
    assert.equal(accept(text, item(items, 'Val:0')), 'featMask.vm.cpuid.AVX2 = "Val:0"');
  });

  test('nothing for values of other keys', () => {
    assert.deepEqual(completeAt('memsize = "⁁"').items, []);
    assert.deepEqual(completeAt('cpuid.coresPerSocket = "⁁"').items, []);
  });
});
