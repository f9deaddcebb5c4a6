/**
 * The web client (vscode.dev, github.dev, VS Code for the Web): the same
 * commands as the desktop client (common.ts), with the language server running
 * as a web worker (`dist/browser/server.js`) instead of a node process.
 * Everything that needs no file system works: built-in host profiles from the
 * settings, diagnostics, hovers, quick fixes, completion, inlay hints, code
 * lenses. Profile files are not read; the commands that write them say so.
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions } from 'vscode-languageclient/browser';
import { registerCommon } from './common';

type ServerWorker = ConstructorParameters<typeof LanguageClient>[2] & { terminate(): void };
/** The web worker constructor of the extension host (not in the es2022 lib the project compiles with). */
declare const Worker: new (url: string, options?: { name?: string }) => ServerWorker;

let client: LanguageClient | undefined;
let worker: ServerWorker | undefined;
let output: vscode.LogOutputChannel | undefined;

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'vmx' }],
    ...(output ? { outputChannel: output } : {}),
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    // Settings only: the browser server reads no configuration or profile files.
    synchronize: { configurationSection: 'vmxCpuid' },
  };
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js');
  worker = new Worker(serverMain.toString(true), { name: 'vmx-cpuid-language-server' });
  // The id "vmxCpuid" makes the client honour the "vmxCpuid.trace.server" setting.
  return new LanguageClient('vmxCpuid', 'VMX CPUID Language Server', worker, clientOptions);
}

async function stopClient(): Promise<void> {
  const c = client;
  const w = worker;
  client = undefined;
  worker = undefined;
  try {
    if (c) await c.stop();
  } finally {
    w?.terminate();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('VMX CPUID', { log: true });
  context.subscriptions.push(output);

  client = createClient(context);
  const hosts = registerCommon(context, () => client, () => output, {
    // A worker cannot be restarted in place: stop it and start a new one.
    restart: async () => {
      await stopClient();
      client = createClient(context);
      await client.start();
      hosts.refresh();
    },
    profileFiles: false,
  });

  await client.start();
  hosts.refresh();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
