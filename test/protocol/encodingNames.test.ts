/**
 * The built node server checks `.encoding` names without loading iconv-lite
 * (server/src/node/iconvLite.ts, names taken at build time by
 * scripts/build-iconv.mjs): its `unknown-encoding` verdicts are iconv-lite's
 * own `encodingExists`, spelling variants included.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as iconv from 'iconv-lite';
import { distFile } from '../support/repo';
import { didOpen, initialize, startServer, type TestServer } from '../support/lsp';

const NAMES = [
  'UTF-8', 'utf8', ' UTF-8 ', 'windows-1252', 'Windows_1251', 'WINDOWS-1250', 'windows-1252:2000', 'cp1252', 'latin1', 'ISO-8859-1', 'ISO-8859-15',
  'GBK', 'gb2312', 'GB18030', 'cp936', 'Shift_JIS', 'sjis', 'EUC-JP', 'EUC-KR', 'Big5', 'big5-hkscs', 'KOI8-R', 'macintosh', 'UTF-16LE', 'utf-32',
  'ascii', 'US-ASCII', 'binary', 'base64', 'hex', 'cesu8',
  'klingon-8', 'utf-9', 'windows-9999', 'latin-99', 'x', '__proto__', 'constructor', 'toString', 'utf8!', 'ütf8',
];

describe('protocol: .encoding names (node server, no iconv-lite at start)', () => {
  let server: TestServer;
  before(async () => {
    server = startServer();
    await initialize(server);
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('dist/server.js does not bundle iconv-lite', () => {
    const bundle = fs.readFileSync(distFile('server.js'), 'utf8');
    assert.ok(!/node_modules[\\/]iconv-lite/.test(bundle), 'no iconv-lite module in the server bundle');
  });

  test('unknown-encoding is reported exactly for the names iconv-lite does not know', async () => {
    const verdicts: [string, boolean][] = [];
    for (const [i, name] of NAMES.entries()) {
      const uri = `file:///work/vm/encoding-${i}.vmx`;
      await didOpen(server, uri, `.encoding = "${name}"\ndisplayName = "x"\n`, 1);
      const published = await server.waitForDiagnostics((p) => p.uri === uri);
      verdicts.push([name, !published.diagnostics.some((d) => d.code === 'unknown-encoding')]);
    }
    assert.deepEqual(verdicts, NAMES.map((name) => [name, iconv.encodingExists(name.trim())]));
    assert.ok(verdicts.some(([name, known]) => name === 'windows-1252' && known));
    assert.ok(verdicts.some(([name, known]) => name === 'klingon-8' && !known));
  });
});
