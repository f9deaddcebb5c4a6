import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import { computeInlayHints } from '../../../server/src/features/inlayHints';
import { parseMarkers } from '../../support/caret';
import { modelOf } from '../../support/model';

const WHOLE: Range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

/** Hints of a document whose ⁁ markers show where each hint must appear. */
function hintsOf(marked: string, range: Range = WHOLE): { hints: InlayHint[]; expected: { line: number; character: number }[] } {
  const m = parseMarkers(marked);
  return { hints: computeInlayHints(modelOf(m.text), range), expected: m.positions };
}

describe('feature: inlay hints after masks', () => {
  test('the portable Ubuntu example: hidden features, after the closing quote', () => {
    const { hints, expected } = hintsOf(
      [
        'virtualHW.version = "21"',
        '# hide AVX, F16C and FMA (leaf 1 ECX) and AVX2 / AVX-512F (leaf 7 EBX).',
        'cpuid.1.ecx = "--00:----:----:----:---0:----:----:----"⁁',
        'cpuid.7.0.ebx = "----:----:----:---0:----:----:--0-:----"⁁',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      hints.map((h) => [h.position, h.label]),
      [
        [expected[0], '−AVX −F16C −FMA'],
        [expected[1], '−AVX2 −AVX512F'],
      ],
    );
    assert.equal(hints[0]!.kind, InlayHintKind.Parameter);
    assert.equal(hints[0]!.paddingLeft, true);
    assert.match(String(hints[0]!.tooltip), /Hover a flag for details/);
  });

  test('an H on leaf 1 ECX bit 5 is host:VMX; h likewise', () => {
    const { hints, expected } = hintsOf('cpuid.1.ecx = "----:----:----:----:----:----:--H-:----"⁁\ncpuid.80000001.ecx.amd = "----:----:----:----:----:----:----:-h--"⁁\n');
    assert.deepEqual(hints.map((h) => [h.position, h.label]), [
      [expected[0], 'host:VMX'],
      [expected[1], 'host:SVM'],
    ]);
  });

  test('forced-on and requirement flags have their own prefixes; uncatalogued bits are named by number', () => {
    const { hints } = hintsOf('cpuid.1.ecx = "---1:----:----:---T:----:----:----:----"⁁\ncpuid.4.0.eax = "----:----:----:----:----:----:----:---1"⁁\n');
    assert.deepEqual(hints.map((h) => h.label), ['+AVX T:bit16', '+bit0']);
  });

  test('leaf 0 vendor registers: the characters they spell', () => {
    const { hints, expected } = hintsOf(
      [
        'cpuid.0.ebx = "0111:0101:0110:1110:0110:0101:0100:0111"⁁',
        'cpuid.0.edx = "0100:1001:0110:0101:0110:1110:0110:1001"⁁',
        'cpuid.0.ecx = "0110:1100:0110:0101:0111:0100:0110:1110"⁁',
      ].join('\n'),
    );
    assert.deepEqual(hints.map((h) => [h.position, h.label]), [
      [expected[0], 'vendor "Genu"'],
      [expected[1], 'vendor "ineI"'],
      [expected[2], 'vendor "ntel"'],
    ]);
  });

  test('leaf 1 EAX: the processor signature', () => {
    const { hints } = hintsOf('cpuid.1.eax = "0000:0000:0000:1001:0000:0110:1110:1010"⁁');
    assert.deepEqual(hints.map((h) => h.label), ['family 6 (0x6), model 158 (0x9E), stepping 10']);
  });

  test('the hint goes after the closing quote even with a trailing comment', () => {
    const { hints, expected } = hintsOf('cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"⁁  # hide VMX');
    assert.deepEqual(hints.map((h) => [h.position, h.label]), [[expected[0], '−VMX']]);
  });

  test('many changes are cut after eight', () => {
    const { hints } = hintsOf('cpuid.80000001.edx = "0000:0000:0000:0000:0000:0000:0000:0000"');
    assert.equal(hints.length, 1);
    assert.match(hints[0]!.label.toString(), /^(−\S+ ){8}\+24 more$/);
  });

  test('no hint for all-default, empty or incomplete masks, nor for other keys', () => {
    const { hints } = hintsOf(
      [
        'cpuid.1.ecx = "----:----:----:----:----:----:----:----"',
        'cpuid.1.edx = ""',
        'cpuid.7.0.ebx = "0000000"',
        'cpuid.80000001.ecx = "----:----:----:----:----:----:--?-:----"',
        'featMask.vm.cpuid.AVX2 = "Val:0"',
        'hostCPUID.1 = "000206d70020080017bee3ffbfebfbff"',
        'cpuid.coresPerSocket = "2"',
      ].join('\n'),
    );
    assert.deepEqual(hints, []);
  });

  test('hints only for lines inside the requested range', () => {
    const text = [
      'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"',
      'cpuid.1.edx = "----:----:----:----:----:----:----:---0"',
      'cpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"',
      'cpuid.80000001.edx = "----:----:---0:----:----:----:----:----"',
    ].join('\n');
    const range = { start: { line: 1, character: 0 }, end: { line: 2, character: 5 } };
    assert.deepEqual(
      computeInlayHints(modelOf(text), range).map((h) => [h.position.line, h.label]),
      [
        [1, '−FPU'],
        [2, '−AVX2'],
      ],
    );
    assert.deepEqual(computeInlayHints(modelOf(text), { start: { line: 4, character: 0 }, end: { line: 9, character: 0 } }), []);
  });
});
