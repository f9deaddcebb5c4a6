/**
 * The server side of the VS Code client's commands (client/src): the work the
 * client used to do with the analysis core in its own bundle — cycling a Mask
 * Grid flag, finding the `.encoding` declaration, decoding a vMotion error,
 * importing a host profile, listing the built-in profiles — answered as
 * plain JSON (method names and types: `protocol.ts`).
 *
 * Requests about a document take the model from the server's cache (parsed
 * once per version); none parses the document again. Every handler runs
 * inside the server's `safely()`: an unexpected exception is logged to the
 * output channel and answered with an error response whose message tells the
 * user what failed, never a crash. Bad parameters are answered with an
 * InvalidParams error response naming the parameter.
 */
import { Connection, ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { DocumentModel } from '../analysis/documentModel';
import { cycleFlagEdit } from '../features/maskGrid';
import { BUILTIN_PROFILE_NAMES, builtinProfileJson } from '../profiles/builtins';
import type * as Importers from '../profiles/importers';
import { ImportError, ImportResult } from '../profiles/importers/types';
import { decodeVmotionError } from '../review/decodeError';
import { decodeResultMarkdown } from '../review/decodeErrorRender';
import {
  BUILTIN_PROFILES_REQUEST,
  BuiltinProfileInfo,
  CYCLE_FLAG_REQUEST,
  CycleFlagResult,
  DECODE_ERROR_REQUEST,
  DecodeErrorResult,
  ENCODING_DECLARATION_REQUEST,
  EncodingDeclarationResult,
  IMPORT_PROFILE_REQUEST,
  ImportProfileResult,
  RECORDED_HOST_PROFILE_REQUEST,
} from './protocol';

/**
 * What the import requests use of `profiles/importers`. The server gets them
 * from its host (`ServerHost.importers`), so that a bundle without them (the
 * browser's) answers those requests with NO_IMPORTERS_MESSAGE.
 */
export type ProfileImporters = Pick<typeof Importers, 'importProfile' | 'importVmxHostRecords' | 'importHostCpuidRecords'>;

/** The answer of the import requests in a server without importers (the browser's). */
export const NO_IMPORTERS_MESSAGE =
  'importing host profiles is not available in the browser (VS Code for the Web): use the desktop VS Code, or `vmx-cpuid profile import` on the command line';

/** What the handlers need from the server (server.ts passes its own). */
export interface ClientRequestContext {
  /** The cached model of an open document (parsed once per version), undefined for a document the server does not have. */
  modelFor(uri: string): DocumentModel | undefined;
  /** server.ts's wrapper: runs `body`; an exception is logged and `fallback` returned. */
  safely<R>(where: string, fallback: R, body: () => R): R;
  /** The importers (`ServerHost.importers`), loaded on the first import request; absent in the browser. */
  readonly importers?: () => ProfileImporters;
}

/** Thrown by the parameter checks, answered as InvalidParams (not logged: the client sent it). */
class BadParams extends Error {}

function record(params: unknown, method: string): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new BadParams(`${method}: the parameters must be an object`);
  return params as Record<string, unknown>;
}

function stringParam(p: Record<string, unknown>, name: string, method: string, optional = false): string | undefined {
  const value = p[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') throw new BadParams(`${method}: "${name}" must be a string${optional ? ' when given' : ''}`);
  return value;
}

function intParam(p: Record<string, unknown>, name: string, method: string): number {
  const value = p[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new BadParams(`${method}: "${name}" must be an integer ≥ 0`);
  return value;
}

/** An importer's answer: its ImportError (bad input) becomes a message for the user; anything else is a failure. */
function imported(run: () => ImportResult): ImportProfileResult {
  try {
    const { profile, notes } = run();
    return { profile, notes };
  } catch (err) {
    if (err instanceof ImportError) return { error: err.message };
    throw err;
  }
}

/** Registers the requests of protocol.ts that client/src sends. */
export function registerClientRequests(connection: Connection, context: ClientRequestContext): void {
  const { modelFor, safely, importers } = context;

  /**
   * A handler inside `safely()`. Bad parameters → InvalidParams with the reason;
   * an unexpected exception → logged, and an InternalError saying what failed.
   */
  function handle(method: string, failure: string, body: (params: unknown) => unknown): void {
    const failed = new ResponseError<void>(ErrorCodes.InternalError, `${failure} (the language server failed: details in the output "VMX CPUID")`);
    connection.onRequest(method, (params: unknown): unknown =>
      safely<unknown>(method, failed, () => {
        try {
          return body(params);
        } catch (err) {
          if (err instanceof BadParams) return new ResponseError<void>(ErrorCodes.InvalidParams, err.message);
          throw err;
        }
      }),
    );
  }

  handle(BUILTIN_PROFILES_REQUEST, 'the built-in host profiles could not be listed', (): BuiltinProfileInfo[] =>
    BUILTIN_PROFILE_NAMES.map((name) => ({ name, title: builtinProfileJson(name)?.title ?? '' })),
  );

  handle(CYCLE_FLAG_REQUEST, 'the flag could not be cycled', (raw): CycleFlagResult => {
    const p = record(raw, CYCLE_FLAG_REQUEST);
    const uri = stringParam(p, 'uri', CYCLE_FLAG_REQUEST)!;
    const line = intParam(p, 'line', CYCLE_FLAG_REQUEST);
    const bit = intParam(p, 'bit', CYCLE_FLAG_REQUEST);
    const model = modelFor(uri);
    if (!model) return null;
    const edit = cycleFlagEdit(model, line, bit);
    return { version: model.version, ...(edit ? { edit } : {}) };
  });

  handle(ENCODING_DECLARATION_REQUEST, 'the .encoding declaration could not be read', (raw): EncodingDeclarationResult => {
    const uri = stringParam(record(raw, ENCODING_DECLARATION_REQUEST), 'uri', ENCODING_DECLARATION_REQUEST)!;
    const model = modelFor(uri);
    if (!model) return null;
    const entry = model.vmx.encodingDeclaration;
    return { version: model.version, ...(entry ? { declaration: { value: entry.value, range: entry.valueRange } } : {}) };
  });

  handle(DECODE_ERROR_REQUEST, 'the error text could not be decoded', (raw): DecodeErrorResult => {
    const text = stringParam(record(raw, DECODE_ERROR_REQUEST), 'text', DECODE_ERROR_REQUEST)!;
    const result = decodeVmotionError(text);
    return { recognised: result.recognised, markdown: decodeResultMarkdown(result) };
  });

  handle(IMPORT_PROFILE_REQUEST, 'the host profile could not be imported', (raw): ImportProfileResult => {
    const p = record(raw, IMPORT_PROFILE_REQUEST);
    const text = stringParam(p, 'text', IMPORT_PROFILE_REQUEST)!;
    const name = stringParam(p, 'name', IMPORT_PROFILE_REQUEST, true);
    if (!importers) return { error: NO_IMPORTERS_MESSAGE };
    return imported(() => importers().importProfile(text, name ? { name } : {}));
  });

  handle(RECORDED_HOST_PROFILE_REQUEST, 'the recorded host could not be read', (raw): ImportProfileResult => {
    const p = record(raw, RECORDED_HOST_PROFILE_REQUEST);
    const uri = stringParam(p, 'uri', RECORDED_HOST_PROFILE_REQUEST)!;
    const text = stringParam(p, 'text', RECORDED_HOST_PROFILE_REQUEST, true);
    if (!importers) return { error: NO_IMPORTERS_MESSAGE };
    // The records of the server's model (no second parse); the text only for a document the server does not have.
    const model = modelFor(uri);
    if (model) return imported(() => importers().importHostCpuidRecords(model.cpuid.records, {}));
    if (text !== undefined) return imported(() => importers().importVmxHostRecords(text, {}));
    return { error: `${uri} is not open in the language server (open it as a VMware VMX file)` };
  });
}
