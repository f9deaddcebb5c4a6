/** The three output formats of `vmx-cpuid check`. */
import type { Severity } from '../../server/src/analysis/problem';
import type { FileReport } from './checkFile';
import type { InputProblem } from './files';

export type Format = 'text' | 'json' | 'sarif';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];

/** `path:line:col: severity code: message`, 1-based like compilers. */
export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of reports) {
    for (const p of r.problems) {
      counts[p.severity]++;
      lines.push(`${r.path}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code}: ${p.message}`);
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(reports.length, 'file')} checked: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information, ${plural(counts.hint, 'hint')}`,
  );
  return lines.join('\n') + '\n';
}

/** Documented in README: version 1, 0-based LSP positions. */
export function formatJson(reports: readonly FileReport[]): string {
  return (
    JSON.stringify({
      version: 1,
      files: reports.map((r) => ({
        path: r.path,
        diagnostics: r.problems.map((p) => ({ range: p.range, severity: p.severity, code: p.code, message: p.message })),
      })),
    }) + '\n'
  );
}

/** SARIF 2.1.0 lives in sarif.ts. */
export { formatSarif } from './sarif';

export function formatInputProblem(p: InputProblem): string {
  return `vmx-cpuid: cannot read ${p.path}: ${p.message}`;
}
