/**
 * Copy-paste corruption from word processors and blogs: typographic quotes
 * where VMware needs `"`, and typographic dashes inside CPUID / featMask
 * values where it needs `-`. Both make VMware read something else than the
 * author meant, silently.
 */
import type { VmxEntry, VmxLine } from '../../parser/vmxDocument';
import { lineRange } from '../../parser/vmxDocument';
import { NO_PROBLEMS, type Problem, type TextEditSpec } from '../problem';
import { hasTypographicDash, isTypographicDash } from '../../parser/parse';

const DASH_NAMES: Record<string, string> = {
  '\u2013': 'en dash',
  '\u2014': 'em dash',
  '\u2212': 'minus sign',
};

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The typography problems of one line (a line rule: see analyze.ts). */
export function typographyLineProblems(line: VmxLine): readonly Problem[] {
  const entry = line.entry;
  // Most lines: nothing to look at, and no list allocated.
  if (!entry || (entry.typographicQuotes.length === 0 && !isMaskLikeKey(entry))) return NO_PROBLEMS;
  const problems: Problem[] = [];
  {
    if (entry.typographicQuotes.length > 0) {
      const chars = [...new Set(entry.typographicQuotes.map((q) => `${q.char} (${codePoint(q.char)})`))].join(' and ');
      const edits: TextEditSpec[] = entry.typographicQuotes.map((q) => ({ range: q.range, newText: '"' }));
      const first = entry.typographicQuotes[0]!;
      problems.push({
        code: 'typographic-quote',
        severity: 'error',
        message: `Typographic quote ${chars} around the value of ${entry.key}: VMware only understands the plain ASCII quote ", so it reads the curly quotes as part of the value`,
        range: entry.typographicQuotes.length > 1 ? { start: first.range.start, end: entry.typographicQuotes[entry.typographicQuotes.length - 1]!.range.end } : first.range,
        fixes: [{ title: 'Replace typographic quotes with ASCII "', edits, isPreferred: true, safe: true }],
      });
    }
    if (isMaskLikeKey(entry)) {
      const dashes = findDashes(entry);
      if (dashes.length > 0) problems.push(dashProblem(entry, dashes));
    }
  }
  return problems;
}

function isMaskLikeKey(entry: VmxEntry): boolean {
  return entry.keyLower.startsWith('cpuid.') || entry.keyLower.startsWith('featmask.');
}

function findDashes(entry: VmxEntry): number[] {
  const at: number[] = [];
  const raw = entry.rawValue;
  if (!hasTypographicDash(raw)) return at;
  for (let i = 0; i < raw.length; i++) if (isTypographicDash(raw[i]!)) at.push(i);
  return at;
}

/** Flag characters of a mask value: everything but `:` and blanks. */
function flagCount(value: string): number {
  let n = 0;
  for (const ch of value) if (ch !== ':' && ch !== ' ' && ch !== '\t') n++;
  return n;
}

function dashProblem(entry: VmxEntry, dashes: number[]): Problem {
  const raw = entry.rawValue;
  const col = entry.valueRange.start.character;
  const kinds = [...new Set(dashes.map((i) => raw[i]!))].map((ch) => `${DASH_NAMES[ch] ?? 'dash'} ${ch} (${codePoint(ch)})`).join(', ');
  // Word processors turn "--" into an em dash. When the value is a 32-flag
  // mask only if each typographic dash stood for two hyphens, say so and fix
  // it that way; otherwise replace one for one.
  const oneForOne = flagCount(raw);
  const twoForOne = oneForOne + dashes.length;
  const perDash = entry.keyLower.startsWith('cpuid.') && oneForOne !== 32 && twoForOne === 32 ? '--' : '-';
  const edits: TextEditSpec[] = dashes.map((i) => ({ range: lineRange(entry.line, col + i, col + i + 1), newText: perDash }));
  const first = dashes[0]!;
  const last = dashes[dashes.length - 1]!;
  return {
    code: 'typographic-dash',
    severity: 'error',
    message:
      `Typographic ${kinds} in the value of ${entry.key}: VMware needs the ASCII hyphen-minus "-"` +
      (perDash === '--' ? '; each dash here looks like an auto-corrected "--" (that makes 32 flags)' : ''),
    range: lineRange(entry.line, col + first, col + last + 1),
    fixes: [{ title: perDash === '--' ? 'Replace each typographic dash with "--"' : 'Replace typographic dashes with ASCII "-"', edits, isPreferred: true, safe: true }],
  };
}
