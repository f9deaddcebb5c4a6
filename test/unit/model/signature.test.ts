import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMaskValue } from '../../../server/src/model/maskValue';
import { decodeSignature, describeSignature, forcedField, forcedValue, registerAscii } from '../../../server/src/model/signature';

const sig = (mask: string) => decodeSignature(parseMaskValue(mask));

describe('model: signature and vendor string', () => {
  test('leaf 1 EAX 0x000906EA: family 6, model 0x9E (extended model 9 joins in for family 6), stepping 10', () => {
    const s = sig('0000:0000:0000:1001:0000:0110:1110:1010');
    assert.deepEqual(s, { stepping: 10, model: 0xe, family: 6, type: 0, extModel: 9, extFamily: 0, displayFamily: 6, displayModel: 0x9e });
    assert.equal(describeSignature(s), 'family 6 (0x6), model 158 (0x9E), stepping 10');
  });

  test('family 0xF adds the extended family: AMD Zen 0x00800F11 is family 0x17 model 1', () => {
    const s = sig('0000:0000:1000:0000:0000:1111:0001:0001');
    assert.equal(s.family, 0xf);
    assert.equal(s.extFamily, 8);
    assert.equal(s.displayFamily, 0x17);
    assert.equal(s.displayModel, 1);
    assert.equal(describeSignature(s), 'family 23 (0x17), model 1 (0x1), stepping 1');
  });

  test('family 0xF also takes the extended model: Zen 3 0x00A20F10 is family 0x19 model 0x21', () => {
    const s = sig('0000:0000:1010:0010:0000:1111:0001:0000');
    assert.equal(s.displayFamily, 0x19);
    assert.equal(s.displayModel, 0x21);
    assert.equal(describeSignature(s), 'family 25 (0x19), model 33 (0x21), stepping 0');
  });

  test('other families ignore the extended model: family 5 model 4 stays model 4', () => {
    const s = sig('0000:0000:0000:0001:0000:0101:0100:0000');
    assert.equal(s.displayFamily, 5);
    assert.equal(s.displayModel, 4);
  });

  test('only forced fields are decoded; an unforced extended field leaves the display value unknown', () => {
    assert.deepEqual(sig('----:----:----:----:----:0110:----:----'), { family: 6, displayFamily: 6 });
    assert.equal(describeSignature(sig('----:----:----:----:----:0110:----:----')), 'family 6 (0x6)');
    const f = sig('----:----:----:----:----:1111:----:----');
    assert.equal(f.displayFamily, undefined, 'family 0xF needs the extended family');
    assert.equal(describeSignature(f), 'base family 0xF');
    const m = sig('----:----:----:----:----:0110:1110:----');
    assert.equal(m.displayModel, undefined, 'family 6 needs the extended model');
    assert.equal(describeSignature(m), 'family 6 (0x6), base model 0xE');
    // one host flag in the field and the field is not forced
    assert.equal(sig('----:----:----:----:----:01h0:----:----').family, undefined);
    assert.equal(describeSignature(sig('----:----:----:----:----:----:----:----')), undefined);
    assert.deepEqual(sig('00000001'), {}, 'an incomplete value decodes nothing');
  });

  test('forced values and fields', () => {
    assert.equal(forcedValue(parseMaskValue('0111:0101:0110:1110:0110:0101:0100:0111')), 0x756e6547);
    assert.equal(forcedValue(parseMaskValue('1111:1111:1111:1111:1111:1111:1111:1111')), 0xffffffff);
    assert.equal(forcedValue(parseMaskValue('0111:0101:0110:1110:0110:0101:0100:011-')), undefined);
    assert.equal(forcedValue(parseMaskValue('0111')), undefined);
    assert.equal(forcedField(parseMaskValue('----:----:----:----:----:----:1110:----'), 4, 7), 0xe);
    assert.equal(forcedField(parseMaskValue('----:----:----:----:----:----:1110:----'), 3, 7), undefined);
  });

  test('vendor-string registers read lowest byte first; other bytes are escaped', () => {
    assert.equal(registerAscii(0x756e6547), 'Genu');
    assert.equal(registerAscii(0x49656e69), 'ineI');
    assert.equal(registerAscii(0x6c65746e), 'ntel');
    assert.equal(registerAscii(0x68747541), 'Auth');
    assert.equal(registerAscii(0x00000001), '\\x01\\x00\\x00\\x00');
  });
});
