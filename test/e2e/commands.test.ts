import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, TIMEOUT_MS, closeAllEditors, diagnosticsWithCode, openFixture, waitFor, waitForDiagnostic } from './helpers';

interface ContributedCommand {
  command: string;
  title: string;
}

/** Commands from the extension's own package.json, so new ones are covered without editing this test. */
function contributedCommands(): string[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  const commands = (extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes
    ?.commands;
  assert.ok(commands && commands.length > 0, 'package.json contributes at least one command');
  return commands.map((c) => c.command);
}

suite('commands', () => {
  teardown(closeAllEditors);

  test('every contributed command is registered and runs without throwing', async () => {
    const document = await openFixture('duplicate-key.vmx');
    // Commands are registered during activation; wait for the server too, so
    // restartServer restarts a running server rather than racing its start.
    await waitForDiagnostic(document.uri, 'duplicate-key');

    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of contributedCommands()) {
      assert.ok(registered.has(command), `${command} is contributed but not registered`);
      await vscode.commands.executeCommand(command);
      // Running the command may have moved focus (e.g. to the output panel); keep our document shown.
      await vscode.window.showTextDocument(document, { preview: false });
    }
  });

  test('vmxCpuid.restartServer brings diagnostics back', async function () {
    const command = 'vmxCpuid.restartServer';
    if (!contributedCommands().includes(command)) {
      this.skip();
    }
    const document = await openFixture('duplicate-key.vmx');
    await waitForDiagnostic(document.uri, 'duplicate-key');

    // Count diagnostic updates for our document from now on: a restarted
    // server must publish again; the old diagnostics lingering is not enough.
    let updates = 0;
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => uri.toString() === document.uri.toString())) {
        updates++;
      }
    });
    try {
      await vscode.commands.executeCommand(command);
      await waitFor(
        () => updates > 0 && diagnosticsWithCode(document.uri, 'duplicate-key').length > 0,
        TIMEOUT_MS,
        'diagnostics republished after restart',
      );
    } finally {
      listener.dispose();
    }
  });
});
