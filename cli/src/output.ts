/** The three output formats of `vmx-cpuid check`. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIAGNOSTIC_CODES, codeInfo } from '../../server/src/analysis/codes';
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

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Minimal SARIF 2.1.0: one rule per code, results with 1-based regions. */
export function formatSarif(reports: readonly FileReport[], toolVersion: string): string {
  const used = new Set<string>();
  for (const r of reports) for (const p of r.problems) used.add(p.code);
  const ruleIds = Object.keys(DIAGNOSTIC_CODES).filter((c) => used.has(c));
  for (const code of used) if (!ruleIds.includes(code)) ruleIds.push(code);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vmx-cpuid',
            version: toolVersion,
            informationUri: 'https://github.com/vmx-cpuid/vmx-cpuid',
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: codeInfo(id)?.summary ?? id },
              defaultConfiguration: { level: SARIF_LEVEL[codeInfo(id)?.severity ?? 'warning'] },
            })),
          },
        },
        results: reports.flatMap((r) =>
          r.problems.map((p) => ({
            ruleId: p.code,
            ruleIndex: ruleIds.indexOf(p.code),
            level: SARIF_LEVEL[p.severity],
            message: { text: p.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: sarifUri(r.path) },
                  region: {
                    startLine: p.range.start.line + 1,
                    startColumn: p.range.start.character + 1,
                    endLine: p.range.end.line + 1,
                    endColumn: p.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/**
 * SARIF wants a valid URI reference: a file: URL for an absolute path, else a
 * relative reference with each segment percent-encoded (VMware names VMs
 * "Windows 10 x64.vmx": spaces must become %20).
 */
export function sarifUri(filePath: string): string {
  if (path.isAbsolute(filePath)) return pathToFileURL(filePath).href;
  return filePath.split(path.sep === '\\' ? /[\\/]/ : '/').map(encodeURIComponent).join('/');
}

export function formatInputProblem(p: InputProblem): string {
  return `vmx-cpuid: cannot read ${p.path}: ${p.message}`;
}
