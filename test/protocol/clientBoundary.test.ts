/**
 * The boundary between the VS Code client and the language server: the
 * client bundles no part of the analysis core (it reaches the server only
 * through the requests of server/src/lsp/protocol.ts, a module of constants
 * and types), and every client request handler runs inside the server's
 * `safely()` so that a failure is logged and answered with a clear error.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { repoPath } from '../support/repo';
import { registerClientRequests } from '../../server/src/lsp/clientRequests';
import * as protocol from '../../server/src/lsp/protocol';

const PROTOCOL = repoPath('server', 'src', 'lsp', 'protocol.ts');

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Import and export-from declarations that stay in the JavaScript (not `import type`, not all-type specifiers). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const allTypes = clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!allTypes) out.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) && !statement.isTypeOnly) {
      out.push(statement.moduleSpecifier.text);
    }
  }
  return out;
}

const resolve = (from: string, specifier: string) => path.resolve(path.dirname(from), specifier).replace(/\.ts$/, '') + '.ts';

describe('client ↔ server boundary', () => {
  test('client/src imports nothing from the server at run time but server/src/lsp/protocol.ts', () => {
    const offenders: string[] = [];
    for (const file of tsFiles(repoPath('client', 'src'))) {
      for (const s of runtimeImports(file)) {
        if (!s.startsWith('.')) continue;
        const target = resolve(file, s);
        if (target.startsWith(repoPath('server') + path.sep) && target !== PROTOCOL) offenders.push(`${path.relative(repoPath(), file)} imports ${s}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  test('server/src/lsp/protocol.ts is constants and types only (its imports are all type-only)', () => {
    assert.deepEqual(runtimeImports(PROTOCOL), []);
    const values = Object.entries(protocol);
    assert.ok(values.length >= 8, 'the request names are exported');
    for (const [name, value] of values) {
      assert.ok(name.endsWith('_REQUEST'), `${name}: only request names are values`);
      assert.match(value as string, /^vmxCpuid\/[a-zA-Z]+$/, name);
    }
  });

  test('a handler that throws is logged through safely() and answered with an InternalError saying what failed', () => {
    const handlers = new Map<string, (params: unknown) => unknown>();
    const connection = { onRequest: (method: string, handler: (params: unknown) => unknown) => void handlers.set(method, handler) } as unknown as Connection;
    const logged: string[] = [];
    registerClientRequests(connection, {
      modelFor: () => {
        throw new Error('model cache broken');
      },
      safely<R>(where: string, fallback: R, body: () => R): R {
        try {
          return body();
        } catch (err) {
          logged.push(`${where} failed: ${(err as Error).message}`);
          return fallback;
        }
      },
    });
    assert.deepEqual(
      [...handlers.keys()].sort(),
      [protocol.BUILTIN_PROFILES_REQUEST, protocol.CYCLE_FLAG_REQUEST, protocol.DECODE_ERROR_REQUEST, protocol.ENCODING_DECLARATION_REQUEST, protocol.IMPORT_PROFILE_REQUEST, protocol.RECORDED_HOST_PROFILE_REQUEST].sort(),
    );
    const answer = handlers.get(protocol.CYCLE_FLAG_REQUEST)!({ uri: 'file:///a.vmx', line: 0, bit: 0 });
    assert.ok(answer instanceof ResponseError);
    assert.equal(answer.code, ErrorCodes.InternalError);
    assert.match(answer.message, /^the flag could not be cycled \(the language server failed: details in the output "VMX CPUID"\)$/);
    assert.deepEqual(logged, ['vmxCpuid/cycleFlag failed: model cache broken']);

    // Bad parameters are the client's mistake: answered, not logged as a failure.
    const bad = handlers.get(protocol.DECODE_ERROR_REQUEST)!({});
    assert.ok(bad instanceof ResponseError && bad.code === ErrorCodes.InvalidParams);
    assert.equal(logged.length, 1);
  });
});
