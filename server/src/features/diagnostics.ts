/** Problems as LSP diagnostics. */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import type { Severity } from '../analysis/problem';

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

export function computeDiagnostics(model: DocumentModel): Diagnostic[] {
  return model.problems.map((p) => {
    const d: Diagnostic = {
      range: p.range,
      severity: SEVERITY[p.severity],
      code: p.code,
      source: DIAGNOSTIC_SOURCE,
      message: p.message,
    };
    if (p.related && p.related.length > 0) {
      d.relatedInformation = p.related.map((r) => ({ location: { uri: model.uri, range: r.range }, message: r.message }));
    }
    return d;
  });
}
