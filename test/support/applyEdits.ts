/** Applies LSP text edits to a text the way an editor does (all edits refer to the original text). */
import type { Range } from 'vscode-languageserver-types';
import { offsetAt } from './caret';

export interface Edit {
  readonly range: Range;
  readonly newText: string;
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const spans = edits
    .map((e, order) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (s.end < s.start) throw new Error(`edit with end before start: ${JSON.stringify(edits[s.order])}`);
    const next = spans[i + 1];
    if (next && next.start < s.end) throw new Error(`overlapping edits: ${JSON.stringify(edits[s.order])} and ${JSON.stringify(edits[next.order])}`);
  }
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.newText;
    at = s.end;
  }
  return out + text.slice(at);
}
