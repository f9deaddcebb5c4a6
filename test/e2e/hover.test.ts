import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, flagColumn, hoverAt, lineStartingWith, openFixture } from './helpers';

// hover.vmx: cpuid.7.0.ebx hides bit 5 (AVX2), a featMask line names AVX2,
// leaf 0 EBX/EDX/ECX spell "GenuineIntel", and cpuid.4.0.eax is a leaf whose
// bits are not feature flags.
suite('hover', () => {
  teardown(closeAllEditors);

  test('a mask flag explains its bit, the feature and what the flag does', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const column = flagColumn(document, line, 5);
    assert.equal(document.lineAt(line).text[column], '0', 'the fixture hides bit 5 with a 0 flag');

    const { hovers, text } = await hoverAt(document, new vscode.Position(line, column));
    assert.ok(text.includes('CPUID.(EAX=07H,ECX=0):EBX[5]'), `hover names the SDM register and bit:\n${text}`);
    assert.ok(text.includes('AVX2'), `hover names the feature AVX2:\n${text}`);
    assert.ok(text.includes('`cpuid.7.0.ebx` bit 5'), `hover names the key and bit:\n${text}`);
    assert.ok(text.includes('Flag `0` — forced to 0'), `hover explains the flag:\n${text}`);
    assert.match(text, /the guest will not see AVX2/, 'hover says what the 0 flag does to the guest');
    assert.ok(text.includes('| Vendors |'), `hover has the feature facts table:\n${text}`);

    const range = hovers.find((h) => h.range)?.range;
    assert.ok(range, 'the flag hover has a range');
    assert.deepEqual(
      [range.start.line, range.start.character, range.end.line, range.end.character],
      [line, column, line, column + 1],
      'the hover range is exactly the flag character',
    );
  });

  test('a neighbouring flag is another bit: the hover follows the cursor', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const { text } = await hoverAt(document, new vscode.Position(line, flagColumn(document, line, 7)));
    assert.ok(text.includes('CPUID.(EAX=07H,ECX=0):EBX[7]'), `bit 7 hover names EBX[7]:\n${text}`);
    assert.ok(text.includes('SMEP'), `bit 7 is SMEP:\n${text}`);
    assert.ok(!text.includes('EBX[5]'), 'bit 7 hover does not describe bit 5');
  });

  test('a mask key shows the register table', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const { text } = await hoverAt(document, new vscode.Position(line, 3));
    assert.ok(text.includes('| bit |'), `key hover has the register table:\n${text}`);
    assert.ok(text.includes('CPUID.(EAX=07H,ECX=0):EBX'), `key hover names the register:\n${text}`);
    assert.match(text, /\| 5 \| AVX2 — [^|]*\| `0` \| \*\*0 \(hidden\)\*\* \|/, `table row for bit 5 shows AVX2 hidden:\n${text}`);
  });

  test('a featMask line names its feature and explains the value', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'featMask.vm.cpuid.AVX2');
    const { text } = await hoverAt(document, new vscode.Position(line, 'featMask.vm.cpuid.'.length + 1));
    assert.ok(text.includes('featMask.vm.cpuid.AVX2'), `featMask hover names the key:\n${text}`);
    assert.ok(text.includes('CPUID.(EAX=07H,ECX=0):EBX bit 5'), `featMask hover maps AVX2 to its CPUID bit:\n${text}`);
    assert.ok(text.includes('`Min:1`'), `featMask hover explains the value:\n${text}`);
  });

  test('vendor-spoofing masks on leaf 0 spell the vendor string', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.0.ebx');
    const onFlag = await hoverAt(document, new vscode.Position(line, flagColumn(document, line, 27)));
    assert.ok(onFlag.text.includes('"Genu"'), `flag hover spells this register, "Genu":\n${onFlag.text}`);
    assert.ok(onFlag.text.includes('"GenuineIntel"'), `flag hover spells the whole vendor string:\n${onFlag.text}`);

    const onKey = await hoverAt(document, new vscode.Position(line, 2));
    assert.ok(onKey.text.includes('"Genu"') && onKey.text.includes('"GenuineIntel"'), `key hover spells the vendor too:\n${onKey.text}`);
  });

  test('an uncatalogued leaf is explained by its purpose', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.4.0.eax');
    const { text } = await hoverAt(document, new vscode.Position(line, flagColumn(document, line, 0)));
    assert.ok(text.includes('CPUID.(EAX=04H,ECX=0):EAX[0]'), `hover names the register and bit:\n${text}`);
    assert.ok(text.includes('Deterministic cache parameters'), `hover names the leaf purpose:\n${text}`);
    assert.ok(text.includes('not catalogued'), `hover says the bits are not catalogued:\n${text}`);
  });

  test('no hover on plain settings or comments', async () => {
    const document = await openFixture('hover.vmx');
    const memsize = lineStartingWith(document, 'memsize');
    const comment = lineStartingWith(document, '# Hide AVX2');
    // The server is up once a mask hover answers; only then does "no hover" mean something.
    await hoverAt(document, new vscode.Position(lineStartingWith(document, 'cpuid.7.0.ebx'), 3));
    for (const position of [new vscode.Position(memsize, 2), new vscode.Position(comment, 5)]) {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      assert.equal(hovers.length, 0, `no hover at ${position.line}:${position.character}`);
    }
  });
});
