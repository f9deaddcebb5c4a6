import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { formatSarif, artifactLocation, directoryUri } from '../../cli/src/sarif';
import { checkBytes, FileReport } from '../../cli/src/checkFile';
import { DIAGNOSTIC_CODES, codeInfo } from '../../server/src/analysis/codes';
import { CODE_HELP, DIAGNOSTICS_DOC_URL, helpMarkdown, helpText, helpUri } from '../../server/src/analysis/codeHelp';
import { resolveConfig } from '../../server/src/config/config';
import { builtinProfileJson } from '../../server/src/profiles/builtins';
import { VERSION } from '../../server/src/version';
import { fixturePath, REPO_ROOT, repoPath } from '../support/repo';
import { runCliProcess } from '../support/cli';

// ---------------------------------------------------------------------------------------------
// The schema: SARIF 2.1.0 as shipped in @microsoft/sarif-multitool-linux 5.7.0 (see the README next to it).

const SCHEMA = JSON.parse(fs.readFileSync(repoPath('test', 'cli', 'fixtures', 'sarif-2.1.0.schema.json'), 'utf8')) as object;

function isUri(s: string): boolean {
  try {
    return /^[a-z][a-z0-9+.-]*:/i.test(s) && new URL(s).href.length > 0;
  } catch {
    return false;
  }
}

function isUriReference(s: string): boolean {
  if (/[\s"<>\\^`{|}]/.test(s)) return false; // characters RFC 3986 never allows unencoded
  if (/%(?![0-9a-f]{2})/i.test(s)) return false;
  try {
    new URL(s, 'file:///base/');
    return true;
  } catch {
    return false;
  }
}

const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
ajv.addFormat('uri', isUri);
ajv.addFormat('uri-reference', isUriReference);
ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));
ajv.addFormat('uuid', (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s));
const validate = ajv.compile(SCHEMA);

function assertValid(log: unknown, what: string): void {
  const ok = validate(log);
  assert.ok(ok, `${what} is not valid SARIF 2.1.0:\n${JSON.stringify(validate.errors?.slice(0, 10), null, 2)}`);
}

// ---------------------------------------------------------------------------------------------
// A run with many codes: syntax, masks, featMask, compatibility, related locations and fixes.

const COMPAT_VMX = [
  '.encoding = "UTF-8"',
  'virtualHW.version = "19"',
  'displayName = "erp-app-01 — 🖥 legacy"',
  'cpuid.1.ecx = "---1:----:----:----:----:----:----:----"',
  'cpuid.0x7.0.ebx = "----:----:----:----:----:----:----:----"',
  'cpuid.d.1.eax = "----:----:----:----:----:----:----:1---"',
  'cpuid.80000001.edx = "---- ---- ---- ---- ---- ---- ---- ----"',
  'featMask.vm.cpuid.AVX3 = "Val:0"',
  'featMask.vm.cpuid.SSE41 = "On"',
  'featureCompat.enable = "FALSE"',
  'numvcpus = "2"',
  'numvcpus = "4"',
  'cpuid.1.edx = "0000"',
  '',
].join('\n');

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: Rule[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    artifacts: { location: { uri: string; uriBaseId?: string } }[];
    columnKind: string;
    results: Result[];
  }[];
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: string };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index: number }; region: Record<string, number> } }[];
  relatedLocations?: unknown[];
  fixes?: unknown[];
}

function reportsIn(dir: string): FileReport[] {
  const config = resolveConfig({ source: 'intel-haswell', targets: ['intel-westmere'], evc: true }, (ref) => builtinProfileJson(ref)!, 'test');
  const compatFile = path.join(dir, 'vms', 'erp app.vmx');
  fs.mkdirSync(path.dirname(compatFile), { recursive: true });
  fs.writeFileSync(compatFile, COMPAT_VMX);
  return [
    checkBytes(path.relative(dir, compatFile), fs.readFileSync(compatFile), { config }),
    checkBytes(fixturePath('problems.vmx'), fs.readFileSync(fixturePath('problems.vmx'))),
    checkBytes(compatFile, fs.readFileSync(compatFile)),
  ];
}

function withTempDir<T>(f: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-sarif-'));
  try {
    return f(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('sarif: SARIF 2.1.0 writer (cli/src/sarif.ts)', () => {
  test('a run with many codes is valid against the SARIF 2.1.0 schema', () => {
    withTempDir((dir) => {
      const reports = reportsIn(dir);
      const codes = new Set(reports.flatMap((r) => r.problems.map((p) => p.code)));
      for (const c of ['vmotion-target-lacks', 'power-on-forced-missing', 'mask-key-spelling', 'mask-format', 'featmask-unknown-name', 'featmask-value', 'featurecompat-enable', 'duplicate-key', 'mask-length', 'typographic-quote', 'malformed-line']) {
        assert.ok(codes.has(c), `the run has ${c} (has ${[...codes].join(', ')})`);
      }
      const log = JSON.parse(formatSarif(reports, VERSION, { cwd: dir })) as SarifLog;
      assertValid(log, 'the run');
      assert.ok(log.runs[0]!.results.some((r) => r.relatedLocations), 'related locations (duplicate-key) are included');
      assert.ok(log.runs[0]!.results.some((r) => r.fixes), 'fixes are included');
    });
  });

  test('every rule: id, name, descriptions, help text and Markdown with example and fix, helpUri, default level', () => {
    const log = JSON.parse(formatSarif([], VERSION, { rules: 'all' })) as SarifLog;
    assertValid(log, 'a run with every rule and no results');
    const rules = log.runs[0]!.tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id), Object.keys(DIAGNOSTIC_CODES));
    const level: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    for (const r of rules) {
      const help = CODE_HELP[r.id as keyof typeof CODE_HELP];
      assert.equal(r.name, help.name);
      assert.match(r.name, /^[A-Z][A-Za-z]+$/);
      assert.equal(r.shortDescription.text, codeInfo(r.id)!.summary);
      assert.ok(r.fullDescription.text.length > r.id.length);
      assert.equal(r.defaultConfiguration.level, level[codeInfo(r.id)!.severity]);
      assert.ok(r.help.text.includes('Example:') && r.help.text.includes('Fix:'), r.id);
      assert.ok(r.help.markdown.includes('**Example**') && r.help.markdown.includes('**Fix.**') && r.help.markdown.includes('```'), r.id);
      assert.ok(r.help.markdown.includes(help.example.split('\n')[0]!), `${r.id}: the example is in the Markdown`);
      assert.ok(r.helpUri.startsWith(`${DIAGNOSTICS_DOC_URL}#`), r.helpUri);
    }
    assert.equal(new Set(rules.map((r) => r.name)).size, rules.length, 'names are unique');
  });

  test('helpUri anchors are headings of docs/DIAGNOSTICS.md, and the doc describes every code', () => {
    const doc = fs.readFileSync(repoPath('docs', 'DIAGNOSTICS.md'), 'utf8');
    const slug = (heading: string) =>
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s-]/gu, '')
        .replace(/\s/g, '-');
    const anchors = new Set([...doc.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
    for (const code of Object.keys(DIAGNOSTIC_CODES)) {
      const anchor = helpUri(code).split('#')[1]!;
      assert.ok(anchors.has(anchor), `${code}: #${anchor} is a heading (headings: ${[...anchors].join(', ')})`);
      assert.ok(doc.includes(`\`${code}\``), `${code} is in DIAGNOSTICS.md`);
      assert.ok(helpText(code).includes(code) && helpMarkdown(code).includes(code));
    }
  });

  test('results: ruleId/ruleIndex/level/message, %SRCROOT%-relative URIs, 1-based UTF-16 regions, columnKind, originalUriBaseIds, invocations', () => {
    withTempDir((dir) => {
      const reports = reportsIn(dir);
      const log = JSON.parse(formatSarif(reports, VERSION, { cwd: dir })) as SarifLog;
      const run = log.runs[0]!;
      assert.equal(log.version, '2.1.0');
      assert.equal(run.columnKind, 'utf16CodeUnits');
      assert.deepEqual(run.invocations, [{ executionSuccessful: true }]);
      assert.equal(run.originalUriBaseIds['%SRCROOT%']!.uri, pathToFileURL(dir).href + '/');
      // The same file named relatively and absolutely is one artifact.
      assert.deepEqual(run.artifacts.map((a) => a.location), [
        { uri: 'vms/erp%20app.vmx', uriBaseId: '%SRCROOT%' },
        { uri: pathToFileURL(fixturePath('problems.vmx')).href },
      ]);
      const artifactOf = [0, 1, 0];
      const expected = reports.flatMap((r, i) => r.problems.map((p) => ({ p, i })));
      assert.equal(run.results.length, expected.length);
      const levels: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
      run.results.forEach((res, k) => {
        const { p, i } = expected[k]!;
        assert.equal(res.ruleId, p.code);
        assert.equal(run.tool.driver.rules[res.ruleIndex]!.id, p.code);
        assert.equal(res.level, levels[p.severity]);
        assert.equal(res.message.text, p.message);
        const loc = res.locations[0]!.physicalLocation;
        assert.equal(loc.artifactLocation.index, artifactOf[i]);
        assert.deepEqual(loc.region, {
          startLine: p.range.start.line + 1,
          startColumn: p.range.start.character + 1,
          endLine: p.range.end.line + 1,
          endColumn: p.range.end.character + 1,
        });
        // The URI resolves, against %SRCROOT%, to the file that was checked.
        const base = loc.artifactLocation.uriBaseId ? run.originalUriBaseIds[loc.artifactLocation.uriBaseId]!.uri : undefined;
        const file = fileURLToPath(new URL(loc.artifactLocation.uri, base));
        assert.equal(file, path.resolve(dir, reports[i]!.path));
      });
      // Only the rules used, in registry order.
      const used = new Set(expected.map((e) => e.p.code));
      assert.deepEqual(run.tool.driver.rules.map((r) => r.id), Object.keys(DIAGNOSTIC_CODES).filter((c) => used.has(c)));
    });
  });

  test('columns count UTF-16 code units, as GitHub code scanning expects with columnKind utf16CodeUnits', () => {
    withTempDir((dir) => {
      // "𝄞" is one code point but two UTF-16 code units: the quote after it starts at UTF-16 column 16 (1-based).
      const text = 'annotation = "𝄞" bad\n';
      const file = path.join(dir, 'a.vmx');
      fs.writeFileSync(file, text);
      const log = JSON.parse(formatSarif([checkBytes('a.vmx', fs.readFileSync(file))], VERSION, { cwd: dir })) as SarifLog;
      assertValid(log, 'the UTF-16 run');
      const res = log.runs[0]!.results[0]!;
      assert.equal(res.ruleId, 'malformed-line');
      const region = res.locations[0]!.physicalLocation.region;
      assert.equal(region.startLine, 1);
      assert.ok(region.endColumn! <= text.indexOf('\n') + 1, 'end column within the line in UTF-16 units');
    });
  });

  test('unreadable inputs: executionSuccessful false with a notification per file, still valid', () => {
    const log = JSON.parse(formatSarif([], VERSION, { cwd: REPO_ROOT, inputProblems: [{ path: 'missing dir/vm.vmx', message: 'no such file or directory' }] })) as SarifLog;
    assertValid(log, 'a run with an I/O problem');
    const inv = log.runs[0]!.invocations[0]!;
    assert.equal(inv.executionSuccessful, false);
    assert.match(inv.toolExecutionNotifications![0]!.message.text, /cannot read missing dir\/vm\.vmx: no such file/);
  });

  test('artifactLocation and directoryUri: inside, outside and above the working directory', () => {
    const cwd = path.join(os.tmpdir(), 'repo');
    assert.deepEqual(artifactLocation('My VMs/Windows 10 x64 #2.vmx', cwd), { uri: 'My%20VMs/Windows%2010%20x64%20%232.vmx', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation(path.join(cwd, 'a', 'b.vmx'), cwd), { uri: 'a/b.vmx', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('../other/x.vmx', cwd), { uri: pathToFileURL(path.join(os.tmpdir(), 'other', 'x.vmx')).href });
    assert.ok(directoryUri(cwd).endsWith('/repo/'));
  });

  test('the validator is in force: broken logs are rejected', () => {
    const good = JSON.parse(formatSarif([], VERSION)) as SarifLog;
    assertValid(good, 'an empty run');
    const broken = [
      (l: SarifLog) => ((l as unknown as { version: string }).version = '2.0.0'),
      (l: SarifLog) => (l.runs[0]!.columnKind = 'bytes'),
      (l: SarifLog) => (l.runs[0]!.results = [{ ruleId: 'x', ruleIndex: -2, level: 'fatal', message: { text: 'm' }, locations: [] }]),
      (l: SarifLog) => (l.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri = 'not a uri with spaces'),
    ];
    for (const breakIt of broken) {
      const log = JSON.parse(JSON.stringify(good)) as SarifLog;
      breakIt(log);
      assert.equal(validate(log), false, breakIt.toString());
    }
  });

  test('the CLI\'s own --format sarif output validates too (whichever writer output.ts uses)', () => {
    const r = runCliProcess(['check', '--format', 'sarif', path.relative(REPO_ROOT, fixturePath('problems.vmx')), fixturePath('clean.vmx')]);
    assert.equal(r.code, 1);
    assertValid(JSON.parse(r.stdout), 'vmx-cpuid check --format sarif');
  });
});
