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
  'problems-capped': {
    severity: 'information',
    summary: 'The editor shows only the first problems of a very large file (errors first); the CLI lists them all.',
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
  'mask-key-spelling': {
    severity: 'warning',
    summary: 'A CPUID mask key not spelled as VMware writes it (lower-case hex leaf, no 0x, no zero padding, lower-case register).',
  },
  'mask-key-invalid': {
    severity: 'error',
    summary: 'A cpuid.* key that looks like a register mask but that VMware cannot read as one.',
  },
  'mask-register-twice': {
    severity: 'warning',
    summary: 'One register masked under two spellings (cpuid.1.ecx and cpuid.1.0.ecx).',
  },
  'mask-length': {
    severity: 'error',
    summary: 'A mask value that is not exactly 32 flags (or empty).',
  },
  'mask-invalid-flag': {
    severity: 'error',
    summary: 'A character in a mask value that is not a flag of the legend.',
  },
  'mask-requirement-flag': {
    severity: 'warning',
    summary: 'A vCenter requirement character (R, x, X, T, F) in a .vmx mask, where its effect is not documented.',
  },
  'mask-format': {
    severity: 'hint',
    summary: 'A mask not written as eight colon-separated groups of four flags.',
  },
  'featmask-value': {
    severity: 'error',
    summary: 'A featMask value that is not "Val:n", "Min:n" or "Max:n".',
  },
  'featmask-unknown-name': {
    severity: 'warning',
    summary: 'A featMask feature name that is not in VMware\'s feature vocabulary.',
  },
  'featurecompat-enable': {
    severity: 'warning',
    summary: 'featureCompat.enable on virtual hardware 9 or later, where VMware rejects it.',
  },
  'config-problem': {
    severity: 'error',
    summary: 'The configuration (.vmx-cpuid.json or vmxCpuid.* settings) names a profile that cannot be loaded, or has a wrong field.',
  },
  'mask-featmask-conflict': {
    severity: 'warning',
    summary: 'A featMask line and a cpuid mask ask for different values of the same feature bit.',
  },
  'power-on-forced-missing': {
    severity: 'error',
    summary: 'A feature forced to 1 that the source host lacks: the guest may fault when it uses it.',
  },
  'power-on-requirement': {
    severity: 'error',
    summary: 'A T/F requirement (or featMask Min) that the source host does not meet: the VM does not power on.',
  },
  'vmotion-target-lacks': {
    severity: 'error',
    summary: 'The guest sees a feature that a target host lacks: the VM cannot move there.',
  },
  'vmotion-must-match': {
    severity: 'error',
    summary: 'An H or R bit whose value differs between source and target: vMotion requires them equal.',
  },
  'vmotion-no-evc-mismatch': {
    severity: 'error',
    summary: 'Without EVC, a user-level feature that source and target do not both have (or both lack).',
  },
  'vmotion-vendor-mismatch': {
    severity: 'error',
    summary: 'Source and target hosts of different CPU vendors: vMotion is impossible whatever the masks.',
  },
  'vmotion-requirement': {
    severity: 'error',
    summary: 'A T/F requirement that a target host does not meet.',
  },
  'dependency-missing': {
    severity: 'warning',
    summary: 'The guest sees a feature but not one it depends on (AVX2 without AVX is a power-on error).',
  },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  return (DIAGNOSTIC_CODES as Record<string, CodeInfo>)[code];
}
