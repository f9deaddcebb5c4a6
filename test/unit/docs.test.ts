/**
 * The code registry, the documentation and the sources agree: every code in
 * server/src/analysis/codes.ts is documented in docs/DIAGNOSTICS.md (with its
 * default severity) and in the README's table, and every code the sources
 * emit is registered.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES } from '../../server/src/analysis/codes';
import { repoPath } from '../support/repo';

const CODES = Object.keys(DIAGNOSTIC_CODES);
const read = (...p: string[]) => fs.readFileSync(repoPath(...p), 'utf8');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** Codes written in the sources: `code: '…'`, `…_CODE = '…'`, and the power-on / vMotion codes chosen by `? '…' : '…';` or `return '…'`. */
function emittedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const root of ['server/src', 'cli/src', 'client/src']) {
    if (!fs.existsSync(repoPath(root))) continue;
    for (const file of sourceFiles(repoPath(root))) {
      if (file.endsWith(path.join('analysis', 'codes.ts'))) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const re of [/\bcode: '([a-z0-9-]+)'/g, /_CODE = '([a-z0-9-]+)'/g, /(?:return|\?)\s*'((?:power-on|vmotion)-[a-z-]+)'/g, /:\s*'((?:power-on|vmotion)-[a-z-]+)';/g]) {
        for (const m of text.matchAll(re)) if (!found.has(m[1]!)) found.set(m[1]!, path.relative(repoPath(), file));
      }
    }
  }
  return found;
}

describe('docs and the code registry', () => {
  test('every registered code is documented in docs/DIAGNOSTICS.md with its default severity', () => {
    const doc = read('docs', 'DIAGNOSTICS.md');
    const problems: string[] = [];
    for (const code of CODES) {
      const m = new RegExp(`^\\*\\*\`${code}\`\\*\\* \\(([a-z]+)`, 'm').exec(doc);
      if (!m) problems.push(`${code}: no **\`${code}\`** entry`);
      else if (m[1] !== DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES].severity) problems.push(`${code}: documented as ${m[1]}, registered as ${DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES].severity}`);
    }
    assert.deepEqual(problems, []);
  });

  test('every code documented in docs/DIAGNOSTICS.md is registered', () => {
    const documented = [...read('docs', 'DIAGNOSTICS.md').matchAll(/^\*\*`([a-z0-9-]+)`\*\*/gm)].map((m) => m[1]!);
    assert.ok(documented.length >= 20);
    assert.deepEqual(documented.filter((c) => !CODES.includes(c)), []);
  });

  test("every registered code is in the README's table of checks", () => {
    const readme = read('README.md');
    const tableCodes = new Set<string>();
    for (const line of readme.split('\n')) {
      if (!line.startsWith('| `')) continue;
      const first = line.split('|')[1]!;
      for (const m of first.matchAll(/`([a-z0-9-]+)`/g)) tableCodes.add(m[1]!);
    }
    assert.deepEqual(CODES.filter((c) => !tableCodes.has(c)), []);
  });

  test('every code the sources emit is registered', () => {
    const emitted = emittedCodes();
    for (const known of ['malformed-line', 'vmotion-target-lacks', 'vmotion-requirement', 'power-on-forced-missing', 'power-on-requirement', 'invalid-bytes', 'encoding-mismatch']) assert.ok(emitted.has(known), `the scan finds ${known}`);
    const unregistered = [...emitted].filter(([code]) => !CODES.includes(code)).map(([code, file]) => `${code} (${file})`);
    assert.deepEqual(unregistered, []);
  });
});
