/** Inlay hints after each mask value: the features it changes (`−AVX −F16C  host:VMX`). */
import { InlayHint, InlayHintKind, Range } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import { maskSummary } from './maskSummary';

export function computeInlayHints(model: DocumentModel, range: Range): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const mask of model.cpuid.masks) {
    const line = mask.entry.line;
    if (line < range.start.line || line > range.end.line) continue;
    const label = maskSummary(mask);
    if (!label) continue;
    const at = mask.entry.closeQuoteRange?.end ?? mask.entry.valueRange.end;
    hints.push({ position: at, label, kind: InlayHintKind.Parameter, paddingLeft: true, tooltip: 'What this mask changes (vmx-cpuid). Hover a flag for details.' });
  }
  return hints;
}
