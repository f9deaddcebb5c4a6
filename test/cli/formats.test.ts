import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fixturePath, REPO_ROOT } from '../support/repo';
import { runCliInProcess, runCliProcess, type JsonReport } from '../support/cli';
import { problemsOf } from '../support/model';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const problems = fixturePath('problems.vmx');
const clean = fixturePath('clean.vmx');
const relProblems = path.relative(REPO_ROOT, problems);

describe('cli: output formats', () => {
  test('json: {"version":1,"files":[{"path","diagnostics":[{range,severity,code,message}]}]} with 0-based positions', async () => {
    const r = runCliProcess(['check', '--format', 'json', relProblems, clean]);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(Object.keys(report), ['version', 'files']);
    assert.equal(report.version, 1);
    assert.deepEqual(report.files.map((f) => f.path), [relProblems, clean], 'paths as given, in the order given');
    for (const f of report.files) {
      assert.deepEqual(Object.keys(f), ['path', 'diagnostics']);
      for (const d of f.diagnostics) assert.deepEqual(Object.keys(d), ['range', 'severity', 'code', 'message']);
    }
    assert.deepEqual(report.files[1]!.diagnostics, []);
    const expected = problemsOf(fs.readFileSync(problems, 'utf8')).map((p) => ({ range: p.range, severity: p.severity, code: p.code, message: p.message }));
    assert.deepEqual(report.files[0]!.diagnostics, expected);
    // The typographic quote on line 2 (1-based), “ at column 15 (1-based) → 0-based 1:14.
    const quote = report.files[0]!.diagnostics.find((d) => d.code === 'typographic-quote')!;
    assert.deepEqual(quote.range, { start: { line: 1, character: 14 }, end: { line: 1, character: 25 } });
    // in-process run() prints the same
    assert.equal((await runCliInProcess(['check', '--format', 'json', relProblems, clean])).stdout, r.stdout);
  });

  test('text: path:line:col: severity code: message, 1-based, one line per diagnostic, then a summary', () => {
    const json = JSON.parse(runCliProcess(['check', '-f', 'json', relProblems]).stdout) as JsonReport;
    const r = runCliProcess(['check', relProblems]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    const diagnostics = json.files[0]!.diagnostics;
    assert.equal(lines.length, diagnostics.length + 1);
    diagnostics.forEach((d, i) => {
      assert.equal(lines[i], `${relProblems}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
    });
    assert.ok(lines.includes(`${relProblems}:2:15: error typographic-quote: ${diagnostics.find((d) => d.code === 'typographic-quote')!.message}`));
    const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    assert.equal(count('error') > 0 && count('warning') > 0 && count('information') > 0, true);
    assert.equal(lines[lines.length - 1], `1 file checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('information')} information, ${plural(count('hint'), 'hint')}`);
  });

  test('sarif: version 2.1.0, one rule per code used, results with 1-based regions', () => {
    const json = JSON.parse(runCliProcess(['check', '-f', 'json', relProblems]).stdout) as JsonReport;
    const r = runCliProcess(['check', '--format', 'sarif', relProblems, clean]);
    assert.equal(r.code, 1);
    interface SarifResult {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
    }
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      $schema: string;
      runs: { tool: { driver: { name: string; version: string; rules: { id: string; defaultConfiguration: { level: string } }[] } }; results: SarifResult[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const run = sarif.runs[0]!;
    assert.equal(run.tool.driver.name, 'vmx-cpuid');
    const diagnostics = json.files[0]!.diagnostics;
    assert.deepEqual(new Set(run.tool.driver.rules.map((x) => x.id)), new Set(diagnostics.map((d) => d.code)));
    assert.equal(run.results.length, diagnostics.length);
    const level: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    run.results.forEach((res, i) => {
      const d = diagnostics[i]!;
      assert.equal(res.ruleId, d.code);
      assert.equal(run.tool.driver.rules[res.ruleIndex]!.id, res.ruleId);
      assert.equal(res.level, level[d.severity]);
      assert.equal(res.message.text, d.message);
      const loc = res.locations[0]!.physicalLocation;
      assert.equal(loc.artifactLocation.uri, relProblems.split(path.sep).join('/'));
      assert.deepEqual(loc.region, {
        startLine: d.range.start.line + 1,
        startColumn: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      });
    });
  });

  test('sarif: artifact URIs are valid URI references (spaces encoded; absolute paths as file: URLs)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-sarif-'));
    try {
      fs.mkdirSync(path.join(root, 'My VMs'));
      const abs = path.join(root, 'My VMs', 'Windows 10 x64 #2.vmx');
      fs.writeFileSync(abs, 'bad line\n');
      const uriOf = (args: string[], cwd?: string) => {
        const r = runCliProcess(['check', '--format', 'sarif', ...args], cwd);
        const sarif = JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
        return sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
      };
      const relative = uriOf([path.join('My VMs', 'Windows 10 x64 #2.vmx')], root);
      assert.equal(relative, 'My%20VMs/Windows%2010%20x64%20%232.vmx');
      assert.equal(fileURLToPath(new URL(relative, pathToFileURL(root + path.sep))), abs);
      const absolute = uriOf([abs]);
      assert.equal(absolute, pathToFileURL(abs).href);
      assert.equal(fileURLToPath(absolute), abs);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
