/** Paths of the repository, found from this file wherever the tests were compiled to. */
import * as fs from 'node:fs';
import * as path from 'node:path';

function findRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'vmx-cpuid') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the vmx-cpuid repository root above ${__dirname}`);
    dir = parent;
  }
}

export const REPO_ROOT = findRoot();

export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}

/** A built bundle (dist/…), or a failure that says how to build it. */
export function distFile(name: 'server.js' | 'cli.js'): string {
  const file = repoPath('dist', name);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run build" before the protocol and CLI tests`);
  return file;
}

/** The fixtures of test/support/fixtures (read from the source tree; tsc does not copy them). */
export function fixturePath(name: string): string {
  return repoPath('test', 'support', 'fixtures', name);
}
