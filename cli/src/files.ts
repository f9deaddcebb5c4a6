/** Expands the paths given on the command line into the .vmx/.vmtx files to read. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const VMX_FILE = /\.(vmx|vmtx)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface InputProblem {
  readonly path: string;
  readonly message: string;
}

export interface ExpandedInputs {
  readonly files: string[];
  readonly problems: InputProblem[];
}

/** Files are taken as given (whatever their name); directories are walked for *.vmx and *.vmtx. */
export async function expandInputs(inputs: readonly string[]): Promise<ExpandedInputs> {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch (err) {
      problems.push({ path: input, message: describeIoError(err) });
      continue;
    }
    if (stat.isDirectory()) await walk(input, files, problems);
    else files.push(input);
  }
  return { files, problems };
}

async function walk(dir: string, files: string[], problems: InputProblem[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    problems.push({ path: dir, message: describeIoError(err) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(full, files, problems);
    } else if (entry.isFile() && VMX_FILE.test(entry.name)) {
      files.push(full);
    }
  }
}

export function describeIoError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
