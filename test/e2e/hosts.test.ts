import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  TIMEOUT_MS,
  codeOf,
  diagnosticsWithCode,
  revertAndCloseAll,
  fixtureUri,
  lineStartingWith,
  openFixture,
  vmotionDiagnosticsNaming,
  waitFor,
  waitForCodeLens,
} from './helpers';

// masks.vmx lies outside fixtures/evc: no .vmx-cpuid.json applies to it, so
// only host-free checks run until hosts are chosen. With arguments the command
// writes the user (Global) settings here; without arguments (the palette, the
// status bar item) it writes the workspace settings, the fixture folder's
// .vscode/settings.json, which the teardown deletes again if it created it.
const FIXTURE = 'masks.vmx';
const WORKSPACE_SETTINGS = '.vscode/settings.json';

function vmotionDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => String(codeOf(d)).startsWith('vmotion-'));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

/**
 * A round trip through the language server (a hover request) once the command
 * has sent its own request or answered a pick: when it returns, the command has
 * had its answer and opened its next quick pick, so the quick-input commands
 * sent after it reach that pick (the extension host sends in order).
 */
async function settle(document: vscode.TextDocument): Promise<void> {
  await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, new vscode.Position(lineStartingWith(document, 'cpuid.1.ecx'), 16));
}

suite('choose hosts (vmxCpuid.chooseHosts)', () => {
  let workspaceSettingsExisted = true;
  suiteSetup(async () => {
    workspaceSettingsExisted = await exists(fixtureUri(WORKSPACE_SETTINGS));
  });
  teardown(async () => {
    const config = vscode.workspace.getConfiguration('vmxCpuid');
    for (const scope of [vscode.ConfigurationTarget.Global, vscode.ConfigurationTarget.Workspace]) {
      await config.update('source', undefined, scope);
      await config.update('targets', undefined, scope);
    }
    if (!workspaceSettingsExisted && (await exists(fixtureUri(WORKSPACE_SETTINGS)))) {
      await vscode.workspace.fs.delete(fixtureUri(WORKSPACE_SETTINGS), { useTrash: false });
      await vscode.workspace.fs.delete(fixtureUri('.vscode'), { recursive: false, useTrash: false }).then(undefined, () => undefined);
    }
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

  test('without arguments (palette, status bar) it offers the built-in hosts in quick picks and applies the picks', async () => {
    const document = await openFixture(FIXTURE);
    await waitForCodeLens(document, (t) => t.includes('choose source and target hosts'), 'the "choose hosts" lens');

    // As the palette and the status bar item run it: no arguments. Its list comes from vmxCpuid/builtinProfiles.
    const finished = Promise.resolve(vscode.commands.executeCommand('vmxCpuid.chooseHosts'));
    // The source pick: "None", then the built-in profiles (Intel then AMD, oldest first). Take the last row.
    await settle(document);
    await vscode.commands.executeCommand('quickInput.last');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    // The target pick (many): the built-in profiles but the source. Check the first row and accept.
    await settle(document);
    await vscode.commands.executeCommand('quickInput.first');
    await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');

    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      finished.then(() => 'finished' as const),
      new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (outcome === 'waiting') {
      for (let i = 0; i < 2; i++) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.fail('the command still waited for a pick after the source and target picks were answered');
    }

    // Written where a command without arguments writes them: the workspace settings (a folder is open).
    const config = vscode.workspace.getConfiguration('vmxCpuid');
    const source = config.inspect<string | null>('source')?.workspaceValue;
    const targets = config.inspect<string[] | null>('targets')?.workspaceValue;
    assert.ok(typeof source === 'string' && /^amd-/.test(source), `the source is the last row, a built-in AMD baseline (not "None", the only row of an empty list): ${JSON.stringify(source)}`);
    assert.ok(Array.isArray(targets) && targets.length === 1, `one target was checked: ${JSON.stringify(targets)}`);
    const target = targets[0]!;
    assert.match(target, /^intel-/, 'the first target row is a built-in Intel baseline');

    // Applied: the server judges the move from that AMD source to that Intel target.
    const mismatch = await waitFor(
      () => diagnosticsWithCode(document.uri, 'vmotion-vendor-mismatch').find((d) => d.message.includes(source) && d.message.includes(target)),
      TIMEOUT_MS,
      `a vmotion-vendor-mismatch diagnostic naming ${source} and ${target}`,
    );
    assert.match(mismatch.message, /AMD .* Intel/);
    const lens = await waitForCodeLens(document, (t) => t.includes('moves to'), 'the "moves to" lens');
    assert.match(lens.command!.title, new RegExp(`moves to 0 of 1 target — blocked: ${target}$`), 'the lens follows the picks');
  });
});
