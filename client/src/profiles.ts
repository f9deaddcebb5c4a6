/**
 * Host profiles in the editor: "VMX CPUID: Import Host Profile…" (a CPUID
 * dump → `.vmx-cpuid/profiles/<name>.json`, then use it as source or
 * target), "use the recorded host" (a .vmx's hostCPUID lines → profile →
 * source), and "Show vMotion Compatibility" (the matrix as a Markdown report).
 * Choices are written to `.vmx-cpuid.json`, the configuration the CLI reads too.
 * The dumps are read by the language server's importers
 * (`vmxCpuid/importProfile`, `vmxCpuid/recordedHostProfile`); this file reads
 * and writes the files.
 */
import * as vscode from 'vscode';
import {
  COMPATIBILITY_MATRIX_REQUEST,
  DocumentParams,
  IMPORT_PROFILE_REQUEST,
  ImportProfileParams,
  ImportProfileResult,
  RECORDED_HOST_PROFILE_REQUEST,
  RecordedHostProfileParams,
} from '../../server/src/lsp/protocol';
import type { ProfileJson } from '../../server/src/profiles/profile';
import { showMarkdownReport } from './reports';
import { ClientGetter, errorMessage, sendServerRequest, showRequestError } from './serverRequests';

export const IMPORT_PROFILE_COMMAND = 'vmxCpuid.importHostProfile';
export const USE_RECORDED_HOST_COMMAND = 'vmxCpuid.useRecordedHost';
export const SHOW_MATRIX_COMMAND = 'vmxCpuid.showCompatibility';

export interface ImportArgs {
  /** The dump to import (skips the file picker). */
  readonly uri?: vscode.Uri | string;
  /** Profile name (skips the input box). */
  readonly name?: string;
  /** What to do with it (skips the question). */
  readonly use?: 'source' | 'target' | 'none';
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function workspaceRoot(near?: vscode.Uri): vscode.Uri | undefined {
  return (near && vscode.workspace.getWorkspaceFolder(near)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'host';
}

/** Saves a profile under `.vmx-cpuid/profiles/` and returns its path relative to the root. */
async function saveProfile(root: vscode.Uri, profile: ProfileJson): Promise<string> {
  const relative = `.vmx-cpuid/profiles/${slug(profile.name)}.json`;
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(root, '.vmx-cpuid', 'profiles'));
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(root, relative), encoder.encode(JSON.stringify(profile, null, 2) + '\n'));
  return `./${relative}`;
}

/** Sets `source` or adds a target in `.vmx-cpuid.json` (created when missing). */
async function useInConfig(root: vscode.Uri, reference: string, role: 'source' | 'target'): Promise<void> {
  const file = vscode.Uri.joinPath(root, '.vmx-cpuid.json');
  let config: Record<string, unknown> = {};
  let exists = true;
  try {
    await vscode.workspace.fs.stat(file);
  } catch {
    exists = false;
  }
  if (exists) {
    try {
      const parsed: unknown = JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(file)));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('it is not a JSON object');
      config = parsed as Record<string, unknown>;
    } catch (err) {
      // Never overwrite a configuration we could not read: the user's data stays as it is.
      void vscode.window.showErrorMessage(`VMX CPUID: .vmx-cpuid.json cannot be read (${err instanceof Error ? err.message : String(err)}); it was not changed.`);
      return;
    }
  }
  if (role === 'source') config.source = reference;
  else {
    const targets = Array.isArray(config.targets) ? (config.targets as unknown[]).filter((t): t is string => typeof t === 'string') : [];
    if (!targets.includes(reference)) targets.push(reference);
    config.targets = targets;
  }
  await vscode.workspace.fs.writeFile(file, encoder.encode(JSON.stringify(config, null, 2) + '\n'));
}

/** Asks the server to import; resolves with the profile, or with the reason it cannot be imported (bad input or no server). */
async function importWith(getClient: ClientGetter, method: string, params: ImportProfileParams | RecordedHostProfileParams): Promise<ImportProfileResult> {
  try {
    return await sendServerRequest<ImportProfileResult>(getClient, method, params);
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

export function registerProfiles(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(IMPORT_PROFILE_COMMAND, async (args: ImportArgs = {}) => {
      const root = workspaceRoot();
      if (!root) {
        void vscode.window.showInformationMessage('VMX CPUID: open a folder first; profiles are stored in its .vmx-cpuid/profiles/.');
        return undefined;
      }
      let uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
      if (!uri) {
        const picked = await vscode.window.showOpenDialog({
          title: 'VMX CPUID: CPUID dump to import (cpuid -r, InstLatx64/AIDA64, /proc/cpuinfo, virsh XML, .vmx with hostCPUID)',
          canSelectMany: false,
        });
        uri = picked?.[0];
        if (!uri) return undefined;
      }
      let text: string;
      try {
        text = decoder.decode(await vscode.workspace.fs.readFile(uri));
      } catch (err) {
        void vscode.window.showErrorMessage(`VMX CPUID: cannot import ${vscode.workspace.asRelativePath(uri)}: ${String(err)}`);
        return undefined;
      }
      const result = await importWith(getClient, IMPORT_PROFILE_REQUEST, { text, ...(args.name ? { name: args.name } : {}) });
      if ('error' in result) {
        void vscode.window.showErrorMessage(`VMX CPUID: cannot import ${vscode.workspace.asRelativePath(uri)}: ${result.error}`);
        return undefined;
      }
      let profile = result.profile;
      if (!args.name) {
        const name = await vscode.window.showInputBox({ title: 'VMX CPUID: name of the host profile', value: profile.name, validateInput: (v) => (v.trim() ? undefined : 'a name is needed') });
        if (!name) return undefined;
        profile = { ...profile, name: name.trim() };
      }
      const reference = await saveProfile(root, profile);
      let use = args.use;
      if (!use) {
        const answer = await vscode.window.showInformationMessage(`VMX CPUID: saved ${reference}. Use it as…`, 'Source', 'Target', 'Neither');
        use = answer === 'Source' ? 'source' : answer === 'Target' ? 'target' : 'none';
      }
      if (use !== 'none') await useInConfig(root, reference, use);
      return reference;
    }),
    vscode.commands.registerCommand(USE_RECORDED_HOST_COMMAND, async (uriArg?: string | vscode.Uri) => {
      const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : (uriArg ?? vscode.window.activeTextEditor?.document.uri);
      const root = workspaceRoot(uri);
      if (!uri || !root) {
        void vscode.window.showInformationMessage('VMX CPUID: open a .vmx with hostCPUID lines inside a folder first.');
        return undefined;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      // The server reads the records from its model of the document; the text goes along only when it does not have it (another language mode).
      const params: RecordedHostProfileParams = { uri: document.uri.toString(), ...(document.languageId === 'vmx' ? {} : { text: document.getText() }) };
      const result = await importWith(getClient, RECORDED_HOST_PROFILE_REQUEST, params);
      if ('error' in result) {
        void vscode.window.showErrorMessage(`VMX CPUID: ${result.error}`);
        return undefined;
      }
      const reference = await saveProfile(root, result.profile);
      await useInConfig(root, reference, 'source');
      void vscode.window.showInformationMessage(`VMX CPUID: the recorded host is now the source (${reference}).`);
      return reference;
    }),
  );
}

/** "VMX CPUID: Show vMotion Compatibility": the matrix of targets × blocking features, from the server. */
export function registerCompatibilityView(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_MATRIX_COMMAND, async (uriArg?: string | vscode.Uri) => {
      const uri = typeof uriArg === 'string' ? uriArg : (uriArg ?? vscode.window.activeTextEditor?.document.uri)?.toString();
      const client = getClient();
      if (!uri || !client) {
        void vscode.window.showInformationMessage('VMX CPUID: open a .vmx file first.');
        return undefined;
      }
      const params: DocumentParams = { uri };
      let markdown: string | null;
      try {
        markdown = await sendServerRequest<string | null>(getClient, COMPATIBILITY_MATRIX_REQUEST, params);
      } catch (err) {
        return showRequestError('cannot compute the vMotion compatibility', err);
      }
      if (!markdown) {
        void vscode.window.showInformationMessage('VMX CPUID: choose a source host and targets first ("VMX CPUID: Choose Source and Target Hosts").');
        return undefined;
      }
      await showMarkdownReport(`vMotion compatibility of ${decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1))}`, markdown);
      return markdown;
    }),
  );
}
