import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, workspaceRoot } from './helpers';

// profiles/e2e-host-instlatx64.txt: an InstLatx64/AIDA64-style CPUID dump of
// a made-up Intel CPU ("Xeon E2E-1234", family 6 model 0xFE). Importing it
// writes <workspace>/.vmx-cpuid/profiles/e2e-host.json, which the teardown
// deletes together with the folders the import created.
const DUMP = 'profiles/e2e-host-instlatx64.txt';
const NAME = 'e2e-host';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

suite('import host profile (vmxCpuid.importHostProfile)', () => {
  let created: vscode.Uri[] = [];
  let configExisted = false;

  setup(async () => {
    const root = workspaceRoot();
    const profile = vscode.Uri.joinPath(root, '.vmx-cpuid', 'profiles', `${NAME}.json`);
    assert.ok(!(await exists(profile)), `${profile.path} is left over from an earlier run: delete it`);
    configExisted = await exists(vscode.Uri.joinPath(root, '.vmx-cpuid.json'));
    // The teardown deletes only what the import creates, innermost first.
    created = [profile];
    for (const folder of [vscode.Uri.joinPath(root, '.vmx-cpuid', 'profiles'), vscode.Uri.joinPath(root, '.vmx-cpuid')]) {
      if (!(await exists(folder))) created.push(folder);
    }
  });

  teardown(async () => {
    for (const uri of created) {
      if (!(await exists(uri))) continue;
      // Folders only when empty: never delete anything the suite did not write.
      await vscode.workspace.fs.delete(uri, { recursive: false, useTrash: false });
    }
  });

  test('a CPUID dump given as argument is saved under .vmx-cpuid/profiles/ and the path returned', async () => {
    const result = await vscode.commands.executeCommand<string | undefined>('vmxCpuid.importHostProfile', {
      uri: fixtureUri(DUMP),
      name: NAME,
      use: 'none',
    });
    assert.equal(result, `./.vmx-cpuid/profiles/${NAME}.json`, 'the command returns the saved path, relative to the workspace');
    const saved = vscode.Uri.joinPath(workspaceRoot(), '.vmx-cpuid', 'profiles', `${NAME}.json`);
    assert.ok(await exists(saved), `${saved.path} exists`);

    const profile = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(saved))) as {
      name: string;
      vendor: string;
      kind: string;
      title: string;
      registers: Record<string, string>;
    };
    assert.equal(profile.name, NAME, 'the given name replaces the one from the brand string');
    assert.equal(profile.vendor, 'intel');
    assert.equal(profile.kind, 'host');
    assert.equal(profile.title, 'Intel(R) Xeon(R) E2E-1234 Test CPU @ 2.40GHz', 'the title is the brand string of the dump');
    // CPUID 7 EBX 029C6FBF: AVX2 (bit 5) is 1 (bit 31 comes first in the string).
    assert.equal(profile.registers['7.0.ebx'], '0000:0010:1001:1100:0110:1111:1011:1111', 'leaf 7 EBX is read from the dump');
    assert.equal(profile.registers['1.0.eax'], '0000:0000:0000:1111:0000:0110:1110:0001', 'the signature is read from the dump');
    // use: 'none' leaves the configuration alone.
    assert.equal(await exists(vscode.Uri.joinPath(workspaceRoot(), '.vmx-cpuid.json')), configExisted, 'no .vmx-cpuid.json is written');
  });
});
