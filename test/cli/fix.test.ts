/**
 * `check --fix`: safe fixes only, atomic write, encoding/BOM/line endings kept,
 * files with undecodable bytes never touched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { fixBytes } from '../../cli/src/fixFile';
import { run } from '../../cli/src/main';

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

test('curly quotes, em dashes and a misspelt key are fixed; BOM and CRLF stay', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmx-fix-'));
  const file = path.join(dir, 'a.vmx');
  const original = '\uFEFF.encoding = "UTF-8"\r\ncpuid.0x1.ecx = \u201D----:----:----:----:----:----:--0-:----\u201D\r\ncpuid.80000001.edx = "\u2014\u2014:\u2014\u2014:\u2014-0:\u2014\u2014:\u2014\u2014:\u2014\u2014:\u2014\u2014:\u2014\u2014"\r\n';
  writeFileSync(file, original, 'utf8');
  const { out, io: fake } = io();
  const code = await run(['check', '--fix', file], fake);
  const after = readFileSync(file, 'utf8');
  assert.equal(
    after,
    '\uFEFF.encoding = "UTF-8"\r\ncpuid.1.ecx = "----:----:----:----:----:----:--0-:----"\r\ncpuid.80000001.edx = "----:----:---0:----:----:----:----:----"\r\n',
  );
  assert.equal(code, 0, out.stdout + out.stderr);
  assert.match(out.stderr, /applied \d+ safe edits to/);
});

test('a windows-1252 file keeps its encoding: only the fixed characters change', () => {
  const text = '.encoding = "windows-1252"\ndisplayName = "Caf\u00E9"\ncpuid.1.ecx = \u201C----:----:----:----:----:----:----:----\u201D\n';
  // windows-1252 has curly quotes (0x93/0x94): the file is valid, and the fix must write ASCII quotes in 1252.
  const bytes = iconv.encode(text, 'windows-1252');
  const { bytes: fixed, outcome } = fixBytes(bytes);
  assert.equal(outcome.kind, 'fixed');
  assert.equal(iconv.decode(Buffer.from(fixed!), 'windows-1252'), text.replace(/[\u201C\u201D]/g, '"'));
  assert.equal(fixed![fixed!.indexOf(0x43) + 3], 0xe9, 'é stays the single windows-1252 byte 0xE9');
});

test('undecodable bytes: the file is not touched', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vmx-fix-'));
  const file = path.join(dir, 'b.vmx');
  const bytes = Buffer.concat([Buffer.from('.encoding = "UTF-8"\ncpuid.1.ecx = \u201D----\u201D\ndisplayName = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]);
  writeFileSync(file, bytes);
  const { out, io: fake } = io();
  await run(['check', '--fix', file], fake);
  assert.deepEqual(readFileSync(file), bytes);
  assert.match(out.stderr, /--fix skipped .*b\.vmx: bytes that are not valid UTF-8 \(line 3\)/);
});

test('nothing to fix: unchanged, and fixes that change the guest are never applied', () => {
  const text = '.encoding = "UTF-8"\ncpuid.1.ecx = "----:----:----:----:----:----:--0-:----"\nnumvcpus = "2"\nnumvcpus = "4"\n';
  const { outcome } = fixBytes(Buffer.from(text));
  // The duplicate key has a fix (delete a line), but it is not safe: --fix leaves it.
  assert.equal(outcome.kind, 'unchanged');
});
