/**
 * The CLI and .vmx-cpuid.json: found by walking up from each checked file
 * (nearest wins), --config, --source/--target overrides, paths relative to
 * the config file, raw dumps as profiles, configuration problems on stderr
 * with exit 2.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliInProcess, runCliProcess, type CliResult, type JsonReport } from '../support/cli';
import { repoPath } from '../support/repo';

const SKYLAKE_DUMP = repoPath('test', 'unit', 'profiles', 'fixtures', 'cpuid-r-skylake.txt');
const EMPTY_VM = 'displayName = "db01"\nnumvcpus = "2"\n';

function codesByFile(r: CliResult, dir: string): Record<string, string[]> {
  const report = JSON.parse(r.stdout) as JsonReport;
  return Object.fromEntries(report.files.map((f) => [path.relative(dir, f.path).split(path.sep).join('/'), f.diagnostics.map((d) => d.code)]));
}

describe('cli: configuration (.vmx-cpuid.json)', () => {
  let dir: string;
  const write = (rel: string, text: string) => {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-config-'));
    // cluster/: Haswell source, a Westmere target (the empty VM cannot move there).
    write('cluster/.vmx-cpuid.json', JSON.stringify({ source: 'intel-haswell', targets: ['intel-westmere'] }));
    write('cluster/rack1/db01/db01.vmx', EMPTY_VM);
    // cluster/new/: a nearer config whose target is a newer baseline (moves).
    write('cluster/new/.vmx-cpuid.json', JSON.stringify({ source: 'intel-haswell', targets: ['intel-broadwell'] }));
    write('cluster/new/web/web.vmx', EMPTY_VM);
    // standalone/: no config anywhere above (inside the temp dir).
    write('standalone/vm.vmx', EMPTY_VM);
    // relative/: the target is a raw cpuid -r dump next to the config, named relative to it.
    write('relative/.vmx-cpuid.json', JSON.stringify({ source: 'intel-haswell', targets: ['./hosts/skylake.txt', 'intel-westmere'] }));
    fs.mkdirSync(path.join(dir, 'relative', 'hosts'), { recursive: true });
    fs.copyFileSync(SKYLAKE_DUMP, path.join(dir, 'relative', 'hosts', 'skylake.txt'));
    write('relative/vms/a/vm.vmx', EMPTY_VM);
    // broken/: configuration problems.
    write('broken/unknown-profile/.vmx-cpuid.json', JSON.stringify({ source: 'intel-haswel' }));
    write('broken/unknown-profile/vm.vmx', EMPTY_VM);
    write('broken/not-json/.vmx-cpuid.json', '{ "source": ');
    write('broken/not-json/vm.vmx', EMPTY_VM);
    write('broken/wrong-field/.vmx-cpuid.json', JSON.stringify({ targets: 'intel-westmere' }));
    write('broken/wrong-field/vm.vmx', EMPTY_VM);
    write('other.json', JSON.stringify({ source: 'intel-haswell', targets: ['intel-nehalem'] }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('each file uses the nearest .vmx-cpuid.json above it', async () => {
    for (const r of [runCliProcess(['check', '--format', 'json', path.join(dir, 'cluster'), path.join(dir, 'standalone')]), await runCliInProcess(['check', '--format', 'json', path.join(dir, 'cluster'), path.join(dir, 'standalone')])]) {
      assert.equal(r.stderr, '');
      assert.equal(r.code, 1);
      assert.deepEqual(codesByFile(r, dir), {
        'cluster/new/web/web.vmx': [],
        'cluster/rack1/db01/db01.vmx': ['vmotion-target-lacks'],
        'standalone/vm.vmx': [],
      });
    }
  });

  test('text output names the target and the missing features', () => {
    const r = runCliProcess(['check', path.join(dir, 'cluster', 'rack1', 'db01', 'db01.vmx')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /db01\.vmx:1:1: error vmotion-target-lacks: No mask hides .*\bAVX\b.*target intel-westmere lacks them/);
  });

  test('--config uses the named file for every input, instead of walking up', async () => {
    const r = await runCliInProcess(['check', '--format', 'json', '--config', path.join(dir, 'other.json'), path.join(dir, 'cluster', 'new'), path.join(dir, 'standalone')]);
    assert.equal(r.stderr, '');
    assert.deepEqual(codesByFile(r, dir), { 'cluster/new/web/web.vmx': ['vmotion-target-lacks'], 'standalone/vm.vmx': ['vmotion-target-lacks'] });
    assert.match(JSON.stringify(JSON.parse(r.stdout)), /target intel-nehalem lacks/);
  });

  test('--source and repeated --target override the config file', async () => {
    const file = path.join(dir, 'cluster', 'rack1', 'db01', 'db01.vmx');
    const moves = await runCliInProcess(['check', '--format', 'json', '--target', 'intel-broadwell', '--target', 'intel-skylake', file]);
    assert.equal(moves.code, 0, moves.stdout + moves.stderr);
    assert.deepEqual(Object.values(codesByFile(moves, dir)), [[]]);
    const both = await runCliInProcess(['check', '--format', 'json', '--target', 'intel-nehalem', '--target', 'intel-westmere', file]);
    const messages = (JSON.parse(both.stdout) as JsonReport).files[0]!.diagnostics.map((d) => d.message);
    assert.equal(messages.length, 2, JSON.stringify(messages));
    assert.ok(messages.some((m) => m.includes('target intel-nehalem lacks')) && messages.some((m) => m.includes('target intel-westmere lacks')));
    const fromWestmere = await runCliInProcess(['check', '--format', 'json', '--source', 'intel-westmere', file]);
    assert.equal(fromWestmere.code, 0, 'a Westmere source moves to a Westmere target');
  });

  test('--no-evc and --evc override the default (on for an EVC-baseline source)', async () => {
    const file = path.join(dir, 'standalone', 'vm.vmx');
    const args = ['check', '--format', 'json', '--source', 'intel-westmere', '--target', 'intel-haswell'];
    const evcDefault = await runCliInProcess([...args, file]);
    assert.equal(evcDefault.code, 0, evcDefault.stdout);
    const noEvc = await runCliInProcess([...args, '--no-evc', file]);
    assert.equal(noEvc.code, 1);
    assert.deepEqual(Object.values(codesByFile(noEvc, dir)), [['vmotion-no-evc-mismatch']]);
    assert.equal((await runCliInProcess([...args, '--evc', file])).code, 0);
    const contradiction = await runCliInProcess([...args, '--evc', '--no-evc', file]);
    assert.equal(contradiction.code, 2);
    assert.match(contradiction.stderr, /--evc and --no-evc contradict each other/);
  });

  test('profile paths in the config are relative to the config file; a raw dump works as a target', () => {
    // Run from an unrelated directory: the path must not depend on the working directory.
    const r = runCliProcess(['check', '--format', 'json', path.join(dir, 'relative')], os.tmpdir());
    assert.equal(r.stderr, '', r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const messages = report.files[0]!.diagnostics.map((d) => d.message);
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.match(messages[0]!, /target intel-westmere lacks/);
    // The Skylake dump has everything Haswell has: no diagnostic names it.
    assert.ok(!messages.some((m) => m.includes('intel-core-i7-6700')));
  });

  test('--target paths on the command line are relative to the working directory', () => {
    const file = path.join(dir, 'standalone', 'vm.vmx');
    const r = runCliProcess(['check', '--format', 'json', '--source', 'intel-haswell', '--target', 'hosts/skylake.txt', file], path.join(dir, 'relative'));
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    const bad = runCliProcess(['check', '--source', 'intel-haswell', '--target', 'hosts/skylake.txt', file], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /target "hosts\/skylake\.txt": not a built-in profile name and no file .*hosts[/\\]skylake\.txt/);
  });

  const broken: [string, RegExp][] = [
    ['unknown-profile', /\.vmx-cpuid\.json: source "intel-haswel": not a built-in profile name/],
    ['not-json', /\.vmx-cpuid\.json: cannot read the configuration: /],
    ['wrong-field', /\.vmx-cpuid\.json: "targets" must be an array of strings/],
  ];
  for (const [name, message] of broken) {
    test(`a configuration problem (${name}) goes to stderr, naming the file, with exit 2`, async () => {
      const vm = path.join(dir, 'broken', name, 'vm.vmx');
      for (const r of [runCliProcess(['check', vm]), await runCliInProcess(['check', vm])]) {
        assert.equal(r.code, 2);
        assert.match(r.stderr, message);
        assert.ok(r.stderr.includes(path.join(dir, 'broken', name, '.vmx-cpuid.json')), r.stderr);
        assert.doesNotMatch(r.stdout, /config-problem/, 'not repeated per file');
      }
    });
  }

  test('a configuration problem is reported once for many files under it', async () => {
    const extra = path.join(dir, 'broken', 'unknown-profile', 'vm2.vmx');
    fs.writeFileSync(extra, EMPTY_VM);
    const r = await runCliInProcess(['check', path.join(dir, 'broken', 'unknown-profile')]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.match(/source "intel-haswel"/g)?.length, 1, r.stderr);
    fs.rmSync(extra);
  });
});
