/**
 * The registry of diagnostic codes: one place that says which codes exist,
 * their default severity and a one-line summary (used by docs, SARIF rules
 * and the `rules` configuration). Codes are stable: never rename one.
 */
import type { Severity } from './problem';

export interface CodeInfo {
  readonly severity: Severity;
  readonly summary: string;
}

export const DIAGNOSTIC_CODES = {
  'malformed-line': {
    severity: 'error',
    summary: 'A line that is neither a setting (name = "value") nor a comment; VMware keeps it but ignores it.',
  },
  'template-syntax': {
    severity: 'warning',
    summary: 'Template syntax (Jinja statements or {{ placeholders }}) that VMware cannot read until the template is rendered.',
  },
  'template-placeholder': {
    severity: 'information',
    summary: 'A value that is a template placeholder, filled in when the template is rendered.',
  },
  'duplicate-key': {
    severity: 'error',
    summary: 'A key set more than once; VMware refuses to start such a VM with a dictionary error.',
  },
  'typographic-quote': {
    severity: 'error',
    summary: 'A typographic quote (“ ” „ ″) where VMware needs the ASCII quote ".',
  },
  'typographic-dash': {
    severity: 'error',
    summary: 'A typographic dash (— – −) in a CPUID or featMask value where VMware needs the ASCII hyphen -.',
  },
  'unknown-encoding': {
    severity: 'warning',
    summary: 'The .encoding declaration names an encoding that is not known.',
  },
  'invalid-bytes': {
    severity: 'warning',
    summary: 'Bytes that are not valid in the declared encoding (CLI only: the editor decodes the file itself).',
  },
  'encoding-mismatch': {
    severity: 'warning',
    summary: 'The editor opened the file with another encoding than its .encoding declaration (VS Code only).',
  },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  return (DIAGNOSTIC_CODES as Record<string, CodeInfo>)[code];
}
