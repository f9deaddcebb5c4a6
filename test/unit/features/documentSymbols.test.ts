import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { computeDocumentSymbols, MAX_SYMBOL_ENTRIES } from '../../../server/src/features/documentSymbols';
import { rangeOf } from '../../support/caret';
import { modelOf } from '../../support/model';

const contains = (outer: Range, inner: Range) =>
  (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
  (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));

function outline(symbols: readonly DocumentSymbol[]): unknown[] {
  return symbols.map((s) => (s.children ? [s.name, s.children.map((c) => c.name)] : s.name));
}

describe('feature: document symbols', () => {
  const text = [
    '.encoding = "UTF-8"', // 0
    'numvcpus = "2"', // 1
    'ethernet0.present = "TRUE"', // 2
    'ethernet0.virtualDev = "e1000e"', // 3
    '# disks', // 4
    'scsi0:0.present = "TRUE"', // 5
    'scsi0:0.fileName = "disk.vmdk"', // 6
    'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"', // 7
    'featMask.vm.cpuid.AVX = "Min:1"', // 8
    'cpuid.80000001.ecx = "----:----:----:----:----:----:----:----"', // 9
    'featMask.vm.cpuid.AVX2 = "Min:1"', // 10
    'broken line', // 11
    '',
  ].join('\n');

  test('settings are grouped by the prefix before the first dot; dotless keys and .encoding stay top-level', () => {
    const symbols = computeDocumentSymbols(modelOf(text));
    assert.deepEqual(outline(symbols), [
      '.encoding',
      'numvcpus',
      ['ethernet0', ['ethernet0.present', 'ethernet0.virtualDev']],
      ['scsi0:0', ['scsi0:0.present', 'scsi0:0.fileName']],
      ['cpuid', ['cpuid.1.ecx', 'cpuid.80000001.ecx']],
      ['featMask', ['featMask.vm.cpuid.AVX', 'featMask.vm.cpuid.AVX2']],
    ]);
  });

  test('kinds, details and ranges: a group spans its first to its last setting and contains its children', () => {
    const symbols = computeDocumentSymbols(modelOf(text));
    const encoding = symbols[0]!;
    assert.equal(encoding.kind, SymbolKind.Property);
    assert.equal(encoding.detail, 'UTF-8');
    assert.deepEqual(encoding.range, rangeOf(text, text.replace('.encoding = "UTF-8"', '[[.encoding = "UTF-8"]]')));
    assert.deepEqual(encoding.selectionRange, rangeOf(text, text.replace('.encoding = "UTF-8"', '[[.encoding]] = "UTF-8"')));

    const cpuid = symbols.find((s) => s.name === 'cpuid')!;
    assert.equal(cpuid.kind, SymbolKind.Namespace);
    assert.equal(cpuid.detail, '2 settings');
    assert.deepEqual(cpuid.range, { start: { line: 7, character: 0 }, end: { line: 9, character: 'cpuid.80000001.ecx = "----:----:----:----:----:----:----:----"'.length } });
    for (const group of symbols.filter((s) => s.children)) {
      assert.ok(contains(group.range, group.selectionRange), group.name);
      for (const child of group.children!) {
        assert.ok(contains(group.range, child.range), `${group.name} contains ${child.name}`);
        assert.ok(contains(child.range, child.selectionRange), child.name);
        assert.equal(child.kind, SymbolKind.Property);
      }
    }
    const ethernet = symbols.find((s) => s.name === 'ethernet0')!;
    assert.equal(ethernet.children![1]!.detail, 'e1000e');
    assert.deepEqual(ethernet.children![1]!.selectionRange, { start: { line: 3, character: 0 }, end: { line: 3, character: 'ethernet0.virtualDev'.length } });
  });

  test('a group takes the spelling of its first key and collects the others case-insensitively', () => {
    const symbols = computeDocumentSymbols(modelOf('Ethernet0.present = "TRUE"\nethernet0.virtualDev = "vmxnet3"\n'));
    assert.deepEqual(outline(symbols), [['Ethernet0', ['Ethernet0.present', 'ethernet0.virtualDev']]]);
    assert.equal(symbols[0]!.detail, '2 settings');
  });

  test('an empty document has no symbols', () => {
    assert.deepEqual(computeDocumentSymbols(modelOf('')), []);
  });
});

describe('feature: document symbols of a very large file', () => {
  test('the outline lists the first MAX_SYMBOL_ENTRIES settings and ends with a note saying how many more', () => {
    const lines = Array.from({ length: MAX_SYMBOL_ENTRIES + 250 }, (_, i) => `guestinfo.key${i} = "${i}"`);
    const symbols = computeDocumentSymbols(modelOf(lines.join('\n') + '\n'));
    const listed = symbols.reduce((n, s) => n + (s.children?.length ?? 0), 0);
    assert.equal(listed, MAX_SYMBOL_ENTRIES);
    const note = symbols[symbols.length - 1]!;
    assert.equal(note.name, '… 250 more settings not listed');
    assert.equal(note.detail, 'the outline lists the first 5,000 of 5,250');
    assert.equal(note.selectionRange.start.line, MAX_SYMBOL_ENTRIES);
    assert.equal(note.range.end.line, MAX_SYMBOL_ENTRIES + 249);
  });
});
