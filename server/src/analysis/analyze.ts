/**
 * Runs every rule over a parsed document. Rules are pure functions of the
 * parsed model; this module decides their order and applies the user's
 * severity overrides (a rule configured "off" reports nothing).
 *
 * Line rules look at one line alone: their problems are kept per line, and
 * a version parsed from the previous one (same line count, `changedLines`)
 * takes over the previous version's for every line outside the edit, so
 * after a typing edit they run on the edited lines only. Document rules see
 * the whole document and run every time.
 */
import type { VmxDocument, VmxLine } from '../parser/vmxDocument';
import type { CpuidView } from '../model/cpuidView';
import { maskProblems } from './rules/masks';
import type { ResolvedConfig } from '../config/config';
import { compatibilityProblems } from '../compat/engine';
import { NO_PROBLEMS, type Problem, type Severity } from './problem';
import { syntaxLineProblems } from './rules/syntax';
import { duplicateKeyProblems } from './rules/duplicates';
import { typographyLineProblems } from './rules/typography';
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

/** The line rules' problems of one version, by line index (for the next version to take over). */
export type LineProblems = readonly (readonly Problem[])[];

type Rule = (input: AnalysisInput, options: AnalysisOptions, isOff: (code: string) => boolean) => Problem[];

type LineRule = (line: VmxLine) => readonly Problem[];

const LINE_RULES: readonly LineRule[] = [syntaxLineProblems, typographyLineProblems];

function problemsOfLine(line: VmxLine): readonly Problem[] {
  let found: Problem[] | undefined;
  for (const rule of LINE_RULES) for (const p of rule(line)) (found ??= []).push(p);
  return found ?? NO_PROBLEMS;
}

/** Every line's line-rule problems; with the previous version's, only the changed lines are checked. */
export function lineProblemsOf(vmx: VmxDocument, previous?: LineProblems): LineProblems {
  const changed = vmx.changedLines;
  if (previous && changed && previous.length === vmx.lines.length) {
    const table = previous.slice();
    for (let i = changed.first; i <= changed.last; i++) table[i] = problemsOfLine(vmx.lines[i]!);
    return table;
  }
  return vmx.lines.map(problemsOfLine);
}

const DOCUMENT_RULES: readonly Rule[] = [
  ({ vmx }) => duplicateKeyProblems(vmx),
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

/** All problems, sorted by position; `lineProblems` are the line rules' results when already known. */
export function analyze(doc: AnalysisInput, options: AnalysisOptions = {}, lineProblems: LineProblems = lineProblemsOf(doc.vmx)): Problem[] {
  const overrides = { ...(options.config?.rules ?? {}), ...(options.rules ?? {}) };
  const isOff = (code: string) => overrides[code] === 'off';
  const out: Problem[] = [];
  const add = (problem: Problem) => {
    const setting = overrides[problem.code];
    if (setting === 'off') return;
    out.push(setting ? { ...problem, severity: setting } : problem);
  };
  for (const problems of lineProblems) for (const problem of problems) add(problem);
  for (const rule of DOCUMENT_RULES) for (const problem of rule(doc, options, isOff)) add(problem);
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}
