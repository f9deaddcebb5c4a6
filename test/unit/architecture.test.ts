/**
 * The core (parser, analysis, features) stays free of editor and transport
 * dependencies so that the CLI, the browser build and tests can use it; only
 * the LSP shells import vscode-languageserver. Imports are read with the
 * TypeScript scanner (ts.preProcessFile): static, dynamic, type-only and
 * require() imports all count.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO_ROOT, repoPath } from '../support/repo';
import { VERSION } from '../../server/src/version';

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(full);
  }
  return out.sort();
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const rel = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');

/** vscode, vscode-languageserver and vscode-languageserver/… (node, browser, protocol …). */
function isEditorOrTransport(specifier: string): boolean {
  return specifier === 'vscode' || specifier === 'vscode-languageserver' || specifier.startsWith('vscode-languageserver/');
}

const SHELL_DIRS = ['lsp', 'node', 'browser'].map((d) => repoPath('server', 'src', d) + path.sep);

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

describe('architecture', () => {
  test('the scanner sees every kind of import (self-check)', () => {
    const sample = [
      "import { a } from 'vscode-languageserver';",
      "import type { B } from 'vscode-languageserver/node';",
      "export * from 'vscode';",
      "const c = require('vscode-languageserver/browser');",
      "void import('vscode');",
    ].join('\n');
    const found = ts.preProcessFile(sample, true, true).importedFiles.map((f) => f.fileName);
    assert.deepEqual(found.filter(isEditorOrTransport).sort(), ['vscode', 'vscode', 'vscode-languageserver', 'vscode-languageserver/browser', 'vscode-languageserver/node']);
    assert.equal(isEditorOrTransport('vscode-languageserver-types'), false);
    assert.equal(isEditorOrTransport('vscode-languageserver-textdocument'), false);
  });

  test('server/src outside lsp/, node/ and browser/ imports neither vscode nor vscode-languageserver', () => {
    const files = tsFiles(repoPath('server', 'src')).filter((f) => !SHELL_DIRS.some((d) => f.startsWith(d)));
    assert.ok(files.length >= 10, `expected the core sources, found ${files.length}`);
    const offenders = files.flatMap((f) => importsOf(f).filter(isEditorOrTransport).map((s) => `${rel(f)} imports "${s}"`));
    assert.deepEqual(offenders, []);
  });

  test('the core does not import the shells either', () => {
    const files = tsFiles(repoPath('server', 'src')).filter((f) => !SHELL_DIRS.some((d) => f.startsWith(d)));
    const offenders: string[] = [];
    for (const f of files) {
      for (const s of importsOf(f)) {
        if (!s.startsWith('.')) continue;
        const target = resolveRelative(f, s);
        if (target && SHELL_DIRS.some((d) => target.startsWith(d))) offenders.push(`${rel(f)} imports "${s}"`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  // The two pure data libraries the core may use (LSP types, text documents) are allowed; editor and
  // transport modules are not.
  test('the CLI, with everything it imports, uses no vscode* module but the LSP types and text-document libraries', () => {
    const seen = new Set<string>();
    const queue = tsFiles(repoPath('cli', 'src'));
    const offenders: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const s of importsOf(file)) {
        if (s.startsWith('.')) {
          const target = resolveRelative(file, s);
          if (target) queue.push(target);
        } else if (s.startsWith('vscode') && s !== 'vscode-languageserver-types' && s !== 'vscode-languageserver-textdocument') {
          offenders.push(`${rel(file)} imports "${s}"`);
        }
      }
    }
    assert.ok([...seen].some((f) => f.includes(`${path.sep}server${path.sep}src${path.sep}`)), 'the walk reached the core');
    assert.deepEqual(offenders, []);
  });

  test('server/src/version.ts VERSION equals the package.json version', () => {
    const pkg = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
  });
});
