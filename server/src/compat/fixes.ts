/**
 * Edits that change mask flags while keeping the file's format: one flag
 * character replaced in place, or a new mask line inserted (with the file's
 * line ending) when the register has no mask yet.
 */
import type { VmxDocument } from '../parser/vmxDocument';
import { lineRange, preferredEol } from '../parser/vmxDocument';
import type { TextEditSpec } from '../analysis/problem';
import type { CpuidRegister } from '../knowledge/bitDatabase';
import { canonicalMaskKey } from '../model/maskKey';
import type { AppliedRegister } from './guestView';
import { registerKey } from '../profiles/profile';
import { groupFlags } from '../model/maskValue';

export interface BitChange {
  readonly leaf: number;
  readonly subleaf: number | null;
  readonly register: CpuidRegister;
  readonly bit: number;
  readonly flag: string;
}

/**
 * Edits that set each bit to its new flag; changes for the same register share one new line, and
 * an empty mask (`""`, all defaults) is filled in place. Undefined when a change falls in a mask
 * that is not 32 valid flags: that mask's own diagnostic must be fixed first, and a fix that did
 * only part of its work would leave its diagnostic standing.
 */
export function flagEdits(doc: VmxDocument, registers: ReadonlyMap<string, AppliedRegister>, changes: readonly BitChange[]): TextEditSpec[] | undefined {
  const edits: TextEditSpec[] = [];
  const newLines = new Map<string, { change: BitChange; flags: string[] }>();
  const filled = new Map<string, { range: TextEditSpec['range']; flags: string[] }>();
  for (const change of changes) {
    const id = registerKey(change.leaf, change.subleaf, change.register);
    const applied = registers.get(id)?.flags[change.bit];
    if (applied?.mask) {
      edits.push({ range: applied.range, newText: change.flag });
      continue;
    }
    if (applied?.featMask) {
      const newValue = change.flag === '0' ? 'Val:0' : change.flag === '1' ? 'Val:1' : undefined;
      if (newValue) edits.push({ range: applied.featMask.entry.valueRange, newText: newValue });
      // A featMask line has no "default" value: back to "-" means without the line.
      else if (change.flag === '-') edits.push({ range: wholeLine(doc, applied.featMask.entry.line), newText: '' });
      continue;
    }
    const mask = registers.get(id)?.mask;
    if (mask && mask.value.empty) {
      let fill = filled.get(id);
      if (!fill) filled.set(id, (fill = { range: mask.entry.valueRange, flags: new Array<string>(32).fill('-') }));
      fill.flags[31 - change.bit] = change.flag;
      continue;
    }
    if (mask && !mask.value.complete) return undefined;
    let pending = newLines.get(id);
    if (!pending) newLines.set(id, (pending = { change, flags: new Array<string>(32).fill('-') }));
    pending.flags[31 - change.bit] = change.flag;
  }
  for (const { range, flags } of filled.values()) edits.push({ range, newText: groupFlags(flags) });
  if (newLines.size > 0) {
    const eol = preferredEol(doc);
    const at = insertionLine(doc);
    const lastLine = doc.lines[doc.lines.length - 1]!;
    const atEnd = at >= doc.lines.length;
    const text = [...newLines.values()]
      .map(({ change, flags }) => `${canonicalMaskKey(change.leaf, change.subleaf, change.register, false)} = "${groupFlags(flags)}"`)
      .join(eol);
    if (atEnd) {
      // After the last line: it may lack a line ending.
      const needsEol = lastLine.text.length > 0;
      edits.push({ range: lineRange(lastLine.index, lastLine.text.length, lastLine.text.length), newText: `${needsEol ? eol : ''}${text}${needsEol ? '' : eol}` });
    } else {
      edits.push({ range: lineRange(at, 0, 0), newText: `${text}${eol}` });
    }
  }
  return edits;
}

/** A line with its line ending (or, for a last line without one, with the ending before it). */
function wholeLine(doc: VmxDocument, line: number): ReturnType<typeof lineRange> {
  const l = doc.lines[line]!;
  if (l.eol !== '') return { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
  if (line === 0) return lineRange(line, 0, l.text.length);
  const prev = doc.lines[line - 1]!;
  return { start: { line: line - 1, character: prev.text.length }, end: { line, character: l.text.length } };
}

/** After the last cpuid mask line, else after the last setting, else at the end. */
function insertionLine(doc: VmxDocument): number {
  let last = -1;
  for (const e of doc.entries) if (e.keyLower.startsWith('cpuid.')) last = e.line;
  if (last === -1 && doc.entries.length > 0) last = doc.entries[doc.entries.length - 1]!.line;
  if (last === -1) return doc.lines.length;
  const next = last + 1;
  // Inserting before the phantom empty line after a final newline is inserting at the end.
  return next === doc.lines.length - 1 && doc.lines[next]!.text === '' && doc.lines[next]!.eol === '' ? doc.lines.length : next;
}

