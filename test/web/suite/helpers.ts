// Helpers of the web suite: the same patterns as test/e2e/helpers.ts, without
// Node (no node:assert, no Buffer) since they run in a web worker.
import * as vscode from 'vscode';

export const DIAGNOSTIC_SOURCE = 'vmx-cpuid';
/** How long to wait for the language server (the worker's first start included). */
export const TIMEOUT_MS = 30_000;

export function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** Polls `predicate` until it returns a truthy value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = TIMEOUT_MS,
  what = 'a condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fixture of test/web/fixtures, served by test-web as the workspace (vscode-test-web://mount/). */
export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'the web suite needs a workspace folder (test/web/fixtures)');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const { code } = diagnostic;
  return typeof code === 'object' ? code.value : code;
}

export function diagnosticsWithCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === code);
}

export function waitForDiagnostic(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const found = diagnosticsWithCode(uri, code);
    return found.length > 0 ? found : undefined;
  }, TIMEOUT_MS, `a '${code}' diagnostic on ${uri.path}`);
}

export function lineStartingWith(document: vscode.TextDocument, prefix: string): number {
  for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.startsWith(prefix)) return line;
  throw new Error(`no line starting with ${JSON.stringify(prefix)} in ${document.uri.path}`);
}

/** Column of the flag for `bit` (bit 31 first) in the quoted mask value on `line`. */
export function flagColumn(document: vscode.TextDocument, line: number, bit: number): number {
  const text = document.lineAt(line).text;
  const open = text.indexOf('"');
  let flags = 0;
  for (let col = open + 1; open !== -1 && col < text.length && text[col] !== '"'; col++) {
    if (text[col] === ':') continue;
    if (31 - flags === bit) return col;
    flags++;
  }
  throw new Error(`no flag for bit ${bit} in line ${line}: ${text}`);
}

export async function hoverTextAt(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await waitFor(async () => {
    const result = await vscode.commands.executeCommand<vscode.Hover[] | undefined>('vscode.executeHoverProvider', document.uri, position);
    return result && result.length > 0 ? result : undefined;
  }, TIMEOUT_MS, `a hover at ${position.line}:${position.character} of ${document.uri.path}`);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n\n');
}

export function labelText(label: string | vscode.CompletionItemLabel | vscode.InlayHintLabelPart[]): string {
  if (typeof label === 'string') return label;
  if (Array.isArray(label)) return label.map((part) => part.value).join('');
  return label.label;
}

/** Reverts dirty documents (fixtures change only in memory), then closes every editor. */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
