import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TIMEOUT_MS, closeAllEditors, openFixture, waitFor } from './helpers';

suite('outline and folding', () => {
  teardown(closeAllEditors);

  test('document symbols are grouped by key prefix', async () => {
    const document = await openFixture('masks.vmx');
    // The provider answers only once the server is up; an empty answer means "not yet".
    const symbols = await waitFor(async () => {
      const result = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      );
      return result && result.length > 0 ? result : undefined;
    }, TIMEOUT_MS, 'document symbols for masks.vmx');

    const byName = new Map(symbols.map((s) => [s.name, s]));
    const cpuid = byName.get('cpuid');
    assert.ok(cpuid, `a "cpuid" group among top-level symbols: ${[...byName.keys()].join(', ')}`);
    assert.ok(
      Array.isArray(cpuid.children),
      'symbols are hierarchical DocumentSymbols, not flat SymbolInformation',
    );
    const childNames = cpuid.children.map((c) => c.name);
    assert.ok(childNames.includes('cpuid.1.ecx'), `"cpuid" group contains cpuid.1.ecx: ${childNames.join(', ')}`);
    assert.ok(
      !childNames.some((name) => name.startsWith('ethernet0')),
      'ethernet0 keys are not in the cpuid group',
    );

    const ethernet0 = byName.get('ethernet0');
    assert.ok(ethernet0, `an "ethernet0" group among top-level symbols: ${[...byName.keys()].join(', ')}`);
    assert.ok(
      ethernet0.children.some((c) => c.name === 'ethernet0.virtualDev'),
      `"ethernet0" group contains ethernet0.virtualDev: ${ethernet0.children.map((c) => c.name).join(', ')}`,
    );
  });

  test('folding ranges are provided', async () => {
    const document = await openFixture('masks.vmx');
    const ranges = await waitFor(async () => {
      const result = await vscode.commands.executeCommand<vscode.FoldingRange[] | undefined>(
        'vscode.executeFoldingRangeProvider',
        document.uri,
      );
      return result && result.length > 0 ? result : undefined;
    }, TIMEOUT_MS, 'folding ranges for masks.vmx');
    for (const range of ranges) {
      assert.ok(
        range.start < range.end && range.end < document.lineCount,
        `folding range ${range.start}-${range.end} spans lines inside the document`,
      );
    }
  });
});
