/**
 * `vmx-cpuid diff`, in process with a fake Io: two files, `--git <rev>`
 * against temporary repositories, formats, configuration found by walking
 * up from the new file, exit codes (0 / 1 with --exit-code / 2).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diffCommand } from '../../cli/src/diffCommand';
import { hostJson, mask } from '../unit/compat/helpers';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function diff(...args: string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await diffCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const HIDE_AVX2 = `cpuid.7.0.ebx = "${mask({ 5: '0' })}"\n`;
const HIDE_AVX = `cpuid.1.ecx = "${mask({ 28: '0' })}"\n`;

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
};

function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=vmx-cpuid test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-diff-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cli diff: two files', () => {
  test('text by default: each changed bit with its feature; exit 0', async () => {
    const a = file('two/a.vmx', 'numvcpus = "2"\n');
    const b = file('two/b.vmx', `numvcpus = "2"\n${HIDE_AVX}`);
    const r = await diff(a, b);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, `vmx-cpuid diff ${a} → ${b}\ncpuid.1.ecx: added (line 2)\ncpuid.1.ecx: AVX (bit 28)  - → 0  hidden from the guest\n`);
  });

  test('--format markdown and json', async () => {
    const a = file('fmt/a.vmx', '');
    const b = file('fmt/b.vmx', HIDE_AVX);
    const md = await diff('--format', 'markdown', a, b);
    assert.equal(md.code, 0);
    assert.match(md.stdout, /^## CPUID mask changes: /);
    assert.match(md.stdout, /^\| 28 \| AVX \| `-` \| `0` \| hidden from the guest \|$/m);
    const json = await diff(a, b, '-f', 'json');
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.version, 1);
    assert.equal(parsed.registers[0].bits[0].feature, 'AVX');
    assert.equal(parsed.compatibility, null);
  });

  test('files are decoded by their .encoding declaration, like check', async () => {
    const latin = Buffer.concat([Buffer.from('.encoding = "windows-1252"\ndisplayName = "Caf', 'latin1'), Buffer.from([0xe9]), Buffer.from(`"\n${HIDE_AVX2}`, 'latin1')]);
    const a = file('enc/a.vmx', '.encoding = "windows-1252"\ndisplayName = "Cafe"\n');
    const b = file('enc/b.vmx', latin);
    const r = await diff('-f', 'json', a, b);
    const parsed = JSON.parse(r.stdout);
    assert.equal(parsed.registers[0].bits[0].feature, 'AVX2');
    assert.deepEqual(parsed.otherKeys, { added: 0, removed: 0, changed: 1 });
  });

  test('hosts from .vmx-cpuid.json above the new file: the delta, and --exit-code 1 when a target is lost', async () => {
    file('hosts/.vmx-cpuid/profiles/esx02.json', JSON.stringify(hostJson('esx02', { has: ['avx', 'fma', 'f16c'], lacks: ['avx2'] })));
    file('hosts/.vmx-cpuid/profiles/src.json', JSON.stringify(hostJson('src', { has: ['avx', 'avx2', 'fma', 'f16c'] })));
    file('hosts/.vmx-cpuid.json', JSON.stringify({ source: './.vmx-cpuid/profiles/src.json', targets: ['./.vmx-cpuid/profiles/esx02.json'] }));
    const hidden = file('hosts/vms/old.vmx', HIDE_AVX2);
    const shown = file('hosts/vms/new.vmx', '');
    const lose = await diff(hidden, shown);
    assert.equal(lose.code, 0, 'exit 0 whatever changed');
    assert.match(lose.stdout, /^compatibility \(source src, EVC off, 1 target\):$/m);
    assert.match(lose.stdout, /^ {2}no longer: esx02 \(lacks AVX2\)$/m);
    assert.equal((await diff('--exit-code', hidden, shown)).code, 1);
    const gain = await diff('--exit-code', shown, hidden);
    assert.equal(gain.code, 0);
    assert.match(gain.stdout, /^ {2}moves to: \+esx02$/m);
  });

  test('--source/--target (built-in names) override the configuration', async () => {
    const a = file('over/a.vmx', '');
    const b = file('over/b.vmx', `cpuid.1.ecx = "${mask({ 28: '1' })}"\n`);
    const r = await diff('--source', 'intel-haswell', '--target', 'intel-westmere', '--target', 'intel-broadwell', '--exit-code', a, b);
    assert.match(r.stdout, /source intel-haswell, EVC on, 2 targets/);
    assert.equal(r.code, 0, 'westmere was already blocked: nothing lost');
  });

  test('2 on bad input, naming the file and why', async () => {
    const a = file('bad/a.vmx', '');
    const missing = path.join(dir, 'bad', 'missing.vmx');
    let r = await diff(a, missing);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `vmx-cpuid diff: cannot read ${missing}: no such file or directory\n`);
    r = await diff(missing, a);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*missing\.vmx: no such file or directory/);
    r = await diff(a, path.join(dir, 'bad'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is a directory/);
    assert.equal((await diff(a)).code, 2);
    assert.match((await diff(a)).stderr, /give two files, old and new \(got 1\)/);
    assert.equal((await diff(a, a, a)).code, 2);
    r = await diff('--format', 'sarif', a, a);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown format "sarif" \(use text, markdown or json\)/);
    assert.equal((await diff('--colour', a, a)).code, 2);
    assert.equal((await diff('--evc', '--no-evc', a, a)).code, 2);
    r = await diff('--target', 'no-such-profile', a, a);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /target "no-such-profile": not a built-in profile name/);
    assert.equal(r.stdout, '');
  });

  test('--help', async () => {
    const r = await diff('--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /vmx-cpuid diff --git <rev> <file>/);
  });
});

const GIT_MISSING = spawnSync('git', ['--version']).status !== 0;

describe('cli diff --git: the working tree against a revision', { skip: GIT_MISSING ? 'git is not installed' : false }, () => {
  let repo: string;
  before(() => {
    repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, 'vms'), { recursive: true });
    gitIn(repo, 'init', '-q');
    fs.writeFileSync(path.join(repo, 'vms', 'vm.vmx'), `numvcpus = "2"\n${HIDE_AVX2}`);
    fs.writeFileSync(path.join(repo, 'vms', 'vm 2.vmx'), 'numvcpus = "2"\n');
    gitIn(repo, 'add', '.');
    gitIn(repo, 'commit', '-q', '-m', 'first');
    fs.writeFileSync(path.join(repo, 'vms', 'vm.vmx'), `numvcpus = "2"\n${HIDE_AVX}`);
    fs.writeFileSync(path.join(repo, 'vms', 'vm 2.vmx'), `numvcpus = "2"\n${HIDE_AVX}`);
  });

  test('HEAD:<path from the repository root> against the file; works from any directory', async () => {
    const r = await diff('--git', 'HEAD', path.join(repo, 'vms', 'vm.vmx'));
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `vmx-cpuid diff HEAD:vms/vm.vmx → ${path.join(repo, 'vms', 'vm.vmx')}`);
    assert.match(r.stdout, /^cpuid\.1\.ecx: AVX \(bit 28\) +- → 0  hidden from the guest$/m);
    assert.match(r.stdout, /^cpuid\.7\.0\.ebx: AVX2 \(bit 5\) +0 → -  back to the default \(host value\)$/m);
  });

  test('a file name with a space; a relative path', async () => {
    const cwd = process.cwd();
    process.chdir(path.join(repo, 'vms'));
    try {
      const r = await diff('--git', 'HEAD', 'vm 2.vmx');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^vmx-cpuid diff HEAD:vms\/vm 2\.vmx → vm 2\.vmx$/m);
      assert.match(r.stdout, /AVX \(bit 28\)/);
    } finally {
      process.chdir(cwd);
    }
  });

  test('git show gives the raw blob even when a textconv driver is configured', async () => {
    fs.writeFileSync(path.join(repo, '.gitattributes'), '*.vmx diff=vmx\n');
    gitIn(repo, 'config', 'diff.vmx.textconv', 'sed s/ebx/XXX/');
    try {
      const r = await diff('--git', 'HEAD', '-f', 'json', path.join(repo, 'vms', 'vm.vmx'));
      assert.equal(JSON.parse(r.stdout).registers.find((x: { id: string }) => x.id === '7.0.ebx').change, 'removed');
    } finally {
      gitIn(repo, 'config', '--unset', 'diff.vmx.textconv');
      fs.rmSync(path.join(repo, '.gitattributes'));
    }
  });

  test('a file added since the revision (tracked, not in it) counts as empty old text', async () => {
    const added = path.join(repo, 'vms', 'added.vmx');
    fs.writeFileSync(added, HIDE_AVX);
    gitIn(repo, 'add', 'vms/added.vmx');
    try {
      const r = await diff('--git', 'HEAD', added);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^vmx-cpuid diff HEAD:vms\/added\.vmx \(not in HEAD: added since\) → /);
      assert.match(r.stdout, /^cpuid\.1\.ecx: added \(line 1\)$/m);
    } finally {
      gitIn(repo, 'rm', '-q', '--cached', 'vms/added.vmx');
      fs.rmSync(added);
    }
  });

  test('2 with a clear message: untracked file, unknown revision, outside a repository, missing file', async () => {
    const untracked = path.join(repo, 'vms', 'untracked.vmx');
    fs.writeFileSync(untracked, '');
    try {
      let r = await diff('--git', 'HEAD', untracked);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'vmx-cpuid diff: vms/untracked.vmx is not in revision HEAD (and git does not track it; git add it to compare it as a new file)\n');
      r = await diff('--git', 'no-such-rev', path.join(repo, 'vms', 'vm.vmx'));
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown revision "no-such-rev" in the repository of /);
      r = await diff('--git', '--oops', path.join(repo, 'vms', 'vm.vmx'));
      assert.equal(r.code, 2);
      const outside = file('norepo/vm.vmx', '');
      r = await diff('--git', 'HEAD', outside);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`^vmx-cpuid diff: ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not inside a git repository`));
      r = await diff('--git', 'HEAD', path.join(repo, 'vms', 'gone.vmx'));
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot read .*gone\.vmx: no such file or directory/);
      assert.match((await diff('--git', 'HEAD')).stderr, /with --git, give one file \(got 0\)/);
    } finally {
      fs.rmSync(untracked);
    }
  });
});
