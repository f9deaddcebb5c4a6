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
