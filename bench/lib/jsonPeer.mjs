// The peer for the analysis benchmark: vscode-json-languageservice parsing and
// validating (JSON Schema) the JSONC document equivalent to a generated .vmx.
//
// Resolved from the project's node_modules first (where it belongs, as a
// devDependency); otherwise from $VMX_BENCH_DEPS or /tmp/benchdeps
// (`npm install --prefix /tmp/benchdeps vscode-json-languageservice`).
import { createRequire } from 'node:module';
import * as path from 'node:path';

export const JSON_LS_PACKAGE = 'vscode-json-languageservice';
export const JSON_LS_VERSION = '5.7.2';

/** { ls: module, from: 'project' | dir } or { error: message }. */
export function loadJsonLanguageService(projectRoot) {
  const candidates = [
    ['project', path.join(projectRoot, 'package.json')],
    ...[process.env.VMX_BENCH_DEPS, '/tmp/benchdeps'].filter(Boolean).map((d) => [d, path.join(d, 'package.json')]),
  ];
  for (const [from, anchor] of candidates) {
    try {
      const req = createRequire(anchor);
      const resolved = req.resolve(JSON_LS_PACKAGE);
      const version = (() => {
        try {
          return req(`${JSON_LS_PACKAGE}/package.json`).version;
        } catch {
          return '?';
        }
      })();
      return { ls: req(resolved), from, version };
    } catch {
      // next candidate
    }
  }
  return {
    error:
      `${JSON_LS_PACKAGE} is not installed: the JSON peer comparison is skipped. ` +
      `Add it as a devDependency ("${JSON_LS_PACKAGE}": "${JSON_LS_VERSION}"), or for a one-off run: ` +
      `npm install --prefix /tmp/benchdeps ${JSON_LS_PACKAGE}@${JSON_LS_VERSION}`,
  };
}

/** A validator for one schema: (uri, text) => Promise<diagnostics>. Full work per call: document, parse, validate. */
export function jsonValidator(mod, schema) {
  const service = mod.getLanguageService({});
  service.configure({ validate: true, allowComments: true, schemas: [{ uri: 'bench://vmx-equivalent.schema.json', fileMatch: ['*.json', '*.jsonc'], schema }] });
  let version = 0;
  return async (uri, text) => {
    const doc = mod.TextDocument.create(uri, 'jsonc', ++version, text);
    const parsed = service.parseJSONDocument(doc);
    return service.doValidation(doc, parsed, { comments: 'ignore', trailingCommas: 'error' });
  };
}
