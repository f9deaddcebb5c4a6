import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TIMEOUT_MS, closeAllEditors, diagnosticsWithCode, lineStartingWith, openFixture, waitFor, waitForDiagnostic } from './helpers';

const TYPOGRAPHIC_QUOTES = /[\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u2032\u2033]/g;

function isQuickFix(action: vscode.CodeAction | vscode.Command): action is vscode.CodeAction {
  // Plain Commands have no `kind`; CodeActions of other kinds (refactor, source) don't count.
  const kind = (action as vscode.CodeAction).kind;
  return kind !== undefined && vscode.CodeActionKind.QuickFix.contains(kind);
}

suite('quick fixes', () => {
  // Closing reverts the edit: the fixture on disk must stay broken for the next run.
  teardown(closeAllEditors);

  test('typographic quotes are reported and fixed to ASCII quotes', async () => {
    const document = await openFixture('typographic-quote.vmx');
    const line = lineStartingWith(document, 'cpuid.1.ecx');
    const original = document.lineAt(line).text;
    assert.match(original, TYPOGRAPHIC_QUOTES, 'fixture line contains typographic quotes');

    const [diagnostic] = await waitForDiagnostic(document.uri, 'typographic-quote');
    assert.equal(diagnostic.range.start.line, line, 'diagnostic is on the line with typographic quotes');

    const actions = await waitFor(async () => {
      const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
        // Resolve lazily computed edits (codeAction/resolve) too.
        10,
      );
      const fixes = (result ?? []).filter(isQuickFix);
      return fixes.length > 0 ? fixes : undefined;
    }, TIMEOUT_MS, 'a quick fix for typographic-quote');
    const fix = actions.find((a) => a.edit !== undefined);
    assert.ok(fix?.edit, `a quick fix with a workspace edit among: ${actions.map((a) => a.title).join(', ')}`);

    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'workspace.applyEdit accepted the fix');
    assert.equal(
      document.lineAt(line).text,
      original.replace(TYPOGRAPHIC_QUOTES, '"'),
      'the fix replaces typographic quotes with ASCII double quotes and changes nothing else',
    );
    await waitFor(
      () => diagnosticsWithCode(document.uri, 'typographic-quote').length === 0,
      TIMEOUT_MS,
      'the typographic-quote diagnostic to go away',
    );
  });
});
