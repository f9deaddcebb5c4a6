import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TIMEOUT_MS, fileBytes, assertUnchangedOnDisk, fixtureUri, lineStartingWith, openFixture, revertAndCloseAll, waitFor, workspaceRoot } from './helpers';

interface GitRepository {
  readonly rootUri: vscode.Uri;
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository(root: vscode.Uri): Promise<GitRepository | null>;
}

/** The built-in git extension's API (v1). */
async function gitApi(): Promise<GitApi> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  assert.ok(extension, 'the built-in git extension is present');
  const exports = extension.isActive ? extension.exports : await extension.activate();
  return exports.getAPI(1);
}

suite('review tools', () => {
  teardown(revertAndCloseAll);

  test('Decode vMotion Error… explains a pasted message and gives the mask line', async () => {
    const markdown = await vscode.commands.executeCommand<string>(
      'vmxCpuid.decodeError',
      "Feature 'cpuid.avx' was present, but must be absent.",
    );
    assert.ok(markdown, 'the command returns its report');
    assert.match(markdown, /AVX/);
    assert.match(markdown, /cpuid\.1\.ecx = "---0:----:----:----:----:----:----:----"|featMask\.vm\.cpuid\.AVX = "Val:0"/);
  });

  test('Explain Mask Changes Against HEAD names the feature an unsaved edit hides', async () => {
    // The fixtures are committed in this project's repository, a parent of the workspace folder:
    // open it explicitly (VS Code does not open parent repositories on its own).
    const git = await gitApi();
    const uri = fixtureUri('masks.vmx');
    const original = await fileBytes(uri);
    let repository = git.getRepository(uri);
    if (!repository) {
      let dir = workspaceRoot();
      for (let i = 0; i < 6 && !repository; i++) {
        dir = vscode.Uri.joinPath(dir, '..');
        repository = await git.openRepository(dir);
      }
    }
    assert.ok(repository, 'the fixtures are inside a git repository');
    await waitFor(() => git.getRepository(uri) !== null, TIMEOUT_MS, 'git knows the fixture');

    const document = await openFixture('masks.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const editor = vscode.window.activeTextEditor!;
    // Bit 3 (BMI1) is the 29th flag, column after the opening quote and separators.
    const text = document.lineAt(line).text;
    const valueStart = text.indexOf('"') + 1;
    const bit3 = valueStart + 28 + 7; // 28 flags and 7 separators before bit 3
    assert.equal(text[bit3], '-', `bit 3 of ${text}`);
    await editor.edit((b) => b.replace(new vscode.Range(line, bit3, line, bit3 + 1), '0'));

    const markdown = await vscode.commands.executeCommand<string>('vmxCpuid.explainChanges', uri);
    assert.ok(markdown, 'the command returns its report');
    assert.match(markdown, /BMI1/);
    assert.match(markdown, /cpuid\.7\.0\.ebx/);
    await revertAndCloseAll();
    await assertUnchangedOnDisk(uri, original);
  });
});
