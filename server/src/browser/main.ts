/**
 * Web-worker entry of the language server (vscode.dev, github.dev, any VS Code
 * for the Web): the same `startServer` as the node main, over the worker's
 * message port. There is no file system here, so configuration comes from the
 * settings alone (`vmxCpuid.source` / `targets` / `evc`) and only the built-in
 * EVC baselines can be named; `.vmx-cpuid.json` and profile files are not read.
 * The host gives no profile importers, so the bundle leaves them out and the
 * import requests answer that importing is not available in the browser.
 * Bundled to `dist/browser/server.js` by `scripts/build-web.mjs`.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { ServerHost, ServerSettings, startServer } from '../lsp/server';
import { resolveConfig } from '../config/config';
import { builtinProfileJson } from '../profiles/builtins';

/** Says why a profile reference cannot be used here (shown in the status bar tooltip). */
export const BROWSER_PROFILE_MESSAGE =
  'profile files cannot be read in the browser: use a built-in host profile (e.g. intel-haswell), or the desktop VS Code for profile files';

export function browserHost(): ServerHost {
  return {
    configFor(_uri: string, settings: ServerSettings) {
      const overrides = {
        ...(settings.source !== undefined ? { source: settings.source } : {}),
        ...(settings.targets !== undefined ? { targets: settings.targets } : {}),
        ...(settings.evc !== undefined ? { evc: settings.evc } : {}),
      };
      return resolveConfig(
        overrides,
        (ref) => {
          const json = builtinProfileJson(ref);
          if (!json) throw new Error(BROWSER_PROFILE_MESSAGE);
          return json;
        },
        'settings',
      );
    },
  };
}

// The worker's global scope is the message port (typed by vscode-jsonrpc's browser API).
type Port = ConstructorParameters<typeof BrowserMessageReader>[0];
const port = globalThis as unknown as Port;
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(port), new BrowserMessageWriter(port));
startServer(connection, browserHost());
