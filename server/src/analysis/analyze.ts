/**
 * Runs every rule over a parsed document. Rules are pure functions of the
 * parsed model; this module decides their order and applies the user's
 * severity overrides (a rule configured "off" reports nothing).
 */
import type { VmxDocument } from '../parser/vmxDocument';
import type { Problem, Severity } from './problem';
import { syntaxProblems } from './rules/syntax';
import { duplicateKeyProblems } from './rules/duplicates';
import { typographyProblems } from './rules/typography';
import { encodingDeclarationProblems } from './rules/encodingDeclaration';

export type RuleSetting = Severity | 'off';

export interface AnalysisOptions {
  /** Severity overrides by diagnostic code. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

type Rule = (doc: VmxDocument) => Problem[];

const RULES: readonly Rule[] = [syntaxProblems, duplicateKeyProblems, typographyProblems, encodingDeclarationProblems];

export function analyze(doc: VmxDocument, options: AnalysisOptions = {}): Problem[] {
  const overrides = options.rules ?? {};
  const out: Problem[] = [];
  for (const rule of RULES) {
    for (const problem of rule(doc)) {
      const setting = overrides[problem.code];
      if (setting === 'off') continue;
      out.push(setting ? { ...problem, severity: setting } : problem);
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}
