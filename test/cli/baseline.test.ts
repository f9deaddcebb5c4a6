/** `vmx-cpuid baseline`: pasteable mask lines for the features every host shares. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseVmx } from '../../server/src/parser/parse';
import { runCliInProcess, runCliProcess, type CliResult } from '../support/cli';
import { repoPath } from '../support/repo';

const SKYLAKE_DUMP = repoPath('test', 'unit', 'profiles', 'fixtures', 'cpuid-r-skylake.txt');

async function both(args: string[], check: (r: CliResult, how: string) => void): Promise<void> {
  check(runCliProcess(args), 'process');
  check(await runCliInProcess(args), 'run()');
}

describe('cli: baseline', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-baseline-'));
    fs.writeFileSync(path.join(dir, 'garbage.txt'), 'hello\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('two built-ins: exit 0, pasteable output that parses without problems', async () => {
    await both(['baseline', 'intel-haswell', 'intel-nehalem'], (r, how) => {
      assert.equal(r.code, 0, how);
      assert.equal(r.stderr, '', how);
      assert.match(r.stdout, /^# vmx-cpuid baseline of intel-haswell, intel-nehalem \(2 hosts\)/, how);
      assert.match(r.stdout, /^cpuid\.1\.ecx = "([-0]{4}:){7}[-0]{4}"$/m, how);
      const doc = parseVmx(r.stdout);
      assert.deepEqual(doc.lines.filter((l) => l.problem).map((l) => l.problem), [], how);
      assert.ok(doc.entries.length > 0, how);
    });
  });

  test('pasted into a .vmx, the VM moves from either host to the other', async () => {
    const r = await runCliInProcess(['baseline', 'intel-haswell', 'intel-nehalem']);
    const vm = path.join(dir, 'vm.vmx');
    fs.writeFileSync(vm, `displayName = "db01"\n${r.stdout}`);
    const before = await runCliInProcess(['check', '--source', 'intel-haswell', '--target', 'intel-nehalem', repoPath('test', 'support', 'fixtures', 'clean.vmx')]);
    assert.equal(before.code, 1, 'without the baseline the VM cannot move');
    for (const [s, t] of [['intel-haswell', 'intel-nehalem'], ['intel-nehalem', 'intel-haswell']]) {
      const check = await runCliInProcess(['check', '--source', s!, '--target', t!, vm]);
      assert.equal(check.code, 0, `${s} → ${t}: ${check.stdout}`);
      assert.match(check.stdout, /0 errors, 0 warnings/);
    }
  });

  test('--featmask: VMware feature names, still pasteable', async () => {
    const r = await runCliInProcess(['baseline', '--featmask', 'intel-haswell', 'intel-westmere']);
    assert.equal(r.code, 0);
    for (const name of ['AVX', 'AVX2', 'FMA', 'MOVBE']) assert.match(r.stdout, new RegExp(`^featMask\\.vm\\.cpuid\\.${name} = "Val:0"$`, 'm'));
    assert.deepEqual(parseVmx(r.stdout).lines.filter((l) => l.problem), []);
  });

  test('a raw dump and a built-in; mixed vendors get a warning', async () => {
    const r = await runCliInProcess(['baseline', SKYLAKE_DUMP, 'intel-haswell']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /baseline of intel-core-i7-6700, intel-haswell/);
    const mixed = await runCliInProcess(['baseline', 'intel-haswell', 'amd-zen']);
    assert.equal(mixed.code, 0);
    assert.match(mixed.stdout, /^# Warning: these hosts mix Intel and AMD/m);
  });

  test('errors: exit 2 with a message naming the argument and why', async () => {
    await both(['baseline'], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.match(r.stderr, /give at least one profile/, how);
    });
    await both(['baseline', 'intel-haswell', 'intel-haswel'], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.equal(r.stdout, '', how);
      assert.match(r.stderr, /^vmx-cpuid baseline: "intel-haswel" is not a built-in profile .*no such file/, how);
    });
    const garbage = path.join(dir, 'garbage.txt');
    await both(['baseline', garbage, 'intel-haswell'], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.ok(r.stderr.startsWith(`vmx-cpuid baseline: ${garbage}: the input is in no format`), how + r.stderr);
    });
    const r = await runCliInProcess(['baseline', '--bogus', 'intel-haswell']);
    assert.equal(r.code, 2);
  });
});
