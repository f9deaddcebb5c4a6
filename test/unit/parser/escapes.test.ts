import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEscapes, encodeEscapes } from '../../../server/src/parser/escapes';

describe('escapes: VMware writer (encodeEscapes)', () => {
  test('escapes ", |, DEL and control characters except TAB, with upper-case hex', () => {
    assert.equal(encodeEscapes('a"b|c\x7fd\x01e\tf\ng'), 'a|22b|7Cc|7Fd|01e\tf|0Ag');
  });

  test('leaves non-ASCII text readable', () => {
    assert.equal(encodeEscapes('Café 中文'), 'Café 中文');
  });
});

describe('escapes: decodeEscapes', () => {
  test('escape ranges are relative to the line and the value column', () => {
    const { value, escapes } = decodeEscapes('a|22b', 7, 10);
    assert.equal(value, 'a"b');
    assert.deepEqual(escapes, [{ raw: '|22', byte: 0x22, range: { start: { line: 7, character: 11 }, end: { line: 7, character: 14 } } }]);
  });

  test('property: decode(encode(s)) === s for any string without lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('|', '"', '|22', '\x7f', '\t')) }), (s) => {
        assert.equal(decodeEscapes(encodeEscapes(s), 0, 0).value, s);
      }),
      { numRuns: 1000 },
    );
  });
});
