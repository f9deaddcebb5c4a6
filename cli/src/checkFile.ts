/**
 * Checks one file the way the language server does (same parser, same
 * rules), plus what only the CLI can see: bytes invalid in the declared
 * encoding.
 */
import { DocumentModel } from '../../server/src/analysis/documentModel';
import type { AnalysisOptions } from '../../server/src/analysis/analyze';
import type { Problem } from '../../server/src/analysis/problem';
import { decodeVmxBytes } from '../../server/src/parser/encoding';
import { lineRange } from '../../server/src/parser/vmxDocument';

export interface FileReport {
  readonly path: string;
  readonly encoding: string;
  readonly problems: readonly Problem[];
}

export function checkBytes(path: string, bytes: Uint8Array, options: AnalysisOptions = {}): FileReport {
  const decoded = decodeVmxBytes(bytes);
  const model = new DocumentModel(path, 0, decoded.text, options);
  const problems: Problem[] = [...model.problems];
  if (options.rules?.['invalid-bytes'] !== 'off') {
    for (const at of decoded.invalid) {
      problems.push({
        code: 'invalid-bytes',
        severity: options.rules?.['invalid-bytes'] ?? 'warning',
        message: `Bytes that are not valid ${decoded.encoding} here (shown as \uFFFD)${decoded.declared ? ` — the file declares .encoding = "${decoded.declared}"` : ' — the file has no .encoding declaration, so it was read as UTF-8'}`,
        range: lineRange(at.line, at.character, at.character + 1),
      });
    }
  }
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { path, encoding: decoded.encoding, problems };
}
