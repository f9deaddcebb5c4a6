import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TIMEOUT_MS, closeAllEditors, diagnosticsWithCode, fixtureUri, openFixture, waitFor, waitForDiagnostic } from './helpers';

// windows-1252.vmx declares `.encoding = "windows-1252"` and its displayName
// holds the single byte 0xE9 ("é" in windows-1252, invalid in UTF-8). VS Code
// opens it as UTF-8 (the default files.encoding), so the é shows as U+FFFD.
const FIXTURE = 'windows-1252.vmx';
const COMMAND = 'vmxCpuid.reopenWithDeclaredEncoding';

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

suite('encoding', () => {
  teardown(closeAllEditors);

  test('the fixture is really windows-1252 on disk', async () => {
    const bytes = await vscode.workspace.fs.readFile(fixtureUri(FIXTURE));
    assert.ok(bytes.includes(0xe9), 'the fixture contains the windows-1252 byte 0xE9');
    assert.ok(!Buffer.from(bytes).toString('latin1').includes('\u00c3'), 'and not the UTF-8 encoding of é (C3 A9)');
  });

  test('a file opened with another encoding than it declares is flagged and reopened with the declared one', async () => {
    const document = await openFixture(FIXTURE);
    assert.equal(document.encoding, 'utf8', 'VS Code opens the fixture as UTF-8 by default');
    assert.ok(document.getText().includes('\ufffd'), 'the 0xE9 byte decodes as U+FFFD in UTF-8');

    const [diagnostic, ...others] = await waitForDiagnostic(document.uri, 'encoding-mismatch');
    assert.equal(others.length, 0, 'one encoding-mismatch diagnostic');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.getText(diagnostic.range), 'windows-1252', 'the diagnostic covers the .encoding value');
    assert.equal(diagnostic.range.start.line, 0);
    assert.match(diagnostic.message, /utf8/, `the message names the encoding VS Code used: ${diagnostic.message}`);

    await vscode.commands.executeCommand(COMMAND, document.uri);

    const reopened = await waitFor(() => {
      const current = openDocument(document.uri);
      return current?.encoding === 'windows1252' ? current : undefined;
    }, TIMEOUT_MS, `${FIXTURE} reopened as windows1252 (is now ${openDocument(document.uri)?.encoding})`);
    assert.ok(reopened.getText().includes('displayName = "Caf\u00e9 VM"'), `é decoded: ${reopened.lineAt(2).text}`);
    assert.ok(!reopened.getText().includes('\ufffd'), 'no replacement character left');
    assert.ok(!reopened.isDirty, 'reopening does not modify the document');
    await waitFor(
      () => diagnosticsWithCode(document.uri, 'encoding-mismatch').length === 0,
      TIMEOUT_MS,
      'the encoding-mismatch diagnostic to go away',
    );
    assert.equal(
      vscode.window.activeTextEditor?.document.uri.toString(),
      document.uri.toString(),
      'the reopened document is shown',
    );
  });

  test('the warning follows encoding changes made outside the command (status bar "Reopen with Encoding")', async () => {
    // Explicit encodings: the document may still be loaded from the previous test.
    const uri = fixtureUri(FIXTURE);
    const asUtf8 = await vscode.workspace.openTextDocument(uri, { encoding: 'utf8' });
    await vscode.window.showTextDocument(asUtf8, { preview: false });
    assert.equal(asUtf8.encoding, 'utf8');
    await waitForDiagnostic(uri, 'encoding-mismatch');

    // What the status bar's "Reopen with Encoding" does.
    const asDeclared = await vscode.workspace.openTextDocument(uri, { encoding: 'windows1252' });
    assert.equal(asDeclared.encoding, 'windows1252');
    await waitFor(
      () => diagnosticsWithCode(uri, 'encoding-mismatch').length === 0,
      TIMEOUT_MS,
      'the encoding-mismatch diagnostic to go away after reopening as windows1252',
    );

    await vscode.workspace.openTextDocument(uri, { encoding: 'utf8' });
    await waitForDiagnostic(uri, 'encoding-mismatch');
  });
});
