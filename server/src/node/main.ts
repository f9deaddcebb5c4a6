/**
 * Node entry of the language server: `vmx-cpuid-language-server --stdio`
 * for any editor, `--node-ipc` for the VS Code client. Provides the
 * file-system side of configuration: `.vmx-cpuid.json` found by walking up
 * from each document, profile files relative to it; the profile importers,
 * loaded when first needed.
 */
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { SERVER_NAME, ServerHost, ServerSettings, startServer, WorkspaceInfo } from '../lsp/server';
import type { ProfileImporters } from '../lsp/clientRequests';
import { configFor, newConfigCache, Sandbox } from './configFiles';
import { resolveConfig } from '../config/config';
import { builtinProfileJson } from '../profiles/builtins';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe=', '--clientProcessId'];

function nodeHost(): ServerHost {
  let cache = newConfigCache();
  return {
    configFor(uri: string, settings: ServerSettings, workspace: WorkspaceInfo) {
      const overrides = {
        ...(settings.source !== undefined ? { source: settings.source } : {}),
        ...(settings.targets !== undefined ? { targets: settings.targets } : {}),
        ...(settings.evc !== undefined ? { evc: settings.evc } : {}),
      };
      if (!uri.startsWith('file:')) {
        // Not on disk (untitled, virtual): settings alone, built-in profiles only.
        return resolveConfig(
          overrides,
          (ref) => {
            const json = builtinProfileJson(ref);
            if (!json) throw new Error('only built-in profiles can be used for documents that are not files');
            return json;
          },
          'settings',
        );
      }
      const roots = workspace.folders.filter((f) => f.startsWith('file:')).map((f) => fileURLToPath(f));
      // Configuration stays inside the workspace; without one (a single file), next to the file.
      const sandbox: Sandbox = { ...(roots.length > 0 ? { roots } : {}), allowProfilePaths: workspace.trusted };
      return configFor(fileURLToPath(uri), overrides, cache, sandbox).resolved;
    },
    clearConfigCache() {
      cache = newConfigCache();
    },
    // Loaded on the first import request: the importers (fast-xml-parser among them) stay out of the start.
    importers: () => require('../profiles/importers') as ProfileImporters,
    ...fullCollection(),
  };
}

/**
 * V8's full collection, reached the way test runners do it (jest's leak
 * detector): the flag is turned on at run time and `gc` taken from a fresh
 * context, so no editor has to start node with --expose-gc.
 */
function fullCollection(): Pick<ServerHost, 'collectGarbage'> {
  try {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') return { collectGarbage: exposed };
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? { collectGarbage: gc as () => void } : {};
  } catch {
    return {};
  }
}

function main(argv: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h') || !argv.some((a) => TRANSPORTS.some((t) => a.startsWith(t)))) {
    const out = argv.includes('--help') || argv.includes('-h') ? process.stdout : process.stderr;
    out.write(
      `Usage: ${SERVER_NAME} --stdio | --node-ipc | --socket=<port> | --pipe=<name>\n` +
        'Language server for VMware .vmx files (CPUID masks). Start it from an editor\'s LSP client, e.g.\n' +
        `  Neovim: vim.lsp.start_client{ cmd = { '${SERVER_NAME}', '--stdio' } }\n`,
    );
    process.exitCode = out === process.stdout ? 0 : 2;
    return;
  }
  // Keep the process alive through any stray exception, and say what happened.
  process.on('uncaughtException', (err) => process.stderr.write(`${SERVER_NAME}: uncaught exception: ${err.stack ?? err.message}\n`));
  process.on('unhandledRejection', (err) => process.stderr.write(`${SERVER_NAME}: unhandled rejection: ${String(err)}\n`));
  startServer(createConnection(ProposedFeatures.all), nodeHost());
}

main(process.argv.slice(2));
