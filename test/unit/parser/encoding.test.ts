import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as iconv from 'iconv-lite';
import fc from 'fast-check';
import { parseVmx } from '../../../server/src/parser/parse';
import { decodeVmxBytes, isKnownEncoding, sniffDeclaredEncoding } from '../../../server/src/parser/encoding';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('encoding: the .encoding declaration in raw bytes', () => {
  test('found on a later line, after a UTF-8 BOM, or not at all', () => {
    assert.equal(sniffDeclaredEncoding(bytes('# c\r\nmemsize = "1"\r\n.encoding = "GBK"\r\n')), 'GBK');
    assert.equal(sniffDeclaredEncoding(bytes([0xef, 0xbb, 0xbf], '.encoding = "UTF-8"\n')), 'UTF-8');
    assert.equal(sniffDeclaredEncoding(bytes('memsize = "1"\n')), undefined);
    assert.equal(sniffDeclaredEncoding(bytes('# .encoding = "GBK"\n')), undefined, 'a comment is not a declaration');
  });

  test('keys ignore case: .ENCODING and .Encoding are declarations too (as for the parser)', () => {
    assert.equal(sniffDeclaredEncoding(bytes('.ENCODING = "GBK"\n')), 'GBK');
    assert.equal(sniffDeclaredEncoding(bytes('memsize = "1"\n.Encoding = "Shift_JIS"\n')), 'Shift_JIS');
    const d = decodeVmxBytes(Buffer.concat([bytes('.Encoding = "GBK"\ndisplayName = "'), iconv.encode('中文', 'gbk'), bytes('"\n')]));
    assert.equal(d.encoding, 'GBK');
    assert.equal(d.text, '.Encoding = "GBK"\ndisplayName = "中文"\n');
  });

  test('known and unknown names', () => {
    for (const name of ['UTF-8', 'utf-8', 'windows-1252', 'windows-1251', 'windows-1258', 'GBK', 'Shift_JIS']) assert.ok(isKnownEncoding(name), name);
    assert.ok(!isKnownEncoding('klingon-42'));
  });
});

describe('encoding: decodeVmxBytes', () => {
  test('windows-1252: 0xE9 is é and nothing is invalid', () => {
    const d = decodeVmxBytes(bytes('.encoding = "windows-1252"\ndisplayName = "Caf', [0xe9], '"\n'));
    assert.equal(d.encoding, 'windows-1252');
    assert.equal(d.text, '.encoding = "windows-1252"\ndisplayName = "Café"\n');
    assert.deepEqual(d.invalid, []);
    assert.equal(d.unknownDeclaration, false);
  });

  test('declared UTF-8 with a Latin-1 byte: the first invalid byte of the line is reported at its column', () => {
    const d = decodeVmxBytes(bytes('.encoding = "UTF-8"\r\ndisplayName = "Caf', [0xe9], ' ', [0xe9], '"\r\n'));
    assert.equal(d.encoding, 'UTF-8');
    assert.deepEqual(d.invalid, [{ line: 1, character: 'displayName = "Caf'.length }]);
  });

  test('GBK and Shift_JIS decode', () => {
    const gbk = decodeVmxBytes(Buffer.concat([bytes('.encoding = "GBK"\ndisplayName = "'), iconv.encode('中文虚拟机', 'gbk'), bytes('"\n')]));
    assert.equal(gbk.text, '.encoding = "GBK"\ndisplayName = "中文虚拟机"\n');
    assert.deepEqual(gbk.invalid, []);
    const sjis = decodeVmxBytes(Buffer.concat([bytes('.encoding = "Shift_JIS"\ndisplayName = "'), iconv.encode('仮想マシン', 'Shift_JIS'), bytes('"\n')]));
    assert.equal(sjis.text, '.encoding = "Shift_JIS"\ndisplayName = "仮想マシン"\n');
    assert.deepEqual(sjis.invalid, []);
  });

  test('an unknown declaration falls back to UTF-8 and says so', () => {
    const d = decodeVmxBytes(bytes('.encoding = "klingon-42"\n'));
    assert.equal(d.encoding, 'UTF-8');
    assert.equal(d.declared, 'klingon-42');
    assert.equal(d.unknownDeclaration, true);
  });

  test('a UTF-8 BOM wins over a legacy declaration; invalid columns do not count the BOM', () => {
    const d = decodeVmxBytes(bytes([0xef, 0xbb, 0xbf], '.encoding = "windows-1252"  # ', [0xff], '\n'));
    assert.equal(d.encoding, 'UTF-8');
    assert.deepEqual(d.invalid, [{ line: 0, character: '.encoding = "windows-1252"  # '.length }]);
  });

  test('invalid-byte positions count lines the way the parser does (\\n, \\r\\n and a lone \\r)', () => {
    const d = decodeVmxBytes(bytes('# a\r# b\r\n# c\ndisplayName = "', [0xff], '"\n'));
    assert.deepEqual(d.invalid, [{ line: 3, character: 15 }]);
  });

  test('a U+FFFD written on purpose in valid UTF-8 is not invalid', () => {
    const d = decodeVmxBytes(Buffer.from('a = "\uFFFD"\n', 'utf8'));
    assert.deepEqual(d.invalid, []);
  });
});

describe('encoding: the byte sniffer agrees with the parser', () => {
  test('property: sniffDeclaredEncoding(bytes) is the value of parseVmx(text).encodingDeclaration', () => {
    const piece = fc.constantFrom('.encoding', '.ENCODING', '.Encoding', ' = ', '=', '"', 'UTF-8', 'GBK', 'windows-1252', '#', ' ', '\t', '\n', '\r\n', '\r', 'a', 'x = "1"', '{{', '{%');
    fc.assert(
      fc.property(fc.boolean(), fc.array(piece, { maxLength: 30 }), (bom, pieces) => {
        const text = pieces.join('');
        const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'latin1')]);
        assert.equal(sniffDeclaredEncoding(bytes), parseVmx((bom ? '\uFEFF' : '') + text).encodingDeclaration?.value, JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });
});
