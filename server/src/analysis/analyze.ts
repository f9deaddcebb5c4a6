/**
 * Runs every rule over a parsed document. Rules are pure functions of the
 * parsed model; this module decides their order and applies the user's
 * severity overrides (a rule configured "off" reports nothing).
 */
import type { VmxDocument } from '../parser/vmxDocument';
import type { CpuidView } from '../model/cpuidView';
import { maskProblems } from './rules/masks';
import type { ResolvedConfig } from '../config/config';
import { compatibilityProblems } from '../compat/engine';
import type { Problem, Severity } from './problem';
import { syntaxProblems } from './rules/syntax';
import { duplicateKeyProblems } from './rules/duplicates';
import { typographyProblems } from './rules/typography';
import { encodingDeclarationProblems } from './rules/encodingDeclaration';

export type RuleSetting = Severity | 'off';

export interface AnalysisOptions {
  /** Severity overrides by diagnostic code. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** Source and target hosts for the compatibility engine (none: only host-free checks). */
  readonly config?: ResolvedConfig;
}

/** What rules read: the parsed lines and the CPUID view built from them. */
export interface AnalysisInput {
  readonly vmx: VmxDocument;
  readonly cpuid: CpuidView;
}

type Rule = (input: AnalysisInput, options: AnalysisOptions, isOff: (code: string) => boolean) => Problem[];

const RULES: readonly Rule[] = [
  ({ vmx }) => syntaxProblems(vmx),
  ({ vmx }) => duplicateKeyProblems(vmx),
  ({ vmx }) => typographyProblems(vmx),
  ({ vmx }) => encodingDeclarationProblems(vmx),
  ({ vmx, cpuid }) => maskProblems({ vmx, cpuid }),
  ({ vmx }, options) =>
    (options.config?.problems ?? []).map((p) => ({
      code: 'config-problem',
      severity: p.severity ?? ('error' as const),
      message: `Configuration ${p.where}: ${p.message}`,
      range: vmx.entries[0]?.keyRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    })),
  (input, options, isOff) =>
    compatibilityProblems(input, options.config ?? { targets: [], evc: false, rules: {}, problems: [] }, { isOff }),
];

export function analyze(doc: AnalysisInput, options: AnalysisOptions = {}): Problem[] {
  const overrides = { ...(options.config?.rules ?? {}), ...(options.rules ?? {}) };
  const isOff = (code: string) => overrides[code] === 'off';
  const out: Problem[] = [];
  for (const rule of RULES) {
    for (const problem of rule(doc, options, isOff)) {
      const setting = overrides[problem.code];
      if (setting === 'off') continue;
      out.push(setting ? { ...problem, severity: setting } : problem);
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}
