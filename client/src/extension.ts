/**
 * The VS Code client: starts the language server (over IPC), and adds what
 * only the editor can do — commands, the output channel, the encoding hint.
 * All analysis happens in the server's core.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerCommon } from './common';

let client: LanguageClient | undefined;

function serverNodeFlags(packageJson: unknown): string[] {
  const flags = (packageJson as { vmxCpuidServer?: { nodeFlags?: unknown } }).vmxCpuidServer?.nodeFlags;
  return Array.isArray(flags) ? flags.filter((f): f is string => typeof f === 'string') : [];
}
let output: vscode.LogOutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('VMX CPUID', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // Node flags for the server, kept in package.json ("vmxCpuidServer") so that the benchmark
  // starts the server exactly as the editor does: a small young generation keeps the resident
  // memory of a long typing session low.
  const execArgv = serverNodeFlags(context.extension.packageJSON);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'vmx' }],
    outputChannel: output,
    // In restricted mode the server uses built-in profiles only (no profile files).
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    synchronize: {
      configurationSection: 'vmxCpuid',
      // Configuration and profile files: the server re-checks open documents when they change.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.vmx-cpuid.json,.vmx-cpuid/profiles/*.json}'),
    },
  };
  // The id "vmxCpuid" makes the client honour the "vmxCpuid.trace.server" setting.
  client = new LanguageClient('vmxCpuid', 'VMX CPUID Language Server', serverOptions, clientOptions);

  // Commands, encoding hint, hosts status bar, profile commands (shared with the web client).
  // `hosts.refresh()` updates what the server answers: the hosts status bar and the encoding hints.
  const hosts = registerCommon(context, () => client, () => output, {
    restart: async () => {
      await client?.restart();
      hosts.refresh();
    },
    profileFiles: true,
  });

  await client.start();
  hosts.refresh();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
