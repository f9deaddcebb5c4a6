/**
 * Annotations for `vmx-cpuid textconv` (git's diff.<driver>.textconv): each
 * mask and featMask line gets ` # vmx-cpuid: −AVX −F16C` appended on the
 * same line, so `git diff` shows feature names next to the flags and its
 * line numbers still match the file. Pure: the CLI does the bytes.
 */
import { DocumentModel } from '../analysis/documentModel';
import { maskChanges, maskSummary } from '../features/maskSummary';
import { describeFeatMaskValue } from '../model/featMask';
import { invalidMaskReason } from './maskDiff';

export const ANNOTATION_PREFIX = ' # vmx-cpuid: ';

/** Every flag of a 32-flag mask fits; nothing is cut. */
const ALL = 32;

/** The annotation text (without the prefix) per 0-based line, for mask and featMask lines. */
export function lineAnnotations(model: DocumentModel): Map<number, string> {
  const out = new Map<number, string>();
  for (const mask of model.cpuid.masks) {
    const invalid = invalidMaskReason(mask.value);
    let text: string;
    if (invalid) text = `invalid mask (${invalid})`;
    else if (mask.value.empty) text = 'all default';
    else text = maskSummary(mask, ALL) ?? (maskChanges(mask).length === 0 ? 'all default' : '');
    out.set(mask.entry.line, text);
  }
  for (const line of model.cpuid.featMasks) {
    const name = line.key.name || line.entry.key;
    out.set(line.entry.line, line.value.ok ? describeFeatMaskValue(line.value.value, name) : `invalid (${line.value.reason})`);
  }
  for (const line of model.cpuid.invalidMaskKeys) out.set(line.entry.line, `not a mask VMware can read (${line.reason})`);
  return out;
}

/** The text with annotations appended (for text already decoded; the CLI works on bytes). */
export function annotateText(text: string): string {
  const model = new DocumentModel('vmx-cpuid:textconv', 0, text);
  const notes = lineAnnotations(model);
  return model.vmx.lines.map((l) => (notes.has(l.index) ? `${l.text}${ANNOTATION_PREFIX}${notes.get(l.index)}` : l.text) + l.eol).join('');
}
