/** `vmx-cpuid profile list | show | import`: output, exit codes, messages that name the file and why. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILTIN_PROFILE_NAMES } from '../../server/src/profiles/builtins';
import { validateProfileJson } from '../../server/src/profiles/validate';
import { createProfile, type ProfileJson } from '../../server/src/profiles/profile';
import { runCliInProcess, runCliProcess, type CliResult } from '../support/cli';
import { repoPath } from '../support/repo';

const SKYLAKE_DUMP = repoPath('test', 'unit', 'profiles', 'fixtures', 'cpuid-r-skylake.txt');

async function both(args: string[], check: (r: CliResult, how: string) => void): Promise<void> {
  check(runCliProcess(args), 'process');
  check(await runCliInProcess(args), 'run()');
}

describe('cli: profile', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-profiles-'));
    fs.writeFileSync(path.join(dir, 'garbage.txt'), 'hello world\n');
    fs.writeFileSync(path.join(dir, 'not-a-profile.json'), JSON.stringify({ name: 1 }));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "name": ');
    const merom = JSON.parse(fs.readFileSync(repoPath('server', 'data', 'profiles', 'intel-merom.json'), 'utf8')) as ProfileJson;
    fs.writeFileSync(path.join(dir, 'unknown-feature.json'), JSON.stringify({ ...merom, name: 'odd', features: [...(merom.features ?? []), 'avx9000'] }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('list: every built-in, one per line, exit 0', async () => {
    await both(['profile', 'list'], (r, how) => {
      assert.equal(r.code, 0, how);
      assert.equal(r.stderr, '', how);
      const names = r.stdout.split('\n').slice(1).map((l) => l.split(/\s+/)[0]).filter((n) => n && BUILTIN_PROFILE_NAMES.includes(n as never));
      assert.deepEqual(names, [...BUILTIN_PROFILE_NAMES], how);
      assert.match(r.stdout, /^intel-haswell\s+intel\s+\d+\s+Intel "Haswell" generation$/m, how);
      assert.match(r.stdout, /\n23 built-in profiles/, how);
    });
  });

  test('show intel-haswell lists avx2 and the provenance', async () => {
    await both(['profile', 'show', 'intel-haswell'], (r, how) => {
      assert.equal(r.code, 0, how);
      assert.match(r.stdout, /^intel-haswell — .*\(intel, evc-baseline\)$/m, how);
      assert.match(r.stdout, /^ {2}CPUID\.\(EAX=07H,ECX=0\):EBX\s+.*\bavx2\b/m, how);
      assert.match(r.stdout, /^ {2}source: /m, how);
    });
    const westmere = await runCliInProcess(['profile', 'show', 'intel-westmere']);
    assert.doesNotMatch(westmere.stdout, /\bavx2\b/);
  });

  test('show a raw dump file', async () => {
    const r = await runCliInProcess(['profile', 'show', SKYLAKE_DUMP]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(intel, host\)/);
    assert.match(r.stdout, /\bavx2\b/);
  });

  const showErrors: [string, string, RegExp][] = [
    ['an unknown name', 'intel-haswel', /"intel-haswel" is not a built-in profile \(see vmx-cpuid profile list\) and cannot be read: no such file/],
    ['a file in no known format', 'garbage.txt', /garbage\.txt: the input is in no format the importer understands/],
    ['a JSON file that is not a profile', 'not-a-profile.json', /not-a-profile\.json is not a valid profile: .*\/name: must be string/],
    ['a JSON file that does not parse', 'broken.json', /broken\.json looks like JSON but does not parse/],
    ['a profile with an unknown feature', 'unknown-feature.json', /unknown-feature\.json: profile odd: unknown feature "avx9000"/],
  ];
  for (const [name, file, message] of showErrors) {
    test(`show ${name}: exit 2, the message names the file and why`, async () => {
      const arg = name === 'an unknown name' ? file : path.join(dir, file);
      await both(['profile', 'show', arg], (r, how) => {
        assert.equal(r.code, 2, how);
        assert.equal(r.stdout, '', how);
        assert.match(r.stderr, /^vmx-cpuid profile show: /, how);
        assert.match(r.stderr, message, how);
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, how);
      });
    });
  }

  test('usage errors: exit 2', async () => {
    for (const args of [['profile'], ['profile', 'delete'], ['profile', 'show'], ['profile', 'show', 'a', 'b'], ['profile', 'import'], ['profile', 'import', '--bogus', SKYLAKE_DUMP]]) {
      const r = await runCliInProcess(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.notEqual(r.stderr, '', args.join(' '));
    }
  });

  test('import to stdout: a valid profile JSON, notes on stderr', async () => {
    await both(['profile', 'import', SKYLAKE_DUMP, '--name', 'esx07'], (r, how) => {
      assert.equal(r.code, 0, how);
      const json = JSON.parse(r.stdout) as ProfileJson;
      assert.deepEqual(validateProfileJson(json), [], how);
      assert.equal(json.name, 'esx07', how);
      assert.equal(createProfile(json).has('avx2'), true, how);
      assert.match(r.stderr, /^note: /m, how);
    });
  });

  test('import -o writes a valid profile (replacing an old one) and leaves no temporary file', async () => {
    const out = path.join(dir, 'out', 'esx07.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, 'old content');
    for (const r of [runCliProcess(['profile', 'import', SKYLAKE_DUMP, '-o', out]), await runCliInProcess(['profile', 'import', SKYLAKE_DUMP, '-o', out])]) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(profile "intel-core-i7-6700"\\)`));
      const json = JSON.parse(fs.readFileSync(out, 'utf8')) as ProfileJson;
      assert.deepEqual(validateProfileJson(json), []);
      assert.deepEqual(fs.readdirSync(path.dirname(out)), ['esx07.json']);
      // The written profile is usable as a target.
      const check = await runCliInProcess(['check', '--source', 'intel-haswell', '--target', out, repoPath('test', 'support', 'fixtures', 'clean.vmx')]);
      assert.equal(check.code, 0, check.stdout + check.stderr);
    }
  });

  test('import -o into a place that cannot be written: exit 2, names the target, no file left behind', async () => {
    const blocker = path.join(dir, 'is-a-dir');
    fs.mkdirSync(blocker, { recursive: true });
    const r = await runCliInProcess(['profile', 'import', SKYLAKE_DUMP, '-o', blocker]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`cannot write ${blocker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('is-a-dir')), ['is-a-dir']);
    const missingDir = path.join(dir, 'no', 'such', 'dir', 'x.json');
    const r2 = await runCliInProcess(['profile', 'import', SKYLAKE_DUMP, '-o', missingDir]);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /cannot write .*x\.json: /);
  });

  test('import errors: exit 2, naming the file and why', async () => {
    const missing = path.join(dir, 'missing.txt');
    await both(['profile', 'import', missing], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.match(r.stderr, new RegExp(`cannot read ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no such file`), how);
    });
    await both(['profile', 'import', path.join(dir, 'garbage.txt')], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.match(r.stderr, /garbage\.txt: the input is in no format the importer understands/, how);
      assert.equal(r.stdout, '', how);
    });
  });
});
