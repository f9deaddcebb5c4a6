/**
 * `vmx-cpuid diff <old> <new>` and `vmx-cpuid diff --git <rev> <file>`: what
 * a change to a .vmx does to the guest's CPUID, bit by bit, and which vMotion
 * targets it gains or loses. A thin shell over server/src/review/maskDiff.ts.
 *
 * Exit codes: 0 whatever changed; 1 with --exit-code when the change loses a
 * target; 2 on bad input (the message names the file and why).
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { configFor, newConfigCache } from '../../server/src/node/configFiles';
import { decodeVmxBytes } from '../../server/src/parser/encoding';
import { losesTarget, maskDiff } from '../../server/src/review/maskDiff';
import { DIFF_FORMATS, DiffFormat, renderDiff } from '../../server/src/review/maskDiffRender';
import { describeIoError } from './files';
import type { Io } from './main';
import { HOST_OPTIONS, hostOverrides } from './hostOptions';

export const DIFF_USAGE = `Usage: vmx-cpuid diff <old> <new> [options]
       vmx-cpuid diff --git <rev> <file> [options]
  What the change does to the guest's CPUID: each changed mask bit with its
  feature and what the guest now sees, added/removed mask and featMask lines,
  and (with hosts configured) the vMotion targets gained or lost.
  --git <rev>       compare <file> in the working tree with <rev> (git show)
  --format F        text (default), markdown or json
  --config FILE, --source PROFILE, --target PROFILE…, --evc | --no-evc
                    hosts, as for check (default: .vmx-cpuid.json found by
                    walking up from the new file)
  --exit-code       exit 1 when the change loses a vMotion target
  Exit 0 = compared (whatever changed), 1 = a target lost (with --exit-code),
  2 = usage or I/O problem.
`;

class InputError extends Error {}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${describeIoError(err)}`);
  }
}

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', [...args], { cwd, maxBuffer: 1 << 30, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'git is not installed (or not on PATH): --git needs it' : `cannot run git: ${r.error.message}`);
  }
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString('utf8').trim() };
}

/**
 * The bytes of `file` at `rev`, from the file's own repository. A file the
 * repository tracks but `rev` does not have (added since) is empty.
 */
export function gitRevisionBytes(rev: string, file: string): { bytes: Uint8Array; label: string; addedSince: boolean } {
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  const prefix = git(dir, ['rev-parse', '--show-prefix']);
  if (!prefix.ok) throw new InputError(`${file} is not inside a git repository (${prefix.stderr.split('\n').pop() ?? 'git rev-parse failed'})`);
  const repoPath = `${prefix.stdout.toString('utf8').trim()}${base}`;
  const label = `${rev}:${repoPath}`;
  if (rev.startsWith('-')) throw new InputError(`"${rev}" is not a revision`);
  const commit = git(dir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (!commit.ok) throw new InputError(`unknown revision "${rev}" in the repository of ${file}`);
  const exists = git(dir, ['cat-file', '-e', `${rev}:./${base}`]);
  if (!exists.ok) {
    const tracked = git(dir, ['ls-files', '--error-unmatch', '--', base]);
    if (tracked.ok) return { bytes: new Uint8Array(), label: `${label} (not in ${rev}: added since)`, addedSince: true };
    throw new InputError(`${repoPath} is not in revision ${rev} (and git does not track it; git add it to compare it as a new file)`);
  }
  const shown = git(dir, ['show', '--no-textconv', `${rev}:./${base}`]);
  if (!shown.ok) throw new InputError(`git show ${label} failed: ${shown.stderr}`);
  return { bytes: shown.stdout, label, addedSince: false };
}

export async function diffCommand(args: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        git: { type: 'string' },
        format: { type: 'string', short: 'f', default: 'text' },
        ...HOST_OPTIONS,
        'exit-code': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr(`vmx-cpuid diff: ${(err as Error).message}\n\n${DIFF_USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout(DIFF_USAGE);
    return 0;
  }
  const format = v.format as DiffFormat;
  if (!DIFF_FORMATS.includes(format)) {
    io.stderr(`vmx-cpuid diff: unknown format "${String(v.format)}" (use text, markdown or json)\n`);
    return 2;
  }
  const overrides = hostOverrides(v);
  if (typeof overrides === 'string') {
    io.stderr(`vmx-cpuid diff: ${overrides}\n`);
    return 2;
  }
  const expected = v.git !== undefined ? 1 : 2;
  if (parsed.positionals.length !== expected) {
    io.stderr(
      `vmx-cpuid diff: ${v.git !== undefined ? 'with --git, give one file' : 'give two files, old and new'} (got ${parsed.positionals.length})\n\n${DIFF_USAGE}`,
    );
    return 2;
  }

  let oldBytes: Uint8Array;
  let newBytes: Uint8Array;
  let oldLabel: string;
  const newFile = parsed.positionals[expected - 1]!;
  try {
    newBytes = await readBytes(newFile);
    if (v.git !== undefined) {
      const r = gitRevisionBytes(v.git, newFile);
      oldBytes = r.bytes;
      oldLabel = r.label;
    } else {
      oldLabel = parsed.positionals[0]!;
      oldBytes = await readBytes(oldLabel);
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.stderr(`vmx-cpuid diff: ${err.message}\n`);
    return 2;
  }

  const loaded = configFor(newFile, overrides, newConfigCache());
  if (loaded.resolved.problems.length > 0) {
    for (const p of loaded.resolved.problems) io.stderr(`vmx-cpuid: ${p.where}: ${p.message}\n`);
    return 2;
  }

  const diff = maskDiff(decodeVmxBytes(oldBytes).text, decodeVmxBytes(newBytes).text, {
    config: loaded.resolved,
    oldLabel,
    newLabel: newFile,
  });
  io.stdout(renderDiff(diff, format));
  return v['exit-code'] && losesTarget(diff) ? 1 : 0;
}
