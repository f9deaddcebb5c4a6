/** Problems as LSP diagnostics. */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import type { Problem, Severity } from '../analysis/problem';
import { memoByObject } from '../util/memo';

export const DIAGNOSTIC_SOURCE = 'vmx-cpuid';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  return SEVERITY[severity];
}

/**
 * At most this many diagnostics per document: a generated or corrupted file can have tens of
 * thousands, which an editor cannot list usefully and which cost time on every keystroke.
 */
export const MAX_DIAGNOSTICS = 1000;

/** The problems shown: all, or the first MAX_DIAGNOSTICS by severity then position, in position order. */
function shownProblems(problems: readonly Problem[]): readonly Problem[] {
  if (problems.length <= MAX_DIAGNOSTICS) return problems;
  // Stable sort of positions (the problems come sorted by position): errors first (LSP severities
  // are ranked Error = 1 … Hint = 4), each by position.
  const kept = new Set([...problems].sort((a, b) => SEVERITY[a.severity] - SEVERITY[b.severity]).slice(0, MAX_DIAGNOSTICS));
  return problems.filter((p) => kept.has(p));
}

/** A problem shown in the editor, with its diagnostic. */
export interface ShownProblem {
  readonly problem: Problem;
  readonly diagnostic: Diagnostic;
}

export interface DocumentDiagnostics {
  /** The problems shown, in position order, each with its diagnostic. */
  readonly shown: readonly ShownProblem[];
  /** The note saying how many were left out, when some were. */
  readonly note?: Diagnostic;
}

/** The diagnostics of a model, computed once per model (diagnostics and code actions share them). */
export const documentDiagnostics: (model: DocumentModel) => DocumentDiagnostics = memoByObject((model: DocumentModel): DocumentDiagnostics => {
  const all = model.problems;
  const shown = shownProblems(all).map((problem) => ({ problem, diagnostic: toDiagnostic(model.uri, problem) }));
  return shown.length < all.length
      ? {
          shown,
          note: {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            severity: DiagnosticSeverity.Information,
            code: 'problems-capped',
            source: DIAGNOSTIC_SOURCE,
            message: `Only ${count(shown.length)} of the ${count(all.length)} problems of this file are shown (errors first). Run vmx-cpuid check on the file to list them all.`,
          },
        }
    : { shown };
});

export function computeDiagnostics(model: DocumentModel): Diagnostic[] {
  const { shown, note } = documentDiagnostics(model);
  const diagnostics = shown.map((s) => s.diagnostic);
  return note ? [note, ...diagnostics] : diagnostics;
}

function toDiagnostic(uri: string, p: Problem): Diagnostic {
  const d: Diagnostic = {
    range: p.range,
    severity: SEVERITY[p.severity],
    code: p.code,
    source: DIAGNOSTIC_SOURCE,
    message: p.message,
  };
  if (p.related && p.related.length > 0) {
    d.relatedInformation = p.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  }
  return d;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
