// Shared helpers for the e2e suite. Everything here works the same in
// Electron (test-electron) and in code-server, where the workspace is remote:
// URIs are always derived from the workspace folder, never from __dirname.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'vmx-cpuid.vmx-cpuid';
export const DIAGNOSTIC_SOURCE = 'vmx-cpuid';

/** How long to wait for the language server to answer; first start included. */
export const TIMEOUT_MS = 20_000;

/**
 * Polls `predicate` until it returns a truthy value and resolves with it.
 * Rejects after `timeoutMs` with `what` in the message, so a failure says
 * which condition never became true instead of just "timeout".
 */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = TIMEOUT_MS,
  what = 'a condition',
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) {
        return value;
      }
    } catch (err) {
      // Providers may throw while the server is still starting; keep polling
      // but report the last error if we give up.
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e suite needs a workspace folder (test/e2e/fixtures)');
  return folder.uri;
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

/** Opens a fixture in an editor (which triggers activation on `onLanguage:vmx`). */
export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Diagnostic codes may be plain or `{ value, target }` (code with a docs link). */
export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const { code } = diagnostic;
  return typeof code === 'object' ? code.value : code;
}

/** Our diagnostics for `uri` that carry `code`. */
export function diagnosticsWithCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === code);
}

/** Waits until the language server published at least one diagnostic with `code`. */
export function waitForDiagnostic(
  uri: vscode.Uri,
  code: string,
  timeoutMs = TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const found = diagnosticsWithCode(uri, code);
      return found.length > 0 ? found : undefined;
    },
    timeoutMs,
    `a '${code}' diagnostic from ${DIAGNOSTIC_SOURCE} on ${uri.path}`,
  );
}

/** Index of the first line whose text starts with `prefix`; fails the test if none. */
export function lineStartingWith(document: vscode.TextDocument, prefix: string, from = 0): number {
  for (let line = from; line < document.lineCount; line++) {
    if (document.lineAt(line).text.startsWith(prefix)) {
      return line;
    }
  }
  assert.fail(`no line starting with ${JSON.stringify(prefix)} in ${document.uri.path} from line ${from}`);
}

/**
 * Reverts every modified document, then closes all editors. Tests edit
 * fixtures only in memory; reverting first means the fixtures on disk never
 * change and no "save changes?" dialog can block the run.
 */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Column of the `index`-th flag (0 = bit 31, 31 = bit 0) of the mask value on
 * `line`, skipping the `:` group separators. Fails the test if the line has
 * no quoted value with that many flags.
 */
export function flagColumn(document: vscode.TextDocument, line: number, bit: number): number {
  const text = document.lineAt(line).text;
  const open = text.indexOf('"');
  assert.ok(open !== -1, `line ${line} has a quoted value: ${text}`);
  let flags = 0;
  for (let col = open + 1; col < text.length && text[col] !== '"'; col++) {
    if (text[col] === ':') continue;
    if (31 - flags === bit) {
      return col;
    }
    flags++;
  }
  assert.fail(`no flag for bit ${bit} in line ${line}: ${text}`);
}

/** All hover contents of `hovers` as one markdown/plain text string. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n\n');
}

/**
 * Our hovers at `position`, polled until a provider answers (the language
 * server may still be starting). Resolves with the hovers and their text.
 */
export async function hoverAt(
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<{ hovers: vscode.Hover[]; text: string }> {
  const hovers = await waitFor(async () => {
    const result = await vscode.commands.executeCommand<vscode.Hover[] | undefined>(
      'vscode.executeHoverProvider',
      document.uri,
      position,
    );
    return result && result.length > 0 ? result : undefined;
  }, TIMEOUT_MS, `a hover at ${position.line}:${position.character} of ${document.uri.path}`);
  return { hovers, text: hoverText(hovers) };
}

/** The text of a completion item's or inlay hint's label, which may be structured. */
export function labelText(label: string | vscode.CompletionItemLabel | vscode.InlayHintLabelPart[]): string {
  if (typeof label === 'string') return label;
  if (Array.isArray(label)) return label.map((part) => part.value).join('');
  return label.label;
}

/** A CodeAction (not a bare Command) whose kind is `kind` or inside it. */
export function isCodeActionOfKind(action: vscode.CodeAction | vscode.Command, kind: vscode.CodeActionKind): action is vscode.CodeAction {
  const own = (action as vscode.CodeAction).kind;
  return own !== undefined && kind.contains(own);
}

/**
 * Code actions of `kind` for `range`, polled until at least one whose title
 * satisfies `accept` arrives (diagnostic-based fixes need the server to have
 * analysed the current version). Resolves with all actions of that kind.
 */
export function waitForCodeActions(
  document: vscode.TextDocument,
  range: vscode.Range,
  kind: vscode.CodeActionKind,
  accept: (title: string) => boolean = () => true,
  what = `a ${kind.value} action`,
): Promise<vscode.CodeAction[]> {
  return waitFor(async () => {
    const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
      'vscode.executeCodeActionProvider',
      document.uri,
      range,
      kind.value,
      // Resolve lazily computed edits (codeAction/resolve) too.
      10,
    );
    const actions = (result ?? []).filter((a): a is vscode.CodeAction => isCodeActionOfKind(a, kind));
    return actions.some((a) => accept(a.title)) ? actions : undefined;
  }, TIMEOUT_MS, `${what} at ${range.start.line}:${range.start.character} of ${document.uri.path}`);
}

/** Our code lenses for `document`, polled until one whose title satisfies `accept` arrives. */
export function waitForCodeLens(
  document: vscode.TextDocument,
  accept: (title: string) => boolean,
  what = 'a code lens',
): Promise<vscode.CodeLens> {
  return waitFor(async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[] | undefined>(
      'vscode.executeCodeLensProvider',
      document.uri,
      // Resolve every lens, so each has its command.
      100,
    );
    return (lenses ?? []).find((l) => l.command && accept(l.command.title));
  }, TIMEOUT_MS, `${what} on ${document.uri.path}`);
}

/** vMotion diagnostics (code `vmotion-*`) of ours on `uri` whose message names `host`. */
export function vmotionDiagnosticsNaming(uri: vscode.Uri, host: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === DIAGNOSTIC_SOURCE && String(codeOf(d)).startsWith('vmotion-') && d.message.includes(host));
}

/**
 * Like closeAllEditors, but each dirty document (untitled ones too, such as
 * the matrix view's Markdown) is reverted and closed in one step, so nothing
 * dirty is left for a later "save?" decision.
 */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The bytes of a workspace file, to check later that a test left it unchanged on disk. */
export async function fileBytes(uri: vscode.Uri): Promise<Uint8Array> {
  return vscode.workspace.fs.readFile(uri);
}

/** Fails if `uri` on disk differs from `original`; restores it first, so one failure does not spoil later runs. */
export async function assertUnchangedOnDisk(uri: vscode.Uri, original: Uint8Array): Promise<void> {
  const now = await vscode.workspace.fs.readFile(uri);
  if (Buffer.from(now).equals(Buffer.from(original))) return;
  await vscode.workspace.fs.writeFile(uri, original);
  assert.fail(`${uri.path} changed on disk during the test (restored it):\n${new TextDecoder().decode(now)}`);
}

/**
 * code-server runs VS Code for the Web, where `files.autoSave` defaults to
 * "afterDelay" (1 s): a fixture edited in memory and left dirty that long is
 * saved to disk before the teardown can revert it. Suites that edit fixtures
 * turn auto save off (user settings) for their duration; call the returned
 * function in suiteTeardown to restore the previous value.
 */
export async function turnOffAutoSave(): Promise<() => Promise<void>> {
  const before = vscode.workspace.getConfiguration('files').inspect<string>('autoSave')?.globalValue;
  await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  await waitFor(() => vscode.workspace.getConfiguration('files').get('autoSave') === 'off', TIMEOUT_MS, 'files.autoSave to be off');
  return async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', before, vscode.ConfigurationTarget.Global);
  };
}

/**
 * For a suite whose tests edit `fixture` in memory only: auto save (on in code-server) is off for
 * the suite, every editor is reverted and closed after each test, and the file on disk is checked
 * to be unchanged then. Call inside the suite.
 */
export function editsFixtureInMemoryOnly(fixture: string): void {
  let original: Uint8Array;
  let restoreAutoSave: (() => Promise<void>) | undefined;
  suiteSetup(async () => {
    original = await fileBytes(fixtureUri(fixture));
    restoreAutoSave = await turnOffAutoSave();
  });
  suiteTeardown(async () => {
    await restoreAutoSave?.();
  });
  teardown(async () => {
    await revertAndCloseAll();
    await assertUnchangedOnDisk(fixtureUri(fixture), original);
  });
}
