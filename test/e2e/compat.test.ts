import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  diagnosticsWithCode,
  editsFixtureInMemoryOnly,
  flagColumn,
  hoverAt,
  lineStartingWith,
  openFixture,
  TIMEOUT_MS,
  vmotionDiagnosticsNaming,
  waitFor,
  waitForCodeActions,
  waitForCodeLens,
  waitForDiagnostic,
} from './helpers';

// evc/.vmx-cpuid.json: source intel-skylake, targets intel-sandybridge,
// intel-broadwell, intel-icelake (EVC on: the source is an EVC baseline).
// evc/cluster.vmx hides what Skylake and Broadwell do not share and forces
// AVX2 (cpuid.7.0.ebx bit 5) to 1: it moves to Broadwell and Ice Lake, not
// to Sandy Bridge (no AVX2, BMI1/2, FMA …).
const FIXTURE = 'evc/cluster.vmx';
const TARGETS = ['intel-sandybridge', 'intel-broadwell', 'intel-icelake'];
const MOVES = /moves to (\d+) of (\d+) targets?/;

suite('vMotion compatibility (evc/.vmx-cpuid.json)', () => {
  // Reverts the quick fix and closes the matrix: the fixture on disk keeps its AVX2 = 1.
  editsFixtureInMemoryOnly(FIXTURE);

  test('a .vmx below a .vmx-cpuid.json gets vMotion diagnostics naming the target that lacks a feature', async () => {
    const document = await openFixture(FIXTURE);
    const lacks = await waitForDiagnostic(document.uri, 'vmotion-target-lacks');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const column = flagColumn(document, line, 5);
    assert.equal(document.lineAt(line).text[column], '1', 'the fixture forces AVX2 (bit 5) to 1');

    const avx2 = lacks.find((d) => d.range.start.line === line && d.range.start.character === column);
    assert.ok(avx2, `a vmotion-target-lacks diagnostic on the AVX2 flag among:\n${lacks.map((d) => d.message).join('\n')}`);
    assert.match(avx2.message, /AVX2\) is forced to 1, but target intel-sandybridge lacks AVX2/, 'it names the target and the feature');
    assert.equal(avx2.severity, vscode.DiagnosticSeverity.Error);
    // Only Sandy Bridge blocks: the masks hide what Broadwell lacks, and Ice Lake has everything.
    for (const host of ['intel-broadwell', 'intel-icelake']) {
      assert.deepEqual(vmotionDiagnosticsNaming(document.uri, host).map((d) => d.message), [], `no vMotion diagnostic names ${host}`);
    }
    // Features no mask mentions are reported once, at the top of the file.
    const top = lacks.find((d) => d.message.startsWith('No mask hides'));
    assert.ok(top, 'a diagnostic lists the features no mask hides');
    assert.ok(top.message.includes('target intel-sandybridge') && top.message.includes('FMA'), `the top diagnostic names the target and FMA:\n${top.message}`);
  });

  test('the code lens counts the targets the VM moves to and opens the matrix with a row per target', async () => {
    const document = await openFixture(FIXTURE);
    const lens = await waitForCodeLens(document, (t) => MOVES.test(t), 'the "moves to N of M targets" lens');
    const title = lens.command!.title;
    const [, movable, total] = MOVES.exec(title)!;
    assert.equal(`${movable} of ${total}`, '2 of 3', `the lens counts Broadwell and Ice Lake: ${title}`);
    assert.ok(title.includes('blocked: intel-sandybridge'), `the lens names the blocked target: ${title}`);
    assert.equal(lens.range.start.line, 0, 'the lens sits at the first setting');
    assert.equal(lens.command!.command, 'vmxCpuid.showCompatibility');

    // Run the lens's own command with its own arguments, as a click does.
    const markdown = await vscode.commands.executeCommand<string | undefined>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(typeof markdown, 'string', 'showCompatibility returns the matrix markdown');
    assert.ok(markdown!.includes('# vMotion compatibility of cluster.vmx'), `the matrix names the file:\n${markdown}`);
    assert.ok(markdown!.includes('Source: **intel-skylake**') && markdown!.includes('EVC: on'), `the matrix names the source and EVC:\n${markdown}`);
    assert.ok(markdown!.includes('moves to **2 of 3** targets'), `the matrix agrees with the lens:\n${markdown}`);
    const rows = markdown!.split('\n').filter((l) => /^\| intel-/.test(l));
    assert.deepEqual(rows.map((r) => r.split('|')[1]!.trim()), TARGETS, `one row per target, in configuration order:\n${markdown}`);
    assert.match(rows[0]!, /^\| intel-sandybridge \| ❌ \d+ blocking \| .*AVX2 \(guest sees it, target lacks it\)/, 'Sandy Bridge is blocked, AVX2 among the reasons');
    assert.equal(rows[1], '| intel-broadwell | ✅ moves | — |');
    assert.equal(rows[2], '| intel-icelake | ✅ moves | — |');
  });

  test('the hover on a flag has a line per host: present, absent, blocks vMotion', async () => {
    const document = await openFixture(FIXTURE);
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const { text } = await hoverAt(document, new vscode.Position(line, flagColumn(document, line, 5)));
    assert.ok(text.includes('AVX2'), `the hover is about AVX2:\n${text}`);
    // One list item per host, source first, targets in configuration order.
    const hostLines = text.split('\n').filter((l) => /^- (source|target) \*\*/.test(l));
    assert.deepEqual(
      hostLines,
      [
        '- source **intel-skylake**: present',
        '- target **intel-sandybridge**: absent → blocks vMotion',
        '- target **intel-broadwell**: present',
        '- target **intel-icelake**: present',
      ],
      `host lines of the AVX2 hover:\n${text}`,
    );
  });

  test('"Make compatible with intel-sandybridge" removes every vMotion diagnostic naming it', async () => {
    const document = await openFixture(FIXTURE);
    await waitForDiagnostic(document.uri, 'vmotion-target-lacks');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const column = flagColumn(document, line, 5);
    const range = new vscode.Range(line, column, line, column + 1);
    const actions = await waitForCodeActions(
      document,
      range,
      vscode.CodeActionKind.QuickFix,
      (t) => t.startsWith('Make compatible with intel-sandybridge'),
      'the "Make compatible with intel-sandybridge" quick fix',
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => t.startsWith('Hide AVX2')), `"Hide AVX2" is offered too: ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => t.startsWith('Make compatible with all targets')), `"Make compatible with all targets" is offered too: ${titles.join(' | ')}`);
    const fix = actions.find((a) => a.title.startsWith('Make compatible with intel-sandybridge'))!;
    assert.match(fix.title, /\(hide \d+ features\)$/, 'the title says how many features it hides');
    assert.ok(fix.edit, 'the fix carries a workspace edit');

    assert.ok(vmotionDiagnosticsNaming(document.uri, 'intel-sandybridge').length > 1, 'several diagnostics name Sandy Bridge before the fix');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'workspace.applyEdit accepted the fix');
    assert.ok(document.isDirty, 'the fix edited the document');
    assert.equal(document.lineAt(line).text[column], '0', 'AVX2 is hidden now');
    await waitFor(
      () => vmotionDiagnosticsNaming(document.uri, 'intel-sandybridge').length === 0,
      TIMEOUT_MS,
      'the vMotion diagnostics naming intel-sandybridge to go away',
    );
    assert.deepEqual(diagnosticsWithCode(document.uri, 'vmotion-target-lacks').map((d) => d.message), [], 'no target lacks anything any more');
    const lens = await waitForCodeLens(document, (t) => t.includes('moves to 3 of 3'), 'the lens to count 3 of 3 targets after the fix');
    assert.ok(!lens.command!.title.includes('blocked'), `nothing is blocked: ${lens.command!.title}`);
  });
});
