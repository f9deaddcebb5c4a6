import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalMaskText, flagAtBit, parseMaskValue } from '../../../server/src/model/maskValue';

describe('model: mask values', () => {
  test('a canonical mask: 32 flags, bit 31 first, offsets count the colons', () => {
    const v = parseMaskValue('--00:----:----:----:---0:----:--h-:----');
    assert.equal(v.empty, false);
    assert.equal(v.count, 32);
    assert.equal(v.complete, true);
    assert.equal(v.canonical, true);
    assert.equal(v.looksHex, false);
    assert.deepEqual(v.invalid, []);
    assert.deepEqual(v.flags[0], { char: '-', bit: 31, offset: 0 });
    assert.deepEqual(v.flags[2], { char: '0', bit: 29, offset: 2 });
    assert.deepEqual(v.flags[4], { char: '-', bit: 27, offset: 5 });
    assert.deepEqual(v.flags[31], { char: '-', bit: 0, offset: 38 });
    assert.deepEqual(flagAtBit(v, 28), { char: '0', bit: 28, offset: 3 });
    assert.deepEqual(flagAtBit(v, 12), { char: '0', bit: 12, offset: 23 });
    assert.deepEqual(flagAtBit(v, 5), { char: 'h', bit: 5, offset: 32 });
  });

  test('space-grouped, tab-grouped and ungrouped masks are complete but not canonical', () => {
    const spaced = parseMaskValue('---- ---- ---H ---- ---- ---- ---- ----');
    assert.equal(spaced.complete, true);
    assert.equal(spaced.canonical, false);
    assert.deepEqual(flagAtBit(spaced, 20), { char: 'H', bit: 20, offset: 13 });
    const ungrouped = parseMaskValue('--------------------------H-----');
    assert.equal(ungrouped.complete, true);
    assert.equal(ungrouped.canonical, false);
    assert.deepEqual(flagAtBit(ungrouped, 5), { char: 'H', bit: 5, offset: 26 });
    const tabbed = parseMaskValue('----\t----\t----\t----\t----\t----\t----\t---1');
    assert.equal(tabbed.complete, true);
    assert.equal(flagAtBit(tabbed, 0)?.offset, 38);
    // colons in the wrong places are not the canonical grouping either
    assert.equal(parseMaskValue('--------:--------:--------:--------').canonical, false);
    assert.equal(parseMaskValue(' ----:----:----:----:----:----:----:----').canonical, false);
  });

  test('canonicalMaskText regroups every flag in fours', () => {
    const v = parseMaskValue('--------------------------H-----');
    assert.equal(canonicalMaskText(v.flags), '----:----:----:----:----:----:--H-:----');
    assert.equal(canonicalMaskText(parseMaskValue('0000 0000 0000 0011 0000 0110 1100 0011').flags), '0000:0000:0000:0011:0000:0110:1100:0011');
  });

  test('empty values keep every bit at its default', () => {
    for (const raw of ['', '   ']) {
      const v = parseMaskValue(raw);
      assert.equal(v.empty, true, JSON.stringify(raw));
      assert.equal(v.count, 0);
      assert.equal(v.complete, false);
    }
  });

  test('wrong lengths are counted, and bits are not trusted', () => {
    const short = parseMaskValue('00000001');
    assert.equal(short.count, 8);
    assert.equal(short.complete, false);
    assert.equal(flagAtBit(short, 0), undefined);
    const long = parseMaskValue('----:----:----:----:----:----:----:----:-');
    assert.equal(long.count, 33);
    assert.equal(long.complete, false);
  });

  test('characters outside the legend are invalid, at their offset; typographic dashes are marked', () => {
    const v = parseMaskValue('----:----:----:----:----:--?-:----:--\u2014-');
    assert.equal(v.count, 32);
    assert.equal(v.complete, false);
    assert.deepEqual(v.invalid, [
      { char: '?', offset: 27, typographic: false },
      { char: '\u2014', offset: 37, typographic: true },
    ]);
    assert.deepEqual(parseMaskValue('r---:----:----:----:----:----:----:----').invalid, [{ char: 'r', offset: 0, typographic: false }]);
    assert.deepEqual(parseMaskValue('\\----').invalid, [{ char: '\\', offset: 0, typographic: false }]);
  });

  test('offsets are UTF-16 offsets, also after characters outside the BMP', () => {
    const v = parseMaskValue('\u{1F600}-');
    assert.deepEqual(v.flags, [
      { char: '\u{1F600}', bit: 1, offset: 0 },
      { char: '-', bit: 0, offset: 2 },
    ]);
  });

  test('requirement characters are legend flags (complete), and hex numbers are recognised', () => {
    assert.equal(parseMaskValue('RRRR:HHHH:HHHH:XXXX:RRXX:HHHH:XXXX:XXXX').complete, true);
    assert.equal(parseMaskValue('xxxx:TTTT:FFFF:xxxx:xxxx:xxxx:xxxx:xxxx').complete, true);
    assert.equal(parseMaskValue('0x078BFBFF').looksHex, true);
    assert.equal(parseMaskValue('0000:0000:0000:0000:0000:0000:0000:0000').looksHex, false);
  });
});
