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
import { ImportError, importProfile } from '../profiles/importers';
import { importVmxHostRecords } from '../profiles/importers/vmxHost';
import { CpuidDump, registerProfile } from '../profiles/importers/registerDump';
import type { ImportResult } from '../profiles/importers/types';
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

/** What the handlers need from the server (server.ts passes its own). */
export interface ClientRequestContext {
  /** The cached model of an open document (parsed once per version), undefined for a document the server does not have. */
  modelFor(uri: string): DocumentModel | undefined;
  /** server.ts's wrapper: runs `body`; an exception is logged and `fallback` returned. */
  safely<R>(where: string, fallback: R, body: () => R): R;
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

/**
 * The `hostCPUID.*` records of a parsed document as a profile: what
 * `importVmxHostRecords` does with a text, from the model's CPUID view
 * instead of a second parse. (A protocol test keeps both equal.)
 */
function recordedHostProfile(model: DocumentModel): ImportResult {
  const dump = new CpuidDump();
  const others = { guest: 0, user: 0 };
  for (const rec of model.cpuid.records) {
    if (rec.kind !== 'host') {
      others[rec.kind]++;
      continue;
    }
    const line = rec.entry.line + 1;
    if (!rec.registers) {
      throw new ImportError(`${rec.entry.key}: value ${JSON.stringify(rec.entry.value)} is not 32 hex digits (EAX EBX ECX EDX)`, { format: 'vmx-host', line });
    }
    dump.add({ leaf: rec.leaf >>> 0, subleaf: rec.subleaf ?? 0, regs: rec.registers, line });
  }
  if (dump.size === 0) throw new ImportError('no hostCPUID.<leaf> = "<32 hex digits>" records found', { format: 'vmx-host' });
  if (others.guest + others.user > 0) {
    dump.notes.push(`ignored ${others.guest} guestCPUID and ${others.user} userCPUID record(s): they describe the virtual CPU, not the host`);
  }
  return registerProfile({ dump, format: 'vmx-host', formatTitle: '.vmx hostCPUID records', options: {} });
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
  const { modelFor, safely } = context;

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
    return imported(() => importProfile(text, name ? { name } : {}));
  });

  handle(RECORDED_HOST_PROFILE_REQUEST, 'the recorded host could not be read', (raw): ImportProfileResult => {
    const p = record(raw, RECORDED_HOST_PROFILE_REQUEST);
    const uri = stringParam(p, 'uri', RECORDED_HOST_PROFILE_REQUEST)!;
    const text = stringParam(p, 'text', RECORDED_HOST_PROFILE_REQUEST, true);
    const model = modelFor(uri);
    if (model) return imported(() => recordedHostProfile(model));
    if (text !== undefined) return imported(() => importVmxHostRecords(text, {}));
    return { error: `${uri} is not open in the language server (open it as a VMware VMX file)` };
  });
}
