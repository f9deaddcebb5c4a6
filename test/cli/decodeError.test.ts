import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { decodeErrorCommand } from '../../cli/src/decodeErrorCommand';
import { repoPath } from '../support/repo';
import { runCliProcess, type CliResult } from '../support/cli';

const FEATURE_LIST = `vMotion of "build-agent-7" to esx-c2750-01 failed: the target host does not support the virtual machine's current hardware requirements.
PCID
Advanced Vector Extensions (AVX)
Half-precision conversion instructions (F16C)
Instructions to read and write FS and GS base registers
XSAVE SSE State
XSAVE YMM State`;

const CPU_INCOMPATIBLE = `Host CPU is incompatible with the virtual machine's requirements at CPUID level 0x80000001 register 'edx'.
Host bits: 0010:1000:0000:0000:0000:1000:0000:0000
Required:  xx1x:xxxx:xxx1:xxxx:xxxx:xxxx:xxxx:xxxx`;

/** Runs the command in-process; `stdin` is what standard input would give. */
async function decode(args: string[], stdin?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  let stdinRead = false;
  const code = await decodeErrorCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, async () => {
    stdinRead = true;
    if (stdin === undefined) throw new Error('stdin was not expected to be read');
    return stdin;
  });
  if (stdin !== undefined) assert.ok(stdinRead, 'stdin was read');
  return { code, stdout, stderr };
}

describe('cli: vmx-cpuid decode-error', () => {
  test('text as arguments → exit 0, the explanation with ready-to-paste lines on stdout', async () => {
    const r = await decode([FEATURE_LIST]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^Decoded 1 finding:/);
    assert.match(r.stdout, /vMotion blocked: the destination host lacks features the VM uses \(PCID, AVX, F16C, FSGSBASE, XCR0_MASTER_SSE, XCR0_MASTER_YMM_H\)/);
    assert.match(r.stdout, /\n {5}cpuid\.1\.ecx = "[-0:]{39}"\n/);
    assert.match(r.stdout, /featMask\.vm\.cpuid\.XCR0_MASTER_YMM_H = "Val:0"/);
  });

  test('several arguments are joined with spaces (unquoted shell words)', async () => {
    const r = await decode(['Feature', "'cpuid.ss'", 'was', 'absent,', 'but', 'must', 'be', 'present.']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /SS must be present but is absent/);
  });

  test('"-" and no arguments read standard input', async () => {
    for (const args of [['-'], [], ['--format', 'json', '-']]) {
      const r = await decode(args, CPU_INCOMPATIBLE);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /cpuid\.80000001\.edx = \\?"----:----:---0:----:----:----:----:----\\?"/);
    }
  });

  test('--format json: version 1, recognised, the findings', async () => {
    const r = await decode(['--format', 'json', CPU_INCOMPATIBLE]);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.stdout) as { version: number; recognised: boolean; findings: { form: string; level: number; register: string; features: { name: string }[]; maskLines: { line: string }[] }[] };
    assert.equal(json.version, 1);
    assert.equal(json.recognised, true);
    assert.equal(json.findings[0]!.form, 'cpu-incompatible');
    assert.equal(json.findings[0]!.level, 0x80000001);
    assert.deepEqual(json.findings[0]!.features.map((f) => f.name), ['nx']);
  });

  test('nothing recognised → exit 1, and stderr lists the forms understood', async () => {
    const r = await decode(['The operation is not allowed in the current state.']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Nothing in the text was recognised/);
    assert.match(r.stderr, /CpuIncompatible/);
    assert.match(r.stderr, /was absent, but must be present/);
    assert.match(r.stderr, /XSAVE YMM State/);
    assert.match(r.stderr, /EVC admission/);
    const json = await decode(['-f', 'json', 'hello']);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), { version: 1, recognised: false, findings: [] });
  });

  test('usage problems → exit 2', async () => {
    const cases: [string[], RegExp, string?][] = [
      [['--format', 'sarif', 'x'], /unknown format "sarif"/],
      [['--colour', 'x'], /Unknown option '--colour'/],
      [['-', 'more text'], /cannot be combined/],
      [[], /no text given/, '  \n'],
      [['-'], /no text given/, ''],
    ];
    for (const [args, message, stdin] of cases) {
      const r = await decode(args, stdin);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    const failing = await decodeErrorCommand(['-'], { stdout: () => undefined, stderr: () => undefined }, async () => {
      throw new Error('EIO');
    });
    assert.equal(failing, 2);
  });

  test('--help → exit 0, usage on stdout', async () => {
    const r = await decode(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: vmx-cpuid decode-error \[text… \| -\] \[--format text\|json\]/);
  });

  test('real standard input of a process (pipe), read to the end', () => {
    const script = `const { decodeErrorCommand } = require(${JSON.stringify(repoPath('out', 'cli', 'src', 'decodeErrorCommand.js'))});
decodeErrorCommand(process.argv.slice(1), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then((c) => { process.exitCode = c; });`;
    const run = (args: string[], input: string) => spawnSync(process.execPath, ['-e', script, ...args], { input, encoding: 'utf8' });
    const ok = run(['-'], FEATURE_LIST);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /XCR0_MASTER_SSE/);
    const none = run([], 'nothing to see here\n');
    assert.equal(none.status, 1);
    assert.match(none.stderr, /Understood forms/);
  });

  test('through the vmx-cpuid binary once main.ts routes "decode-error" (skipped until then)', (t) => {
    const probe = runCliProcess(['decode-error', '--help']);
    if (/unknown command/.test(probe.stderr)) {
      t.skip('dist/cli.js does not route decode-error yet');
      return;
    }
    assert.equal(probe.code, 0);
    const ok = runCliProcess(['decode-error', CPU_INCOMPATIBLE]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /cpuid\.80000001\.edx = "----:----:---0:----:----:----:----:----"/);
    assert.equal(runCliProcess(['decode-error', 'hello']).code, 1);
    assert.equal(runCliProcess(['decode-error', '--format', 'xml', 'x']).code, 2);
  });
});
