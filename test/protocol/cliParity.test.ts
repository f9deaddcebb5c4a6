/**
 * The language server and the CLI run the same core: for the same file they
 * must report the same diagnostics (range, code, message, severity). The CLI
 * additionally reports bytes invalid in the declared encoding (invalid-bytes),
 * which an editor cannot see; those are left out of the comparison.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { distFile, REPO_ROOT } from '../support/repo';
import { didOpen, initialize, startServer, type TestServer } from '../support/lsp';
import { editorText, exampleFiles, TEXT_FIXTURES, writeByteFixtures } from '../support/fixtures';

interface CliDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

const SEVERITY_NAME: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

describe('protocol: server diagnostics equal the CLI JSON diagnostics', () => {
  let server: TestServer;
  const byteFixtures = writeByteFixtures();
  const files = [...exampleFiles(), ...TEXT_FIXTURES, ...byteFixtures.files];
  let cli: Map<string, CliDiagnostic[]>;

  before(async () => {
    const r = spawnSync(process.execPath, [distFile('cli.js'), 'check', '--format', 'json', ...files], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 1, `CLI exit ${r.status}: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: CliDiagnostic[] }[] };
    cli = new Map(report.files.map((f) => [path.resolve(REPO_ROOT, f.path), f.diagnostics]));
    server = startServer();
    await initialize(server);
  });
  after(async () => {
    await server.stop();
    fs.rmSync(byteFixtures.dir, { recursive: true, force: true });
  });

  test('the comparison covers the examples and the fixtures', () => {
    assert.ok(files.length >= TEXT_FIXTURES.length + byteFixtures.files.length);
    assert.ok(files.some((f) => f.endsWith('problems.vmx')));
  });

  for (const file of files) {
    test(path.relative(REPO_ROOT, file), async () => {
      const expected = cli.get(path.resolve(file));
      assert.ok(expected, `the CLI reported on ${file}`);
      const uri = pathToFileURL(file).href;
      await didOpen(server, uri, editorText(fs.readFileSync(file)), 1);
      const published = await server.waitForDiagnostics((p) => p.uri === uri && p.version === 1);
      const fromServer = published.diagnostics.map((d) => ({ range: d.range, severity: SEVERITY_NAME[d.severity!], code: d.code, message: d.message }));
      assert.deepEqual(fromServer, expected.filter((d) => d.code !== 'invalid-bytes'));
    });
  }
});
