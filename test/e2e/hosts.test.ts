import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TIMEOUT_MS, codeOf, revertAndCloseAll, fixtureUri, openFixture, vmotionDiagnosticsNaming, waitFor, waitForCodeLens } from './helpers';

// masks.vmx lies outside fixtures/evc: no .vmx-cpuid.json applies to it, so
// only host-free checks run until hosts are chosen. The command writes the
// user (Global) settings here, never the fixture folder's .vscode/settings.json.
const FIXTURE = 'masks.vmx';

function vmotionDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => String(codeOf(d)).startsWith('vmotion-'));
}

suite('choose hosts (vmxCpuid.chooseHosts)', () => {
  teardown(async () => {
    const config = vscode.workspace.getConfiguration('vmxCpuid');
    await config.update('source', undefined, vscode.ConfigurationTarget.Global);
    await config.update('targets', undefined, vscode.ConfigurationTarget.Global);
    // Later suites expect the host-free state: wait until the server has it too.
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fixtureUri(FIXTURE).toString());
    if (document) {
      await waitFor(() => vmotionDiagnostics(document.uri).length === 0, TIMEOUT_MS, 'the vMotion diagnostics to go away with the settings');
    }
    await revertAndCloseAll();
  });

  test('source and targets given as arguments are written to the user settings and change the diagnostics', async () => {
    const document = await openFixture(FIXTURE);
    // Server up and no hosts chosen: the lens asks for them.
    await waitForCodeLens(document, (t) => t.includes('choose source and target hosts'), 'the "choose hosts" lens');
    assert.deepEqual(vmotionDiagnostics(document.uri).map((d) => d.message), [], 'no vMotion diagnostics without hosts');

    const result = await vscode.commands.executeCommand('vmxCpuid.chooseHosts', {
      source: 'intel-haswell',
      targets: ['intel-westmere'],
      target: 'global',
    });
    assert.equal(result, undefined, 'the command finishes (no picker waits for input)');
    const source = vscode.workspace.getConfiguration('vmxCpuid').inspect<string | null>('source');
    const targets = vscode.workspace.getConfiguration('vmxCpuid').inspect<string[] | null>('targets');
    assert.equal(source?.globalValue, 'intel-haswell', 'source is in the user settings');
    assert.deepEqual(targets?.globalValue, ['intel-westmere'], 'targets are in the user settings');
    assert.equal(source?.workspaceValue, undefined, 'nothing is written to the workspace settings');
    assert.equal(targets?.workspaceValue, undefined, 'nothing is written to the workspace settings');

    // Haswell has FMA (cpuid.1.ecx bit 12, "-" in the fixture), Westmere does not.
    const westmere = await waitFor(() => {
      const found = vmotionDiagnosticsNaming(document.uri, 'intel-westmere');
      return found.length > 0 ? found : undefined;
    }, TIMEOUT_MS, 'a vMotion diagnostic naming intel-westmere');
    assert.ok(
      westmere.some((d) => /cpuid\.1\.ecx bit 12 \(FMA\) keeps the host value \(source intel-haswell has FMA\), but target intel-westmere lacks FMA/.test(d.message)),
      `FMA blocks the move to Westmere:\n${westmere.map((d) => d.message).join('\n')}`,
    );
    const lens = await waitForCodeLens(document, (t) => t.includes('moves to'), 'the "moves to" lens');
    assert.match(lens.command!.title, /moves to 0 of 1 target — blocked: intel-westmere$/, 'the lens follows the settings');
  });
});
