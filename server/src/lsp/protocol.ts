/**
 * The custom requests between the VS Code client (client/src) and the
 * language server: method names, parameters and results, as plain JSON.
 *
 * This module is imported by the client bundles, so it must stay free of
 * runtime dependencies: constants and types only (`import type` is erased).
 * Importing anything else here would pull the analysis core into the
 * client bundles (dist/client.js, dist/browser/client.js); the client build
 * (scripts/build.mjs) fails if client/src reaches any other server module.
 *
 * The handlers of the requests below live in `clientRequests.ts`, except
 * `vmxCpuid/configuration`, `vmxCpuid/compatibilityMatrix`, `vmxCpuid/maskGrid`
 * and `vmxCpuid/explainChanges`, which `server.ts` wires itself.
 */
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { MaskGrid } from '../features/maskGrid';
import type { ProfileJson } from '../profiles/profile';
import type { ExplainChangesParams } from '../review/explainChanges';

/** Parameters of the requests about one open document. */
export interface DocumentParams {
  /** The document's URI as the client synchronises it (`Uri.toString()`). */
  readonly uri: string;
}

// --- wired in server.ts ----------------------------------------------------

/** The source, targets and EVC mode of a document (the hosts status bar). */
export const CONFIGURATION_REQUEST = 'vmxCpuid/configuration';
export interface ConfigurationInfo {
  readonly source?: string;
  readonly targets: readonly string[];
  readonly evc: boolean;
  /** Why a configured profile could not be used (`where: message`). */
  readonly problems: readonly string[];
}

/** The compatibility matrix of a document as Markdown; null without source and targets. */
export const COMPATIBILITY_MATRIX_REQUEST = 'vmxCpuid/compatibilityMatrix';

/** The Mask Grid model of a document; null when the server does not have it open. */
export const MASK_GRID_REQUEST = 'vmxCpuid/maskGrid';
export type { MaskGrid };

/**
 * "Explain Mask Changes Against HEAD": the old text against the server's model
 * of the open document, as Markdown; null when the server does not have it open.
 * Parameters: the open document's `uri`, its text at the old revision
 * (`oldText`, '' when it did not exist) and the two labels of the report
 * (the type is the core's, `review/explainChanges.ts`).
 */
export const EXPLAIN_CHANGES_REQUEST = 'vmxCpuid/explainChanges';
export type { ExplainChangesParams };

// --- clientRequests.ts -----------------------------------------------------

/** The built-in host profiles, in the order of the quick pick (Intel then AMD, oldest first). */
export const BUILTIN_PROFILES_REQUEST = 'vmxCpuid/builtinProfiles';
export interface BuiltinProfileInfo {
  readonly name: string;
  readonly title: string;
}

/**
 * The edit that cycles one flag of a mask (`-` → `0` → `1` → `H` → `-`),
 * computed on the server's model of the document.
 */
export const CYCLE_FLAG_REQUEST = 'vmxCpuid/cycleFlag';
export interface CycleFlagParams extends DocumentParams {
  /** 0-based line of the mask. */
  readonly line: number;
  /** Bit 0…31 (bit 31 is the first flag written). */
  readonly bit: number;
}
/**
 * `edit` is absent when that line is not a complete mask. `version` is the
 * document version the answer was computed on: the client applies the edit
 * only to that version. Null when the server does not have the document open.
 */
export type CycleFlagResult = { readonly version: number; readonly edit?: TextEdit } | null;

/** The `.encoding` declaration of a document (the first, if repeated). */
export const ENCODING_DECLARATION_REQUEST = 'vmxCpuid/encodingDeclaration';
/** `declaration` is absent when the document declares no encoding; null when the server does not have it open. */
export type EncodingDeclarationResult = {
  readonly version: number;
  readonly declaration?: { readonly value: string; readonly range: Range };
} | null;

/** "Decode vMotion Error…": a pasted vMotion / power-on error explained as Markdown. */
export const DECODE_ERROR_REQUEST = 'vmxCpuid/decodeError';
export interface DecodeErrorParams {
  readonly text: string;
}
export interface DecodeErrorResult {
  /** Whether anything in the text was recognised as a CPU compatibility error. */
  readonly recognised: boolean;
  readonly markdown: string;
}

/** "Import Host Profile…": a CPUID dump (any supported format, detected) → profile JSON. */
export const IMPORT_PROFILE_REQUEST = 'vmxCpuid/importProfile';
export interface ImportProfileParams {
  /** The dump's text. */
  readonly text: string;
  /** Profile name instead of the one derived from the dump. */
  readonly name?: string;
}

/**
 * "Use the Recorded Host as Source": the `hostCPUID.*` records of a .vmx →
 * profile JSON. Taken from the server's model of the open document; `text`
 * is used only when the server does not have the document open (a file in
 * another language mode).
 */
export const RECORDED_HOST_PROFILE_REQUEST = 'vmxCpuid/recordedHostProfile';
export interface RecordedHostProfileParams extends DocumentParams {
  readonly text?: string;
}

/** Result of both import requests: the profile, or why the input cannot be imported (in words, for the user). */
export type ImportProfileResult =
  | { readonly profile: ProfileJson; readonly notes: readonly string[] }
  | { readonly error: string };
