import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { TIMEOUT_MS, closeAllEditors, labelText, lineStartingWith, openFixture, waitFor } from './helpers';

const SETTING_SECTION = 'vmxCpuid';
const SETTING = 'inlayHints.enabled';

async function inlayHints(document: vscode.TextDocument): Promise<vscode.InlayHint[]> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  return (await vscode.commands.executeCommand<vscode.InlayHint[] | undefined>(
    'vscode.executeInlayHintProvider',
    document.uri,
    whole,
  )) ?? [];
}

async function setEnabled(value: boolean | undefined): Promise<void> {
  await vscode.workspace
    .getConfiguration(SETTING_SECTION)
    .update(SETTING, value, vscode.ConfigurationTarget.Global);
}

suite('inlay hints', () => {
  teardown(async () => {
    // Back to the default whatever happened, for the tests that follow.
    if (vscode.workspace.getConfiguration(SETTING_SECTION).inspect(SETTING)?.globalValue !== undefined) {
      await setEnabled(undefined);
    }
    await closeAllEditors();
  });

  test('a mask gets a hint naming the features it hides, and the setting turns hints off', async () => {
    const document = await openFixture('inlay-hints.vmx');
    const line = lineStartingWith(document, 'cpuid.1.ecx');
    assert.equal(document.lineAt(line).text, 'cpuid.1.ecx = "--00:----:----:----:---0:----:----:----"');

    const hints = await waitFor(async () => {
      const found = await inlayHints(document);
      return found.length > 0 ? found : undefined;
    }, TIMEOUT_MS, 'inlay hints for inlay-hints.vmx');
    assert.equal(hints.length, 1, `one hint, for the one mask: ${hints.map((h) => labelText(h.label)).join(' | ')}`);
    const [hint] = hints;
    const label = labelText(hint.label);
    // U+2212 MINUS SIGN: "hidden"; one entry per hidden feature (bits 29, 28, 12).
    for (const feature of ['\u2212AVX', '\u2212F16C', '\u2212FMA']) {
      assert.ok(label.split(' ').includes(feature), `hint "${label}" contains ${feature}`);
    }
    assert.equal(hint.position.line, line, 'hint is on the mask line');
    assert.equal(hint.position.character, document.lineAt(line).text.length, 'hint sits after the closing quote');

    await setEnabled(false);
    await waitFor(
      async () => (await inlayHints(document)).length === 0,
      TIMEOUT_MS,
      `no inlay hints once ${SETTING_SECTION}.${SETTING} is false`,
    );

    await setEnabled(undefined);
    const restored = await waitFor(async () => {
      const found = await inlayHints(document);
      return found.length > 0 ? found : undefined;
    }, TIMEOUT_MS, `inlay hints back once ${SETTING_SECTION}.${SETTING} is reset to its default`);
    assert.equal(labelText(restored[0].label), label, 'the same hint comes back');
  });

  test('hints also name host-value flags and the CPU signature a mask forces', async () => {
    // ci-runner.vmx is also the docs' inlay-hints screenshot.
    const document = await openFixture('ci-runner.vmx');
    const hints = await waitFor(async () => {
      const found = await inlayHints(document);
      return found.length >= 3 ? found : undefined;
    }, TIMEOUT_MS, 'three inlay hints for ci-runner.vmx');
    const byLine = new Map(hints.map((h) => [h.position.line, labelText(h.label)]));
    const signature = byLine.get(lineStartingWith(document, 'cpuid.1.eax')) ?? '';
    assert.match(signature, /family 6\b.*model 85\b.*stepping 4\b/, `cpuid.1.eax hint decodes the signature: "${signature}"`);
    const ecx = (byLine.get(lineStartingWith(document, 'cpuid.1.ecx')) ?? '').split(' ');
    assert.ok(ecx.includes('host:VMX'), `cpuid.1.ecx hint names the H flag on VMX: "${ecx.join(' ')}"`);
    assert.ok(ecx.includes('\u2212AVX'), `cpuid.1.ecx hint names AVX hidden: "${ecx.join(' ')}"`);
    const ebx = (byLine.get(lineStartingWith(document, 'cpuid.7.0.ebx')) ?? '').split(' ');
    assert.deepEqual(ebx.sort(), ['\u2212AVX2', '\u2212AVX512F'], 'cpuid.7.0.ebx hides AVX2 and AVX512F');
  });
});
