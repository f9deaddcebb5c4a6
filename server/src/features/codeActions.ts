/**
 * Quick fixes: the fixes that rules attached to their problems, offered for
 * the problems that touch the requested range, plus a "fix all safe
 * problems" source action.
 */
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import type { Problem, TextEditSpec } from '../analysis/problem';
import { documentDiagnostics } from './diagnostics';
import { computeConversions } from './convertMasks';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.vmx-cpuid`;

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function intersects(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Strict overlap: edits that only touch at an end point can both apply. */
function overlaps(a: Range, b: Range): boolean {
  return before(a.start, b.end) && before(b.start, a.end);
}

function toEdits(edits: readonly TextEditSpec[]): TextEdit[] {
  return edits.map((e) => TextEdit.replace(e.range, e.newText));
}

export function computeCodeActions(model: DocumentModel, range: Range, only?: readonly string[]): CodeAction[] {
  const wants = (kind: string) => !only || only.length === 0 || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    // Quick fixes of the problems shown (a capped file's others have no diagnostic to attach to).
    for (const { problem, diagnostic } of documentDiagnostics(model).shown) {
      if (!intersects(problem.range, range) || !problem.fixes) continue;
      for (const fix of problem.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.isPreferred ?? false,
          edit: { changes: { [model.uri]: toEdits(fix.edits) } },
        });
      }
    }
  }
  if (wants(CodeActionKind.RefactorRewrite)) actions.push(...computeConversions(model, range));
  if (wants(FIX_ALL_KIND)) {
    const fixAll = fixAllSafe(model);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Every safe fix whose edits do not overlap an earlier one, as one action. */
export function fixAllSafe(model: DocumentModel): CodeAction | undefined {
  const edits = collectSafeEdits(model.problems);
  if (edits.length === 0) return undefined;
  return {
    title: 'Fix all safe VMX problems (quotes, dashes)',
    kind: FIX_ALL_KIND,
    edit: { changes: { [model.uri]: toEdits(edits) } },
  };
}

export function collectSafeEdits(problems: readonly Problem[]): TextEditSpec[] {
  const taken: TextEditSpec[] = [];
  for (const p of problems) {
    if (p.fixesOnDemand) continue; // never safe, and costly to compute
    const fix = p.fixes?.find((f) => f.safe);
    if (!fix) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(t.range, e.range)))) continue;
    // Not push(...edits): a fix may hold a million edits (a 1 MB line of dashes), past the argument limit.
    for (const e of fix.edits) taken.push(e);
  }
  return taken;
}

export type { Diagnostic };
