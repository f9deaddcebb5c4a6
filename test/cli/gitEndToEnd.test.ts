/**
 * End to end through the built CLI (dist/cli.js) and real git: two
 * revisions of a realistic .vmx committed in a temporary repository;
 * `vmx-cpuid diff --git` against the older one, and `git diff` with the
 * textconv driver set up as docs/REVIEW.md says (.gitattributes
 * `*.vmx diff=vmx`, `diff.vmx.textconv`), showing feature names.
 *
 * VMX_CPUID_CLI overrides the bundle (to test a build elsewhere).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoPath } from '../support/repo';

const CLI = process.env.VMX_CPUID_CLI ?? repoPath('dist', 'cli.js');

/** Why the test cannot run, or undefined when the bundle has both commands. */
function missingCommands(): string | undefined {
  if (spawnSync('git', ['--version']).status !== 0) return 'git is not installed';
  if (!fs.existsSync(CLI)) return `${CLI} is missing: run "npm run build"`;
  for (const command of ['diff', 'textconv']) {
    const r = spawnSync(process.execPath, [CLI, command, '--help'], { encoding: 'utf8' });
    if (r.status !== 0 || !r.stdout.includes(`vmx-cpuid ${command}`)) return `${CLI} has no "${command}" command yet (cli/src/main.ts must dispatch it)`;
  }
  return undefined;
}

const REV1 = `.encoding = "UTF-8"
config.version = "8"
virtualHW.version = "19"
displayName = "build-agent-07"
guestOS = "ubuntu-64"
numvcpus = "2"
memsize = "8192"
vhv.enable = "TRUE"
cpuid.1.0.ecx = "----:----:----:----:----:----:--H-:----"
featMask.vm.cpuid.AVX512F = "Val:0"
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.fileName = "build-agent-07.vmdk"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "CI"
`;

// The Haswell/Sandy Bridge baseline (vmx-cpuid baseline intel-haswell intel-sandybridge), VT-x kept.
const REV2 = REV1.replace('numvcpus = "2"', 'numvcpus = "4"')
  .replace(
    'cpuid.1.0.ecx = "----:----:----:----:----:----:--H-:----"',
    [
      'cpuid.1.ecx = "-00-:----:-0--:----:---0:----:--H-:----"',
      'cpuid.7.0.ebx = "----:----:----:----:----:-000:0-0-:0--0"',
      'cpuid.80000001.ecx = "----:----:----:----:----:----:--0-:----"',
    ].join('\n'),
  )
  .replace('featMask.vm.cpuid.AVX512F = "Val:0"\n', '');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=vmx-cpuid test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test('end to end: diff --git and git diff with the textconv driver, through dist/cli.js and real git', (t) => {
  const missing = missingCommands();
  if (missing) {
    t.skip(missing);
    return;
  }
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-git-e2e-'));
  try {
    fs.mkdirSync(path.join(repo, 'vms'));
    fs.writeFileSync(path.join(repo, '.vmx-cpuid.json'), JSON.stringify({ source: 'intel-haswell', targets: ['intel-sandybridge', 'intel-broadwell'] }));
    fs.writeFileSync(path.join(repo, '.gitattributes'), '*.vmx diff=vmx\n');
    const vmx = path.join(repo, 'vms', 'build-agent-07.vmx');
    git(repo, 'init', '-q');
    fs.writeFileSync(vmx, REV1);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'build agent');
    fs.writeFileSync(vmx, REV2);
    git(repo, 'commit', '-q', '-a', '-m', 'mask to the Sandy Bridge baseline');

    // 1. vmx-cpuid diff --git HEAD~1 <file>, run from the file's folder with a relative path.
    const r = spawnSync(process.execPath, [CLI, 'diff', '--git', 'HEAD~1', '--exit-code', 'build-agent-07.vmx'], { cwd: path.join(repo, 'vms'), encoding: 'utf8' });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0, 'no target lost');
    const out = r.stdout;
    assert.match(out, /^vmx-cpuid diff HEAD~1:vms\/build-agent-07\.vmx → build-agent-07\.vmx$/m);
    assert.match(out, /^cpuid\.1\.ecx: was written cpuid\.1\.0\.ecx \(line 9\)$/m);
    for (const [register, feature, bit] of [
      ['cpuid.1.ecx', 'FMA', 12],
      ['cpuid.1.ecx', 'MOVBE', 22],
      ['cpuid.7.0.ebx', 'AVX2', 5],
      ['cpuid.80000001.ecx', 'ABM', 5],
    ] as const) {
      assert.match(out, new RegExp(`^${register.replace(/\./g, '\\.')}: ${feature} \\(bit ${bit}\\) +- → 0  hidden from the guest$`, 'm'), out);
    }
    assert.doesNotMatch(out, /VMX/, 'VT-x stayed H: not a change');
    assert.match(out, /^featMask\.vm\.cpuid\.AVX512F: removed \(was "Val:0"\) +back to the default \(host value\)$/m);
    assert.match(out, /^other settings: 1 changed$/m);
    assert.match(out, /^compatibility \(source intel-haswell, EVC on, 2 targets\):$/m);
    assert.match(out, /^ {2}moves to: \+intel-sandybridge$/m);

    // Same through git's own revision syntax in markdown, and HEAD (no change) in JSON.
    const md = spawnSync(process.execPath, [CLI, 'diff', '--git', 'HEAD~1', '--format', 'markdown', vmx], { encoding: 'utf8' });
    assert.equal(md.status, 0, md.stderr);
    assert.match(md.stdout, /^\| 5 \| AVX2 \| `-` \| `0` \| hidden from the guest \|$/m);
    const none = JSON.parse(spawnSync(process.execPath, [CLI, 'diff', '--git', 'HEAD', '-f', 'json', vmx], { encoding: 'utf8' }).stdout);
    assert.deepEqual(none.registers, []);

    // Reverting to REV1 in the working tree loses Sandy Bridge: --exit-code 1.
    fs.writeFileSync(vmx, REV1);
    const lose = spawnSync(process.execPath, [CLI, 'diff', '--git', 'HEAD', '--exit-code', vmx], { encoding: 'utf8' });
    assert.equal(lose.status, 1, lose.stdout + lose.stderr);
    assert.match(lose.stdout, /^ {2}no longer: intel-sandybridge \(lacks /m);
    fs.writeFileSync(vmx, REV2);

    // 2. git diff with the textconv driver: feature names on the changed lines, line numbers as in the file.
    const textconv = `"${process.execPath}" "${CLI}" textconv`;
    const diff = git(repo, '-c', `diff.vmx.textconv=${textconv}`, 'diff', 'HEAD~1', 'HEAD', '--', 'vms/build-agent-07.vmx');
    assert.match(diff, /^@@ -3,11 \+3,12 @@/m, diff);
    assert.match(diff, /^-cpuid\.1\.0\.ecx = "----:----:----:----:----:----:--H-:----" # vmx-cpuid: host:VMX$/m, diff);
    assert.match(diff, /^\+cpuid\.1\.ecx = "-00-:----:-0--:----:---0:----:--H-:----" # vmx-cpuid: −F16C −FMA −MOVBE −RDRAND host:VMX$/m, diff);
    assert.match(diff, /^\+cpuid\.7\.0\.ebx = "[^"]+" # vmx-cpuid: −AVX2 −BMI1 −BMI2 /m, diff);
    assert.match(diff, /^-featMask\.vm\.cpuid\.AVX512F = "Val:0" # vmx-cpuid: hide AVX512F from the guest \(value forced to 0\)$/m, diff);
    assert.match(diff, /^ vhv\.enable = "TRUE"$/m, 'context lines unchanged');
    // Without the driver git shows the plain lines: the annotations come from textconv only.
    assert.doesNotMatch(git(repo, 'diff', 'HEAD~1', 'HEAD'), /vmx-cpuid:/);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
});
