import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TIMEOUT_MS, closeAllEditors, diagnosticsWithCode, openFixture, waitFor, waitForDiagnostic } from './helpers';

const FIX_ALL = 'source.fixAll.vmx-cpuid';
const TYPOGRAPHY = ['typographic-quote', 'typographic-dash'];

// fix-all.vmx, as pasted from a blog: curly quotes („ “ ” ), em dashes one for
// one, em dashes that stand for an auto-corrected "--", en dashes and minus signs.
const EXPECTED = [
  '.encoding = "UTF-8"',
  'config.version = "8"',
  'displayName = "pasted from a blog post"',
  'cpuid.1.ecx = "---0:--0-:----:----:----:----:----:----"',
  'cpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"',
  'cpuid.80000001.ecx = "----:----:----:----:----:----:----:---0"',
  'cpuid.1.edx = "----:----:----:----:----:----:----:----"',
  'memsize = "2048"',
  '',
].join('\n');

function isFixAll(action: vscode.CodeAction | vscode.Command): action is vscode.CodeAction {
  const kind = (action as vscode.CodeAction).kind;
  return kind !== undefined && kind.value === FIX_ALL;
}

suite('fix all', () => {
  teardown(closeAllEditors);

  test(`${FIX_ALL} replaces every typographic quote and dash with ASCII`, async () => {
    const document = await openFixture('fix-all.vmx');
    assert.match(document.getText(), /[^\x00-\x7f]/, 'the fixture contains non-ASCII characters');
    await waitForDiagnostic(document.uri, 'typographic-dash');
    const before = await waitFor(() => {
      const counts = TYPOGRAPHY.map((code) => diagnosticsWithCode(document.uri, code).length);
      return counts[0] === 2 && counts[1] === 3 ? counts : undefined;
    }, TIMEOUT_MS, 'two typographic-quote and three typographic-dash diagnostics');
    assert.deepEqual(before, [2, 3]);

    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await waitFor(async () => {
      const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
        'vscode.executeCodeActionProvider',
        document.uri,
        whole,
        FIX_ALL,
        10,
      );
      const found = (result ?? []).filter(isFixAll);
      return found.length > 0 ? found : undefined;
    }, TIMEOUT_MS, `a ${FIX_ALL} code action`);
    assert.equal(actions.length, 1, `one fix-all action: ${actions.map((a) => a.title).join(', ')}`);
    const [fixAll] = actions;
    assert.ok(fixAll.edit, 'the fix-all action carries a workspace edit');

    assert.ok(await vscode.workspace.applyEdit(fixAll.edit), 'workspace.applyEdit accepted the fix-all edit');
    const text = document.getText();
    assert.doesNotMatch(text, /[^\x00-\x7f]/, `only ASCII is left:\n${text}`);
    assert.equal(text.replace(/\r\n/g, '\n'), EXPECTED, 'each quote became " and each dash - (or -- where it stood for two)');
    await waitFor(
      () => TYPOGRAPHY.every((code) => diagnosticsWithCode(document.uri, code).length === 0),
      TIMEOUT_MS,
      'the typographic diagnostics to go away',
    );
  });

  test(`${FIX_ALL} is not offered when there is nothing to fix`, async () => {
    const document = await openFixture('masks.vmx');
    // A quick fix-free file: wait until the server answers something (document symbols), then ask.
    await waitFor(async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      );
      return symbols && symbols.length > 0;
    }, TIMEOUT_MS, 'the server to answer for masks.vmx');
    const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
      'vscode.executeCodeActionProvider',
      document.uri,
      new vscode.Range(0, 0, document.lineCount, 0),
      FIX_ALL,
    );
    assert.deepEqual((result ?? []).filter(isFixAll).map((a) => a.title), [], 'no fix-all action on a clean file');
  });
});
