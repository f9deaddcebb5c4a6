import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, TIMEOUT_MS, closeAllEditors, openFixture, waitFor } from './helpers';

suite('activation and language', () => {
  teardown(closeAllEditors);

  test(`${EXTENSION_ID} activates when a .vmx file opens`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
    await openFixture('masks.vmx');
    await waitFor(() => extension.isActive, TIMEOUT_MS, `${EXTENSION_ID} to activate`);
  });

  test('.vmx files get languageId "vmx"', async () => {
    const document = await openFixture('masks.vmx');
    assert.equal(document.languageId, 'vmx');
  });

  test('.vmtx templates get languageId "vmx"', async () => {
    const document = await openFixture('template.vmtx');
    assert.equal(document.languageId, 'vmx');
  });
});
