/**
 * "VMX CPUID: Explain Mask Changes Against HEAD": the open .vmx (with unsaved
 * edits) against its HEAD version from the built-in Git extension, as the
 * Markdown report of `vmx-cpuid diff --format markdown` (each changed bit
 * with its feature, featMask lines, vMotion targets gained or lost), opened
 * in the Markdown preview. The diff itself is the language server's
 * (`vmxCpuid/explainChanges`: the HEAD text against its model of the open
 * document, under the document's configuration); this file only fetches the
 * old text.
 */
import * as vscode from 'vscode';
import { EXPLAIN_CHANGES_REQUEST, ExplainChangesParams } from '../../server/src/lsp/protocol';
import { showMarkdownReport } from './reports';
import { ClientGetter, sendServerRequest, showRequestError } from './serverRequests';

export const EXPLAIN_CHANGES_COMMAND = 'vmxCpuid.explainChanges';

/** The parts of the Git extension's API (extensions/git/src/api/git.d.ts, version 1) used here. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

function say(message: string): undefined {
  void vscode.window.showInformationMessage(`VMX CPUID: ${message}`);
  return undefined;
}

/** The file behind an argument or the active editor; the left side of a git diff editor (scheme git:) maps to its file. */
function targetUri(arg: unknown): vscode.Uri | undefined {
  const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme === 'git') {
    try {
      const { path } = JSON.parse(uri.query) as { path?: string };
      if (path) return vscode.Uri.file(path);
    } catch {
      // not the git extension's query: fall through
    }
  }
  return uri;
}

async function gitApi(): Promise<GitApi | string> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return 'the built-in Git extension is not available. In a terminal: vmx-cpuid diff --git HEAD <file>';
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports?.enabled) return 'Git is disabled in VS Code (setting git.enabled). In a terminal: vmx-cpuid diff --git HEAD <file>';
  return exports.getAPI(1);
}

function isNotInHead(err: unknown): boolean {
  const e = err as { gitErrorCode?: string; stderr?: string; message?: string } | undefined;
  if (e?.gitErrorCode === 'FileNotFound') return true;
  return /does not exist in|exists on disk, but not in|path .* does not exist/i.test(`${e?.stderr ?? ''} ${e?.message ?? ''}`);
}

export function registerExplainChanges(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(EXPLAIN_CHANGES_COMMAND, async (arg?: string | vscode.Uri) => {
      const uri = targetUri(arg);
      if (!uri) return say('open a .vmx file first.');
      if (uri.scheme !== 'file') return say(`${uri.toString(true)} is not a file on disk: there is no Git history to compare with.`);
      const api = await gitApi();
      if (typeof api === 'string') return say(api);
      const repository = api.getRepository(uri);
      if (!repository) return say(`${vscode.workspace.asRelativePath(uri)} is not in a Git repository (or VS Code has not opened that repository).`);

      const relative = vscode.workspace.asRelativePath(uri, false);
      const fromRoot = uri.fsPath.slice(repository.rootUri.fsPath.length).replace(/^[\\/]+/, '').replace(/\\/g, '/');
      let oldText: string;
      let oldLabel = `HEAD:${fromRoot || relative}`;
      try {
        oldText = await repository.show('HEAD', uri.fsPath);
      } catch (err) {
        if (!isNotInHead(err)) {
          void vscode.window.showErrorMessage(`VMX CPUID: cannot read ${oldLabel}: ${err instanceof Error ? err.message : String(err)}`);
          return undefined;
        }
        oldText = '';
        oldLabel += ' (not in HEAD: new file)';
      }
      const document = await vscode.workspace.openTextDocument(uri);
      const params: ExplainChangesParams = { uri: document.uri.toString(), oldText, oldLabel, newLabel: `${relative}${document.isDirty ? ' (unsaved)' : ''}` };
      let markdown: string | null;
      try {
        markdown = await sendServerRequest<string | null>(getClient, EXPLAIN_CHANGES_REQUEST, params);
      } catch (err) {
        return showRequestError(`cannot explain the changes of ${relative}`, err);
      }
      if (typeof markdown !== 'string') {
        return say(`the language server does not have ${relative} open: set its language mode to "VMware VMX" and try again.`);
      }
      await showMarkdownReport(`Mask changes of ${relative}`, markdown);
      return markdown;
    }),
  );
}
