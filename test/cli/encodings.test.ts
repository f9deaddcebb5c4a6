import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import { checkBytes } from '../../cli/src/checkFile';
import { runCliInProcess, runCliProcess, type JsonReport } from '../support/cli';
import { latin1 } from '../support/fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-enc-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

async function jsonOf(file: string): Promise<{ code: number | null; diagnostics: JsonReport['files'][number]['diagnostics'] }> {
  const r = runCliProcess(['check', '--format', 'json', file]);
  assert.equal((await runCliInProcess(['check', '--format', 'json', file])).stdout, r.stdout, 'process and run() agree');
  assert.equal(r.stderr, '');
  const report = JSON.parse(r.stdout) as JsonReport;
  return { code: r.code, diagnostics: report.files[0]!.diagnostics };
}

describe('cli: encodings', () => {
  test('windows-1252 declared: 0xE9 decodes as é, no invalid-bytes, columns count characters', async () => {
    // The unquoted value with a space makes a malformed-line whose message quotes the decoded text.
    const file = write('cp1252.vmx', Buffer.concat([latin1('.encoding = "windows-1252"\r\ndisplayName = "Caf'), Buffer.from([0xe9]), latin1('"\r\nannotation = Caf'), Buffer.from([0xe9]), latin1(' au lait\r\n')]));
    const { code, diagnostics } = await jsonOf(file);
    assert.equal(code, 1);
    assert.deepEqual(diagnostics.map((d) => d.code), ['malformed-line']);
    assert.ok(diagnostics[0]!.message.includes('Unexpected text "au lait" after the value "Café"'), diagnostics[0]!.message);
    assert.deepEqual(diagnostics[0]!.range, { start: { line: 2, character: 'annotation = Café '.length }, end: { line: 2, character: 'annotation = Café au lait'.length } });
    const report = checkBytes(file, fs.readFileSync(file));
    assert.equal(report.encoding, 'windows-1252');
  });

  test('the same bytes declared UTF-8: an invalid-bytes warning at the byte column, no crash, exit 0', async () => {
    const file = write('utf8-bad.vmx', Buffer.concat([latin1('.encoding = "UTF-8"\ndisplayName = "Caf'), Buffer.from([0xe9]), latin1('"\n')]));
    const { code, diagnostics } = await jsonOf(file);
    assert.equal(code, 0, 'a warning is not an error');
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['invalid-bytes', 'warning']]);
    assert.deepEqual(diagnostics[0]!.range, { start: { line: 1, character: 18 }, end: { line: 1, character: 19 } });
    assert.ok(diagnostics[0]!.message.includes('.encoding = "UTF-8"'), diagnostics[0]!.message);
    const text = runCliProcess(['check', file]).stdout;
    assert.ok(text.startsWith(`${file}:2:19: warning invalid-bytes: `), text);
  });

  test('no declaration and Latin-1 bytes: read as UTF-8, invalid-bytes says there is no declaration', async () => {
    const file = write('undeclared.vmx', Buffer.concat([latin1('memsize = "1"\ndisplayName = "'), Buffer.from([0xff, 0xfe]), latin1('"\n')]));
    const { diagnostics } = await jsonOf(file);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['invalid-bytes', 1, 15]]);
    assert.ok(diagnostics[0]!.message.includes('no .encoding declaration'), diagnostics[0]!.message);
  });

  test('GBK and Shift_JIS samples decode (messages show the decoded text)', async () => {
    const samples: [string, string, string][] = [
      ['gbk.vmx', 'GBK', '中文 虚拟机'],
      ['sjis.vmx', 'Shift_JIS', '仮想 マシン'],
      ['cp1251.vmx', 'windows-1251', 'Виртуальная машина'],
    ];
    for (const [name, encoding, value] of samples) {
      const file = write(name, Buffer.concat([latin1(`# comment\n.encoding = "${encoding}"\ndisplayName = `), iconv.encode(value, encoding), latin1('\n')]));
      const { diagnostics } = await jsonOf(file);
      const [first, second] = value.split(' ');
      assert.deepEqual(diagnostics.map((d) => d.code), ['malformed-line'], name);
      assert.ok(diagnostics[0]!.message.includes(`Unexpected text "${second}" after the value "${first}"`), diagnostics[0]!.message);
      assert.deepEqual(diagnostics[0]!.range.start, { line: 2, character: `displayName = ${first} `.length }, name);
    }
  });

  test('a UTF-8 BOM and CRLF: positions do not count the BOM', async () => {
    const file = write('bom.vmx', Buffer.from('\uFEFFdisplayName = “x”\r\n', 'utf8'));
    const { diagnostics } = await jsonOf(file);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), [['typographic-quote', { start: { line: 0, character: 14 }, end: { line: 0, character: 17 } }]]);
  });

  test('random bytes never crash the checker (in-process, many inputs)', () => {
    const declared = fc.constantFrom('', '.encoding = "UTF-8"\n', '.encoding = "windows-1252"\n', '.encoding = "GBK"\n', '.encoding = "Shift_JIS"\n', '.encoding = "UTF-16"\n', '.encoding = "utf-7"\n', '.encoding = "nope"\n');
    fc.assert(
      fc.property(declared, fc.uint8Array({ maxLength: 300 }), (decl, bytes) => {
        const report = checkBytes('random.vmx', Buffer.concat([latin1(decl), Buffer.from(bytes)]));
        for (const p of report.problems) {
          assert.ok(p.range.start.line >= 0 && p.range.start.character >= 0);
          assert.equal(typeof p.message, 'string');
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('random bytes never crash the CLI process: exit 0 or 1, no internal error', () => {
    const samples = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 2000 }), { numRuns: 8, seed: 42 });
    const files = samples.map((bytes, i) => write(`random-${i}.vmx`, Buffer.from(bytes)));
    files.push(write('random-utf16.vmx', Buffer.concat([latin1('.encoding = "UTF-16"\n'), Buffer.from(samples[0]!)])));
    const r = runCliProcess(['check', '--format', 'sarif', ...files]);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.ok(!r.stderr.includes('internal error'), r.stderr);
    assert.equal((JSON.parse(r.stdout) as { version: string }).version, '2.1.0');
  });
});
