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
}
