import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TIMEOUT_MS, closeAllEditors, labelText, lineStartingWith, openFixture, waitFor } from './helpers';

/** Completion items at `position`, polled until our server contributes one `accept`s. */
async function completionsAt(
  document: vscode.TextDocument,
  position: vscode.Position,
  accept: (items: vscode.CompletionItem[]) => boolean,
  what: string,
  triggerCharacter?: string,
): Promise<vscode.CompletionItem[]> {
  return waitFor(async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList | undefined>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      position,
      triggerCharacter,
    );
    const items = list?.items ?? [];
    return accept(items) ? items : undefined;
  }, TIMEOUT_MS, what);
}

function byLabel(items: vscode.CompletionItem[]): Map<string, vscode.CompletionItem> {
  return new Map(items.map((item) => [labelText(item.label), item]));
}

function insertedText(item: vscode.CompletionItem): string {
  const text = item.insertText ?? labelText(item.label);
  return typeof text === 'string' ? text : text.value;
}

suite('completion', () => {
  teardown(closeAllEditors);

  test('at a key position, mask keys are offered with their register', async () => {
    const document = await openFixture('hover.vmx');
    // Start of an existing mask line: the key part, with "= value" already after it.
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const items = byLabel(
      await completionsAt(
        document,
        new vscode.Position(line, 0),
        (all) => all.some((i) => labelText(i.label) === 'cpuid.7.0.ebx'),
        'cpuid.7.0.ebx among key completions',
      ),
    );
    const item = items.get('cpuid.7.0.ebx')!;
    assert.ok(item.detail?.includes('CPUID.(EAX=07H,ECX=0):EBX'), `detail names the register: ${item.detail}`);
    assert.equal(item.kind, vscode.CompletionItemKind.Property);
    assert.equal(insertedText(item), 'cpuid.7.0.ebx', 'a value already follows, so only the key is inserted');
    assert.ok(items.has('cpuid.1.ecx'), 'other catalogued registers are offered too');
    assert.ok(items.has('featMask.vm.cpuid.'), 'the featMask prefix is offered');
  });

  test('after "featMask.vm.cpuid." VMware feature names are offered', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'featMask.vm.cpuid.AVX2');
    const position = new vscode.Position(line, 'featMask.vm.cpuid.'.length);
    const items = byLabel(
      await completionsAt(
        document,
        position,
        (all) => all.some((i) => labelText(i.label) === 'featMask.vm.cpuid.AVX2'),
        'featMask.vm.cpuid.AVX2 among featMask completions',
        '.',
      ),
    );
    const avx2 = items.get('featMask.vm.cpuid.AVX2')!;
    assert.ok(avx2.detail?.includes('AVX2'), `detail names the feature: ${avx2.detail}`);
    assert.ok(avx2.detail?.includes('CPUID.(EAX=07H,ECX=0):EBX[5]'), `detail names the CPUID bit: ${avx2.detail}`);
    assert.ok(items.has('featMask.vm.cpuid.AVX'), 'other VMware feature names are offered');
    assert.ok(![...items.keys()].some((l) => l === 'cpuid.7.0.ebx'), 'mask keys are not offered after featMask.vm.cpuid.');
  });

  test('inside a mask value the flag characters are offered with their meaning', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf('"') + 3);
    const flags = ['0', '1', '-', 'H', 'h'];
    const items = byLabel(
      await completionsAt(
        document,
        position,
        (all) => flags.every((f) => all.some((i) => labelText(i.label) === f)),
        'flag completions inside the mask value',
        ':',
      ),
    );
    for (const flag of flags) {
      const item = items.get(flag)!;
      assert.ok(item.detail && item.detail.length > 0, `flag ${flag} has a detail`);
      assert.equal(item.kind, vscode.CompletionItemKind.EnumMember, `flag ${flag} is an enum member`);
      assert.equal(insertedText(item), flag, `flag ${flag} inserts itself`);
    }
    assert.match(items.get('0')!.detail!, /0/, 'the 0 flag says it forces 0');
    assert.match(items.get('1')!.detail!, /1/, 'the 1 flag says it forces 1');
    assert.match(items.get('H')!.detail!, /host/i, 'H keeps the host value');
    assert.match(items.get('h')!.detail!, /host/i, 'h keeps the host value');
    assert.ok(!items.has('cpuid.7.0.ebx'), 'keys are not offered inside a value');
  });
});
