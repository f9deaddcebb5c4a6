import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  editsFixtureInMemoryOnly,
  flagColumn,
  lineStartingWith,
  openFixture,
  TIMEOUT_MS,
  waitFor,
} from './helpers';

// grid/.vmx-cpuid.json: source intel-skylake, targets intel-westmere,
// intel-broadwell, intel-icelake. grid/sql-node.vmx passes AVX (cpuid.1.ecx
// bit 28) through with "H": Westmere lacks AVX, so it blocks vMotion there.
const FIXTURE = 'grid/sql-node.vmx';

/** What "VMX CPUID: Show Mask Grid" returns (client/src/maskGrid.ts, MaskGridHandle). */
interface GridHandle {
  readonly panel: vscode.WebviewPanel;
  readonly grid: { version: number; rows: { key: string; cells: unknown[] }[]; featMasks: { key: string }[]; targets: string[] } | undefined;
  readonly rendered: { version: number; rows: number; cells: number; featMasks: number; labels: string[] } | undefined;
  handleMessage(message: unknown): Promise<void>;
}

suite('Mask Grid (grid/.vmx-cpuid.json)', () => {
  // Cycling edits the fixture in memory only.
  editsFixtureInMemoryOnly(FIXTURE);

  test('the grid renders a row of 32 flag buttons per mask, a featMask section, and labels naming what blocks where', async () => {
    const document = await openFixture(FIXTURE);
    const handle = await vscode.commands.executeCommand<GridHandle | undefined>('vmxCpuid.showMaskGrid', document.uri);
    assert.ok(handle?.panel, 'the command returns the panel handle');
    assert.equal(handle.panel.title, 'Mask Grid: sql-node.vmx');
    // The webview reports what it rendered: its script ran under the content security policy.
    const rendered = await waitFor(() => handle.rendered, TIMEOUT_MS, 'the webview to render the grid');
    assert.deepEqual(handle.grid?.rows.map((r) => r.key), ['cpuid.1.ecx', 'cpuid.7.0.ebx', 'cpuid.80000001.ecx', 'cpuid.1.ecx.amd']);
    assert.deepEqual(handle.grid?.targets, ['intel-westmere', 'intel-broadwell', 'intel-icelake']);
    assert.equal(rendered.rows, 4);
    assert.equal(rendered.cells, 4 * 32, 'one button per flag');
    assert.equal(rendered.featMasks, 3);
    // Bits 31…0 of cpuid.1.ecx come first: bit 28 is the fourth button.
    assert.equal(rendered.labels[3], 'cpuid.1.ecx bit 28 AVX, flag H host value, must match for vMotion, blocks vMotion to intel-westmere');
    assert.equal(rendered.labels[1], 'cpuid.1.ecx bit 30 RDRAND, flag 0 forced to 0, moves to every target');
    // Showing it again reveals the same panel.
    const again = await vscode.commands.executeCommand<GridHandle>('vmxCpuid.showMaskGrid', document.uri.toString());
    assert.equal(again.panel, handle.panel);
  });

  test('Enter on a flag cycles it through the webview message path: one undoable edit of one character, and the grid follows', async () => {
    const document = await openFixture(FIXTURE);
    const handle = await vscode.commands.executeCommand<GridHandle>('vmxCpuid.showMaskGrid', document.uri);
    await waitFor(() => handle.rendered, TIMEOUT_MS, 'the webview to render the grid');
    const line = lineStartingWith(document, 'cpuid.1.ecx ');
    const column = flagColumn(document, line, 28);
    const before = document.getText();
    assert.equal(before.split('\n')[line]![column], 'H', 'the fixture passes AVX through with H');

    // Exactly what the webview posts on Enter/Space.
    await handle.handleMessage({ type: 'cycle', line, bit: 28 });
    const after = await waitFor(() => (document.getText() !== before ? document.getText() : undefined), TIMEOUT_MS, 'the cycle edit');
    assert.equal(after.length, before.length);
    const changed = [...after].map((ch, i) => (ch !== before[i] ? i : -1)).filter((i) => i >= 0);
    assert.equal(changed.length, 1, 'exactly one character changed');
    assert.equal(document.lineAt(line).text[column], '-', 'H cycles to -');
    assert.ok(document.isDirty);

    // The grid follows the document: the webview re-renders the new version.
    const updated = await waitFor(
      () => (handle.rendered && handle.rendered.version === document.version ? handle.rendered : undefined),
      TIMEOUT_MS,
      'the grid to re-render after the edit',
    );
    assert.equal(updated.labels[3], 'cpuid.1.ecx bit 28 AVX, flag - default, blocks vMotion to intel-westmere');

    // The internal command the webview posts through does the next step: - → 0.
    assert.equal(await vscode.commands.executeCommand('vmxCpuid.maskGrid.cycle', document.uri.toString(), line, 28), '0');
    assert.equal(document.lineAt(line).text[column], '0');
    await waitFor(
      () => handle.rendered?.labels[3] === 'cpuid.1.ecx bit 28 AVX, flag 0 forced to 0, moves to every target',
      TIMEOUT_MS,
      'the AVX cell to stop blocking once hidden',
    );
    // Not a mask line: nothing happens.
    assert.equal(await vscode.commands.executeCommand('vmxCpuid.maskGrid.cycle', document.uri, 0, 28), undefined);

    // Each cycle is its own undo step.
    await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
    await vscode.commands.executeCommand('undo');
    assert.equal(document.lineAt(line).text[column], '-', 'one undo takes back one cycle');
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), before, 'two undos restore the file');
  });

  test('a click reveals the flag: the editor selects that one character', async () => {
    const document = await openFixture(FIXTURE);
    const handle = await vscode.commands.executeCommand<GridHandle>('vmxCpuid.showMaskGrid', document.uri);
    await waitFor(() => handle.rendered, TIMEOUT_MS, 'the webview to render the grid');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const column = flagColumn(document, line, 5);
    await handle.handleMessage({ type: 'reveal', line, start: column, end: column + 1 });
    const editor = await waitFor(
      () => vscode.window.visibleTextEditors.find((e) => e.document === document && e.selection.start.line === line && e.selection.start.character === column),
      TIMEOUT_MS,
      'the editor to select the AVX2 flag',
    );
    assert.equal(editor.document.getText(editor.selection), '1');
  });
});
