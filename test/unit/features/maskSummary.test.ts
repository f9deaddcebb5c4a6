import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { maskChanges, maskSummary } from '../../../server/src/features/maskSummary';
import type { MaskLine } from '../../../server/src/model/cpuidView';
import { modelOf } from '../../support/model';

function maskLine(line: string): MaskLine {
  const mask = modelOf(line).cpuid.maskAt(0);
  assert.ok(mask, `not a mask line: ${line}`);
  return mask;
}

describe('feature: mask summary', () => {
  test('changes list every non-default flag, bit 31 first, with its feature', () => {
    const changes = maskChanges(maskLine('cpuid.1.ecx = "--00:----:----:---h:---0:----:--H-:----"'));
    assert.deepEqual(
      changes.map((c) => [c.bit, c.flag, c.feature, c.label]),
      [
        [29, '0', 'F16C', '−F16C'],
        [28, '0', 'AVX', '−AVX'],
        [16, 'h', 'bit16', 'host:bit16'],
        [12, '0', 'FMA', '−FMA'],
        [5, 'H', 'VMX', 'host:VMX'],
      ],
    );
  });

  test('a field is summarised once, with all its flags', () => {
    const changes = maskChanges(maskLine('cpuid.1.ebx = "----:----:1111:1111:----:----:----:---1"'));
    assert.deepEqual(
      changes.map((c) => c.label),
      ['max_logical_cpus:11111111', 'brand_index:-------1'],
    );
  });

  test('the summary names features alphabetically, uncatalogued bits last', () => {
    assert.equal(maskSummary(maskLine('cpuid.1.ecx = "--00:----:----:---h:---0:----:--H-:----"')), '−AVX −F16C −FMA host:VMX host:bit16');
    assert.equal(maskSummary(maskLine('cpuid.80000001.edx = "--0-:0---:---0:----:----:----:----:----"')), '−LM −NX −RDTSCP');
  });

  test('at most `max` changes, then a count of the rest', () => {
    assert.equal(maskSummary(maskLine('cpuid.1.ecx = "--00:----:----:----:---0:----:--H-:----"'), 2), '−AVX −F16C +2 more');
  });

  test('nothing to say for default, empty or incomplete values', () => {
    assert.equal(maskSummary(maskLine('cpuid.1.ecx = "----:----:----:----:----:----:----:----"')), undefined);
    assert.equal(maskSummary(maskLine('cpuid.1.ecx = ""')), undefined);
    assert.equal(maskSummary(maskLine('cpuid.1.ecx = "00000001"')), undefined);
    assert.deepEqual(maskChanges(maskLine('cpuid.1.ecx = "00000001"')), []);
  });

  test('vendor and signature registers say what they spell; partly forced leaf-0 registers list bits', () => {
    assert.equal(maskSummary(maskLine('cpuid.0.ebx = "0111:0101:0110:1110:0110:0101:0100:0111"')), 'vendor "Genu"');
    assert.equal(maskSummary(maskLine('cpuid.1.eax = "----:----:----:----:----:0110:----:----"')), 'family 6 (0x6)');
    assert.equal(maskSummary(maskLine('cpuid.0.ebx = "----:----:----:----:----:----:----:---1"')), 'vendor_id_0:-------------------------------1');
  });
});
