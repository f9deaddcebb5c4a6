// The web extension in a real VS Code web workbench (web-worker extension
// host, language server in a web worker, workspace served by test-web from
// test/web/fixtures). Everything that needs no file system must work here.
import * as vscode from 'vscode';
import {
  TIMEOUT_MS,
  diagnosticsWithCode,
  equal,
  fixtureUri,
  flagColumn,
  hoverTextAt,
  labelText,
  lineStartingWith,
  ok,
  openFixture,
  revertAndCloseAll,
  waitFor,
  waitForDiagnostic,
} from './helpers';

const EXTENSION_ID = 'vmx-cpuid.vmx-cpuid';
const TYPOGRAPHIC_QUOTES = /[\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u2032\u2033]/g;

suite('web extension', () => {
  teardown(revertAndCloseAll);

  test('runs in the web extension host from the package.json "browser" entry', async () => {
    await openFixture('hover.vmx');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    ok(extension, `extension ${EXTENSION_ID} is installed`);
    await waitFor(() => extension.isActive, TIMEOUT_MS, 'the extension to activate on a .vmx');
    equal(vscode.env.uiKind, vscode.UIKind.Web, 'the workbench is VS Code for the Web');
    equal(extension.packageJSON.browser, './dist/browser/client.js', 'the browser entry');
    equal(fixtureUri('hover.vmx').scheme, 'vscode-test-web', 'the workspace is virtual (no file system)');
  });

  test('diagnostics arrive from the worker server, and a quick fix repairs typographic quotes', async () => {
    const document = await openFixture('typographic-quote.vmx');
    const line = lineStartingWith(document, 'cpuid.1.ecx');
    const original = document.lineAt(line).text;
    ok(TYPOGRAPHIC_QUOTES.test(original), 'the fixture line has typographic quotes');

    const [diagnostic] = await waitForDiagnostic(document.uri, 'typographic-quote');
    equal(diagnostic.range.start.line, line, 'the diagnostic is on the line with typographic quotes');

    const fixes = await waitFor(async () => {
      const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
        10,
      );
      const found = (result ?? []).filter((a): a is vscode.CodeAction => (a as vscode.CodeAction).edit !== undefined);
      return found.length > 0 ? found : undefined;
    }, TIMEOUT_MS, 'a quick fix with an edit for typographic-quote');
    ok(await vscode.workspace.applyEdit(fixes[0].edit!), `workspace.applyEdit accepted "${fixes[0].title}"`);
    equal(document.lineAt(line).text, original.replace(TYPOGRAPHIC_QUOTES, '"'), 'the fix puts ASCII quotes and changes nothing else');
    await waitFor(() => diagnosticsWithCode(document.uri, 'typographic-quote').length === 0, TIMEOUT_MS, 'the diagnostic to go away');
  });

  test('a hover on a mask flag names the feature (AVX2)', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const column = flagColumn(document, line, 5);
    equal(document.lineAt(line).text[column], '0', 'the fixture hides bit 5');
    const text = await hoverTextAt(document, new vscode.Position(line, column));
    ok(text.includes('AVX2'), `the hover names AVX2:\n${text}`);
    ok(text.includes('CPUID.(EAX=07H,ECX=0):EBX[5]'), `the hover names the register and bit:\n${text}`);
  });

  test('completion offers mask keys', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList | undefined>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(line, 0),
      );
      return (list?.items ?? []).some((i) => labelText(i.label) === 'cpuid.7.0.ebx');
    }, TIMEOUT_MS, 'the completion item cpuid.7.0.ebx');
  });

  test('inlay hints say what a mask hides', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const hint = await waitFor(async () => {
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[] | undefined>(
        'vscode.executeInlayHintProvider',
        document.uri,
        new vscode.Range(0, 0, document.lineCount, 0),
      );
      return (hints ?? []).find((h) => h.position.line === line);
    }, TIMEOUT_MS, `an inlay hint on line ${line}`);
    ok(labelText(hint.label).includes('AVX2'), `the hint names AVX2: ${labelText(hint.label)}`);
  });

  test('.encoding names are checked against the same list as on the desktop (no iconv-lite in the browser)', async () => {
    const known = await openFixture('windows-1252.vmx');
    const unknown = await openFixture('unknown-encoding.vmx');
    const [diagnostic] = await waitForDiagnostic(unknown.uri, 'unknown-encoding');
    ok(diagnostic.message.includes('klingon-8'), `the diagnostic names the encoding: ${diagnostic.message}`);
    // The known file was analysed first (same server, opened before).
    equal(diagnosticsWithCode(known.uri, 'unknown-encoding').length, 0, 'windows-1252 is a known encoding');
  });

  test('the encoding hint gets the .encoding declaration from the worker server, and "Reopen with Declared Encoding" uses it', async () => {
    const document = await openFixture('windows-1252.vmx');
    equal(document.encoding, 'utf8', 'the workbench opens the fixture as UTF-8');
    const [diagnostic] = await waitForDiagnostic(document.uri, 'encoding-mismatch');
    equal(document.getText(diagnostic.range), 'windows-1252', 'the hint covers the declared value (its range comes from the server)');
    await vscode.commands.executeCommand('vmxCpuid.reopenWithDeclaredEncoding', document.uri);
    await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.uri.toString())?.encoding === 'windows1252',
      TIMEOUT_MS,
      'the fixture reopened as windows1252',
    );
    await waitFor(() => diagnosticsWithCode(document.uri, 'encoding-mismatch').length === 0, TIMEOUT_MS, 'the hint to go away');
  });

  test('Decode vMotion Error… is answered by the worker server', async () => {
    const markdown = await vscode.commands.executeCommand<string | undefined>('vmxCpuid.decodeError', "Feature 'cpuid.avx' was present, but must be absent.");
    ok(typeof markdown === 'string' && markdown.includes('AVX'), `the report names AVX:\n${markdown}`);
    ok(/cpuid\.1\.ecx = "---0:----:----:----:----:----:----:----"|featMask\.vm\.cpuid\.AVX = "Val:0"/.test(markdown), `the report gives the mask line:\n${markdown}`);
  });

  test('"Restart Language Server" replaces the worker and the features come back', async () => {
    const document = await openFixture('hover.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    await hoverTextAt(document, new vscode.Position(line, flagColumn(document, line, 5)));
    await vscode.commands.executeCommand('vmxCpuid.restartServer');
    const text = await hoverTextAt(document, new vscode.Position(line, flagColumn(document, line, 5)));
    ok(text.includes('AVX2'), `after the restart the hover names AVX2:\n${text}`);
  });

  test('commands that need profile files fail with a message instead of writing files', async () => {
    const result = await vscode.commands.executeCommand('vmxCpuid.importHostProfile', {
      uri: fixtureUri('cluster.vmx').toString(),
      name: 'web-import',
      use: 'source',
    });
    equal(result, undefined, 'the import returns nothing');
    const recorded = await vscode.commands.executeCommand('vmxCpuid.useRecordedHost', fixtureUri('cluster.vmx').toString());
    equal(recorded, undefined, 'use the recorded host returns nothing');
    for (const path of ['.vmx-cpuid/profiles/web-import.json', '.vmx-cpuid.json']) {
      const exists = await vscode.workspace.fs.stat(fixtureUri(path)).then(
        () => true,
        () => false,
      );
      equal(exists, false, `${path} was not written`);
    }
  });
});

suite('web extension: built-in host profiles from the settings', () => {
  const config = () => vscode.workspace.getConfiguration('vmxCpuid');
  suiteSetup(async () => {
    await config().update('source', 'intel-skylake', vscode.ConfigurationTarget.Global);
    await config().update('targets', ['intel-sandybridge', 'intel-broadwell', 'intel-icelake'], vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await config().update('source', undefined, vscode.ConfigurationTarget.Global);
    await config().update('targets', undefined, vscode.ConfigurationTarget.Global);
  });
  teardown(revertAndCloseAll);

  test('vMotion diagnostics name the target that lacks a feature', async () => {
    const document = await openFixture('cluster.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const column = flagColumn(document, line, 5);
    const avx2 = await waitFor(
      () => diagnosticsWithCode(document.uri, 'vmotion-target-lacks').find((d) => d.range.start.line === line && d.range.start.character === column),
      TIMEOUT_MS,
      'a vmotion-target-lacks diagnostic on the AVX2 flag',
    );
    ok(/AVX2\) is forced to 1, but target intel-sandybridge lacks AVX2/.test(avx2.message), `it names the target: ${avx2.message}`);
  });

  test('the code lens counts the targets, and the compatibility view opens', async () => {
    const document = await openFixture('cluster.vmx');
    const lens = await waitFor(async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>('vscode.executeCodeLensProvider', document.uri, 100);
      return (lenses ?? []).find((l) => l.command && /moves to \d+ of \d+ targets?/.test(l.command.title));
    }, TIMEOUT_MS, 'the "moves to N of M targets" code lens');
    ok(lens.command!.title.includes('moves to 2 of 3 targets'), `the lens counts Broadwell and Ice Lake: ${lens.command!.title}`);
    const markdown = await vscode.commands.executeCommand<string | undefined>('vmxCpuid.showCompatibility', document.uri.toString());
    ok(typeof markdown === 'string' && markdown.includes('intel-sandybridge'), `the matrix names the targets:\n${markdown}`);
  });

  test('a hover on a flag has a line per host', async () => {
    const document = await openFixture('cluster.vmx');
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const text = await waitFor(async () => {
      const t = await hoverTextAt(document, new vscode.Position(line, flagColumn(document, line, 5)));
      return t.includes('intel-sandybridge') ? t : undefined;
    }, TIMEOUT_MS, 'a hover naming the hosts');
    ok(text.includes('AVX2') && text.includes('intel-skylake'), `the hover names the feature and the source:\n${text}`);
  });

  test('the Mask Grid opens in the browser and cycles a flag as one edit', async () => {
    const document = await openFixture('cluster.vmx');
    const handle = await vscode.commands.executeCommand<
      | { panel: vscode.WebviewPanel; refresh(): Promise<{ rows: { key: string }[]; targets: string[] } | undefined> }
      | undefined
    >('vmxCpuid.showMaskGrid', document.uri);
    ok(handle?.panel, 'the command returns the grid panel');
    // The headless test browser refuses the webview's service worker (its iframe origin is a
    // *.localhost subdomain), so the page itself cannot load here; the grid model comes from the
    // worker server through the same request the page triggers.
    const grid = await waitFor(
      async () => {
        const g = await handle.refresh();
        return g && g.targets.length === 3 ? g : undefined;
      },
      TIMEOUT_MS,
      'the grid model with the three targets from the worker server',
    );
    ok(grid.rows.some((r) => r.key === 'cpuid.7.0.ebx'), `a row for cpuid.7.0.ebx: ${grid.rows.map((r) => r.key).join(', ')}`);
    const line = lineStartingWith(document, 'cpuid.7.0.ebx');
    const column = flagColumn(document, line, 5);
    equal(document.lineAt(line).text[column], '1', 'AVX2 is forced on in the fixture');
    const before = document.getText();
    // The command the webview posts through on Enter/Space: 1 → H.
    equal(await vscode.commands.executeCommand('vmxCpuid.maskGrid.cycle', document.uri.toString(), line, 5), 'H', 'the cycle command returns the new flag');
    equal(document.lineAt(line).text[column], 'H', 'the flag in the document cycled');
    equal(document.getText().length, before.length, 'one character replaced');
    handle.panel.dispose();
  });
});
