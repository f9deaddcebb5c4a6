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

/**
 * Arguments that make interactive commands skip their pickers and dialogs
 * without writing into the fixture folder. A new interactive command needs an
 * entry here; without one it would wait for input, which the timeout below
 * reports by name.
 */
function pickerSkippingArgs(command: string, uri: vscode.Uri): unknown[] {
  switch (command) {
    case 'vmxCpuid.chooseHosts':
      return [{}]; // no source or targets given: nothing is written, the status bar refreshes
    case 'vmxCpuid.importHostProfile':
      // A .vmx without hostCPUID lines: the import fails with a message, nothing is saved.
      return [{ uri, name: 'e2e', use: 'none' }];
    case 'vmxCpuid.useRecordedHost':
    case 'vmxCpuid.showCompatibility':
    case 'vmxCpuid.explainChanges':
    case 'vmxCpuid.reopenWithDeclaredEncoding':
      return [uri];
    case 'vmxCpuid.decodeError':
      return ["Feature 'cpuid.avx' was absent, but must be present."];
    default:
      return [];
  }
}

const COMMAND_TIMEOUT_MS = 20_000;

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
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${command} did not finish within ${COMMAND_TIMEOUT_MS} ms: is it waiting for input? Add picker-skipping arguments in pickerSkippingArgs()`)),
          COMMAND_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([vscode.commands.executeCommand(command, ...pickerSkippingArgs(command, document.uri)), timeout]);
      } finally {
        clearTimeout(timer);
      }
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
