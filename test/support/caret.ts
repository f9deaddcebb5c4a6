/**
 * Markers that let a test show positions and ranges inside the .vmx text it
 * uses, instead of counting columns by hand:
 *
 *   ⁁        a position (U+2041 CARET INSERTION POINT; cannot clash with `|XX`
 *            escapes, `^` or anything VMware writes)
 *   [[ … ]]  a range
 *
 * Lines and characters are LSP positions: 0-based, UTF-16 code units, lines
 * ending at `\n`, `\r\n` or a lone `\r`.
 */
import type { Position, Range } from 'vscode-languageserver-types';

export const CARET = '\u2041';
const OPEN = '[[';
const CLOSE = ']]';

export interface Marked {
  /** The text with every marker removed. */
  readonly text: string;
  /** Positions of the `⁁` markers, in order. */
  readonly positions: Position[];
  /** Ranges marked with `[[ … ]]`, in the order of their opening marker. */
  readonly ranges: Range[];
}

/** Offsets where lines start: after `\n`, `\r\n` or a lone `\r`, as in LSP. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

/** Position of a UTF-16 offset in `text`. */
export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text.slice(0, offset));
  const line = starts.length - 1;
  return { line, character: offset - starts[line]! };
}

/** UTF-16 offset of a position in `text` (the inverse of positionAt). */
export function offsetAt(text: string, position: Position): number {
  const starts = lineStarts(text);
  const start = starts[position.line];
  if (start === undefined) throw new Error(`position ${JSON.stringify(position)} is past the last line`);
  const next = starts[position.line + 1];
  let end = next === undefined ? text.length : next;
  if (next !== undefined) end -= text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 ? 2 : 1;
  const max = end - start;
  if (position.character > max) throw new Error(`position ${JSON.stringify(position)} is past the end of its line (${max})`);
  return start + position.character;
}

/** Removes all markers, recording where they were. Ranges may nest and span lines. */
export function parseMarkers(marked: string): Marked {
  let text = '';
  const positions: Position[] = [];
  const ranges: (Range | undefined)[] = [];
  const open: { index: number; start: Position }[] = [];
  let i = 0;
  while (i < marked.length) {
    if (marked.startsWith(CARET, i)) {
      positions.push(positionAt(text, text.length));
      i += CARET.length;
    } else if (marked.startsWith(OPEN, i)) {
      open.push({ index: ranges.length, start: positionAt(text, text.length) });
      ranges.push(undefined);
      i += OPEN.length;
    } else if (marked.startsWith(CLOSE, i)) {
      const o = open.pop();
      if (!o) throw new Error(`"${CLOSE}" without "${OPEN}" at offset ${i} of ${JSON.stringify(marked)}`);
      ranges[o.index] = { start: o.start, end: positionAt(text, text.length) };
      i += CLOSE.length;
    } else {
      text += marked[i];
      i++;
    }
  }
  if (open.length > 0) throw new Error(`unclosed "${OPEN}" in ${JSON.stringify(marked)}`);
  return { text, positions, ranges: ranges as Range[] };
}

/** `caret('a = "⁁x"')` → the text without the marker and the marked position. */
export function caret(marked: string): { text: string; position: Position } {
  const m = parseMarkers(marked);
  if (m.positions.length !== 1) throw new Error(`expected exactly one ${CARET} in ${JSON.stringify(marked)}, found ${m.positions.length}`);
  return { text: m.text, position: m.positions[0]! };
}

/**
 * The range marked with `[[ … ]]` in `marked`, which must be `text` with
 * markers added, so the expectation is tied to the document under test:
 *
 *   rangeOf(src, 'a = "[[x]]"')
 */
export function rangeOf(text: string, marked: string): Range {
  const all = rangesOf(text, marked);
  if (all.length !== 1) throw new Error(`expected exactly one [[…]] in ${JSON.stringify(marked)}, found ${all.length}`);
  return all[0]!;
}

/** Every `[[ … ]]` range of `marked` (which must be `text` with markers added). */
export function rangesOf(text: string, marked: string): Range[] {
  const m = parseMarkers(marked);
  if (m.text !== text) {
    throw new Error(`marked text does not match the document:\n  document: ${JSON.stringify(text)}\n  marked:   ${JSON.stringify(m.text)}`);
  }
  return m.ranges;
}

/** The text a range covers. */
export function textAt(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** A one-line range, for terse expectations of line-only ranges. */
export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}
