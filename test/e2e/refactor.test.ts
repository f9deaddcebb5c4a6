import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  editsFixtureInMemoryOnly,
  isCodeActionOfKind,
  lineStartingWith,
  openFixture,
  waitForCodeActions,
} from './helpers';

// masks.vmx: cpuid.1.ecx hides AVX (bit 28) and AES (bit 25) with 0 flags,
// bits VMware has featMask names for, so the mask converts exactly into
// featMask lines and back. cpuid.1.edx is all "-": nothing to convert.
const FIXTURE = 'masks.vmx';
const REWRITE = vscode.CodeActionKind.RefactorRewrite;

function lineRange(document: vscode.TextDocument, line: number): vscode.Range {
  return new vscode.Range(line, 0, line, document.lineAt(line).text.length);
}

suite('refactor: masks ⇄ featMask lines', () => {
  // Reverts the conversions: masks.vmx on disk keeps its mask line.
  editsFixtureInMemoryOnly(FIXTURE);

  test('a mask line converts to featMask lines, and a featMask line back to a mask', async () => {
    const document = await openFixture(FIXTURE);
    const line = lineStartingWith(document, 'cpuid.1.ecx');
    const before = document.lineCount;

    const actions = await waitForCodeActions(document, lineRange(document, line), REWRITE, (t) => t.startsWith('Convert cpuid.1.ecx'));
    const convert = actions.find((a) => a.title.startsWith('Convert cpuid.1.ecx'))!;
    assert.equal(convert.title, 'Convert cpuid.1.ecx to 2 featMask lines');
    assert.ok(convert.kind && REWRITE.contains(convert.kind), `kind is refactor.rewrite, got ${convert.kind?.value}`);
    assert.ok(convert.edit, 'the refactoring carries a workspace edit');
    assert.ok(await vscode.workspace.applyEdit(convert.edit), 'workspace.applyEdit accepted the refactoring');

    assert.equal(document.lineAt(line).text, 'featMask.vm.cpuid.AVX = "Val:0"', 'bit 28 (AVX) became a featMask line in place');
    assert.equal(document.lineAt(line + 1).text, 'featMask.vm.cpuid.AES = "Val:0"', 'bit 25 (AES) follows');
    assert.equal(document.lineCount, before + 1, 'one mask line became two featMask lines');
    assert.ok(!document.getText().includes('cpuid.1.ecx'), 'the mask line is gone');
    assert.equal(document.lineAt(line + 2).text.slice(0, 'cpuid.1.edx'.length), 'cpuid.1.edx', 'the next line is untouched');

    // And back: AVX alone into a new cpuid.1.ecx mask, in place of its line.
    const back = await waitForCodeActions(document, lineRange(document, line), REWRITE, (t) => t.startsWith('Convert featMask.vm.cpuid.AVX'));
    const toMask = back.find((a) => a.title.startsWith('Convert featMask.vm.cpuid.AVX'))!;
    assert.equal(toMask.title, 'Convert featMask.vm.cpuid.AVX to cpuid.1.ecx bit 28');
    assert.ok(toMask.edit && (await vscode.workspace.applyEdit(toMask.edit)), 'the reverse refactoring applies');
    assert.equal(document.lineAt(line).text, 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"');
  });

  test('no conversion where nothing would change: an all-default mask, a plain setting', async () => {
    const document = await openFixture(FIXTURE);
    // The server answers for the mask line first, so an empty answer below means "none", not "not started".
    await waitForCodeActions(document, lineRange(document, lineStartingWith(document, 'cpuid.1.ecx')), REWRITE);
    for (const prefix of ['cpuid.1.edx', 'memsize']) {
      const line = lineStartingWith(document, prefix);
      const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        lineRange(document, line),
        REWRITE.value,
      );
      const rewrites = (result ?? []).filter((a) => isCodeActionOfKind(a, REWRITE));
      assert.deepEqual(rewrites.map((a) => a.title), [], `no refactor.rewrite on ${prefix}`);
    }
  });
});
