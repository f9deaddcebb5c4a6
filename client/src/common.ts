/**
 * What the desktop client (extension.ts, node) and the web client
 * (browserExtension.ts) share: the commands, the encoding hint, the hosts
 * status bar item and the profile commands. Each entry creates its own
 * LanguageClient (IPC to a node process, or a web worker) and calls this.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { registerEncodingHint } from './encodingHint';
import { registerHosts } from './hosts';
import { IMPORT_PROFILE_COMMAND, registerCompatibilityView, registerProfiles, USE_RECORDED_HOST_COMMAND } from './profiles';
import { registerReports } from './reports';
import { registerExplainChanges } from './explainChanges';
import { registerDecodeError } from './decodeError';
import { registerMaskGrid } from './maskGrid';

export interface Platform {
  /** Restarts the language server (the node client restarts its process, the web client its worker). */
  readonly restart: () => Promise<void>;
  /**
   * Whether the server reads `.vmx-cpuid.json` and profile files (desktop).
   * In the browser it does not: the profile commands that write them say so
   * instead of writing files nobody would read.
   */
  readonly profileFiles: boolean;
}

export const BROWSER_PROFILE_FILES_MESSAGE =
  'VMX CPUID: host profile files cannot be used in VS Code for the Web (the language server runs in the browser and reads no files). ' +
  'Choose built-in host profiles with "VMX CPUID: Choose Source and Target Hosts", or use the desktop VS Code to import a profile.';

/**
 * Registers every command and editor feature of the extension. Returns what
 * to refresh once the client has (re)started: the hosts status bar item and
 * the encoding hints (both are answered by the server).
 */
export function registerCommon(
  context: vscode.ExtensionContext,
  getClient: () => BaseLanguageClient | undefined,
  output: () => vscode.LogOutputChannel | undefined,
  platform: Platform,
): { refresh(): void } {
  context.subscriptions.push(
    vscode.commands.registerCommand('vmxCpuid.restartServer', async () => {
      if (!getClient()) return;
      output()?.info('Restarting the language server…');
      await platform.restart();
    }),
    vscode.commands.registerCommand('vmxCpuid.showOutput', () => output()?.show(true)),
  );
  registerReports(context);
  const encodingHint = registerEncodingHint(context, getClient);
  const hosts = registerHosts(context, getClient);
  registerMaskGrid(context, getClient);
  registerCompatibilityView(context, getClient);
  registerExplainChanges(context, getClient);
  registerDecodeError(context, getClient);
  if (platform.profileFiles) {
    registerProfiles(context, getClient);
  } else {
    registerBrowserProfiles(context);
  }
  // Trust granted: restart so the server may read profile files.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void (getClient() && platform.restart())));
  return {
    refresh() {
      hosts.refresh();
      encodingHint.refresh();
    },
  };
}

/**
 * The profile commands without a file system: importing a profile and using
 * the recorded host write profile files the browser server cannot read, so
 * they fail with a message (and return undefined).
 */
function registerBrowserProfiles(context: vscode.ExtensionContext): void {
  const unavailable = () => {
    void vscode.window.showErrorMessage(BROWSER_PROFILE_FILES_MESSAGE);
    return undefined;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(IMPORT_PROFILE_COMMAND, unavailable),
    vscode.commands.registerCommand(USE_RECORDED_HOST_COMMAND, unavailable),
  );
}
