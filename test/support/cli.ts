/** Runs the CLI: as a process (the built bundle) or in-process through run() with a fake Io. */
import { spawnSync } from 'node:child_process';
import { run } from '../../cli/src/main';
import { distFile, REPO_ROOT } from './repo';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCliProcess(args: readonly string[], cwd = REPO_ROOT): CliResult {
  const r = spawnSync(process.execPath, [distFile('cli.js'), ...args], { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function runCliInProcess(args: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

export interface JsonReport {
  version: number;
  files: {
    path: string;
    diagnostics: {
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      severity: string;
      code: string;
      message: string;
    }[];
  }[];
}
