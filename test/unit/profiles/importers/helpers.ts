/** Shared helpers of the importer tests. */
import * as fs from 'node:fs';
import assert from 'node:assert/strict';
import { repoPath } from '../../../support/repo';
import { ImportError } from '../../../../server/src/profiles/importers';

export function fixture(name: string): string {
  return fs.readFileSync(repoPath('test', 'unit', 'profiles', 'fixtures', name), 'utf8');
}

/** The 32 flags of a register, bit 31 first, without the `:` grouping. */
export function flags(registers: Readonly<Record<string, string>> | undefined, key: string): string {
  const text = registers?.[key];
  assert.ok(text !== undefined, `register ${key} is missing`);
  return text.replace(/:/g, '');
}

/** State of one bit in a register string: '1', '0' or '-'. */
export function bitOf(registers: Readonly<Record<string, string>> | undefined, key: string, bit: number): string {
  return flags(registers, key)[31 - bit]!;
}

/** Asserts that fn throws an ImportError whose message matches every pattern (and the line when given). */
export function assertImportError(fn: () => unknown, patterns: readonly RegExp[], line?: number): ImportError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ImportError, `expected an ImportError, got ${String(caught)}`);
  for (const p of patterns) assert.match(caught.message, p);
  if (line !== undefined) {
    assert.equal(caught.line, line);
    assert.match(caught.message, new RegExp(`^line ${line}: `));
  }
  return caught;
}
