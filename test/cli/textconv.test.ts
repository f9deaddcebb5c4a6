/**
 * `vmx-cpuid textconv`, in process: annotations appended to mask and
 * featMask lines, every other byte passed through as it was, exit 0 on any
 * readable file whatever it holds (git aborts the diff otherwise), 2 only
 * when the file cannot be read.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitLines, textconvBytes, textconvCommand } from '../../cli/src/textconvCommand';

interface Result {
  code: number;
  bytes: Buffer;
  stdout: string;
  stderr: string;
}

/** With a byte writer, as the process's Io has; `textOnly` runs without one. */
async function textconv(args: string[], textOnly = false): Promise<Result> {
  const chunks: Buffer[] = [];
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => {
      stdout += t;
      chunks.push(Buffer.from(t, 'utf8'));
    },
    stderr: (t: string) => (stderr += t),
    ...(textOnly ? {} : { stdoutBytes: (b: Uint8Array) => chunks.push(Buffer.from(b)) }),
  };
  const code = await textconvCommand(args, io);
  return { code, bytes: Buffer.concat(chunks), stdout, stderr };
}

let dir: string;
const write = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-textconv-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The output without annotations: must be the input, byte for byte. */
function stripNotes(out: Buffer): Buffer {
  return Buffer.from(out.toString('latin1').replace(/ # vmx-cpuid: [^\r\n]*/g, ''), 'latin1');
}

describe('cli textconv', () => {
  test('annotates mask and featMask lines on the same line; everything else unchanged', async () => {
    const text = [
      '.encoding = "UTF-8"',
      'displayName = "Café — test"',
      'cpuid.1.ecx = "--00:----:----:----:---0:----:----:----"',
      'featMask.vm.cpuid.AVX2 = "Val:0"',
      'numvcpus = "2"',
      '',
    ].join('\r\n');
    const r = await textconv([write('plain.vmx', text)]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.equal(
      r.bytes.toString('utf8'),
      [
        '.encoding = "UTF-8"',
        'displayName = "Café — test"',
        'cpuid.1.ecx = "--00:----:----:----:---0:----:----:----" # vmx-cpuid: −AVX −F16C −FMA',
        'featMask.vm.cpuid.AVX2 = "Val:0" # vmx-cpuid: hide AVX2 from the guest (value forced to 0)',
        'numvcpus = "2"',
        '',
      ].join('\r\n'),
    );
  });

  test('a file in a legacy encoding keeps its bytes; annotations are ASCII there', async () => {
    const bytes = Buffer.concat([
      Buffer.from('.encoding = "windows-1252"\ndisplayName = "Caf', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from('"\ncpuid.1.ecx = "---0:----:----:----:----:----:----:----"\nfeatMask.vm.cpuid.AVX = "Min:1"\n', 'latin1'),
    ]);
    const r = await textconv([write('cp1252.vmx', bytes)]);
    assert.equal(r.code, 0);
    assert.deepEqual(stripNotes(r.bytes), bytes);
    assert.match(r.bytes.toString('latin1'), /cpuid\.1\.ecx = "[^"]*" # vmx-cpuid: -AVX\n/);
    assert.match(r.bytes.toString('latin1'), /# vmx-cpuid: require AVX >= 1/);
  });

  test('no mask lines: the bytes exactly as read (BOM, lone CR, no final newline)', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a = "1"\rb = "2"\r\nc = "3"', 'utf8')]);
    const r = await textconv([write('bom.vmx', bytes)]);
    assert.equal(r.code, 0);
    assert.deepEqual(r.bytes, bytes);
  });

  test('odd content always exits 0: random bytes, invalid UTF-8, NUL bytes, a 1 MB line', async () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const cases: [string, Buffer][] = [];
    for (let i = 0; i < 20; i++) cases.push([`random-${i}.vmx`, Buffer.from(Array.from({ length: Math.floor(rnd() * 4096) }, () => Math.floor(rnd() * 256)))]);
    cases.push(['invalid-utf8.vmx', Buffer.concat([Buffer.from('cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\ndisplayName = "', 'utf8'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"\n')])]);
    cases.push(['nul.vmx', Buffer.from('a = "1"\0\0\ncpuid.1.ecx = "\0"\n', 'latin1')]);
    cases.push(['huge-line.vmx', Buffer.from(`cpuid.1.ecx = "${'-'.repeat(1 << 20)}"\nb = "${'x'.repeat(1 << 20)}"\n`)]);
    cases.push(['empty.vmx', Buffer.alloc(0)]);
    cases.push(['utf16.vmx', Buffer.from('\uFEFF.encoding = "UTF-16LE"\ncpuid.1.ecx = "---0:----:----:----:----:----:----:----"\n', 'utf16le')]);
    cases.push(['declared-utf16.vmx', Buffer.from('.encoding = "UTF-16"\ncpuid.1.ecx = "---0:----:----:----:----:----:----:----"\n', 'latin1')]);
    for (const [name, bytes] of cases) {
      const started = Date.now();
      const r = await textconv([write(name, bytes)]);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.equal(r.stderr, '', name);
      assert.deepEqual(stripNotes(r.bytes), bytes, `${name}: every byte passes through`);
      assert.ok(Date.now() - started < 5000, `${name} took ${Date.now() - started} ms`);
    }
  });

  test('without a byte writer, the text goes through io.stdout (invalid bytes become U+FFFD)', async () => {
    const r = await textconv([write('text-only.vmx', Buffer.from([0x61, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x22, 0x0a]))], true);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'a = "\uFFFD"\n');
  });

  test('2 only when the file cannot be read, naming it and why; usage errors are 2 too', async () => {
    const missing = path.join(dir, 'missing.vmx');
    let r = await textconv([missing]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `vmx-cpuid: cannot read ${missing}: no such file or directory\n`);
    assert.equal(r.bytes.length, 0);
    r = await textconv([dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is a directory/);
    assert.equal((await textconv([])).code, 2);
    assert.equal((await textconv(['a', 'b'])).code, 2);
    r = await textconv(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /git config diff\.vmx\.textconv "vmx-cpuid textconv"/);
  });

  test('line splitting matches the parser: \\n, \\r\\n and a lone \\r', () => {
    const parts = splitLines(Buffer.from('a\nb\r\nc\rd'));
    assert.deepEqual(
      parts.map((p) => [p.start, p.end, p.eolEnd]),
      [
        [0, 1, 2],
        [2, 3, 5],
        [5, 6, 7],
        [7, 8, 8],
      ],
    );
    assert.deepEqual(Buffer.from(textconvBytes(Buffer.from('x = "1"\n'))), Buffer.from('x = "1"\n'));
  });
});
