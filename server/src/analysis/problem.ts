/**
 * What every rule reports: a problem with a stable code, an exact range, and
 * the fixes that would remove it. Features turn problems into LSP
 * diagnostics and code actions, the CLI into text, JSON or SARIF.
 */
import type { Range } from 'vscode-languageserver-types';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEditSpec {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEditSpec[];
  /** The fix an editor may apply on "auto fix". */
  readonly isPreferred?: boolean;
  /** Safe fixes do not change what the guest sees (typography, separators, spelling). */
  readonly safe?: boolean;
}

export interface RelatedLocation {
  readonly range: Range;
  readonly message: string;
}

export interface Problem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
  /**
   * The fixes are computed only when read (they are costly: the compatibility
   * engine's), and none of them is safe: fix-all need not read them.
   */
  readonly fixesOnDemand?: true;
}

/** The shared empty list of problems (most lines have none: no list is allocated for them). */
export const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

/**
 * A problem whose fixes are computed on first read — by code actions, not by diagnostics.
 * `make` may give `undefined` for a fix that turned out impossible (it is left out).
 */
export function withFixesOnDemand(problem: Omit<Problem, 'fixes' | 'fixesOnDemand'>, make: () => readonly (Fix | undefined)[]): Problem {
  let fixes: readonly Fix[] | undefined;
  return Object.defineProperty({ ...problem, fixesOnDemand: true as const }, 'fixes', {
    enumerable: true,
    get: () => (fixes ??= make().filter((f): f is Fix => f !== undefined)),
  }) as Problem;
}
