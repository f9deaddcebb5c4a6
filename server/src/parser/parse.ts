/**
 * `.vmx` parser following VMware's dictionary line grammar (open-vm-tools
 * `lib/dict/dictll.c`):
 *
 *   <ws> <name> <ws> = <ws> <value> <ws> <comment>
 *   <ws> <name> <ws> = <ws> " <quoted-value> " <ws> <comment>
 *   <ws> <name> <ws> = <ws> <comment>          (empty value)
 *   <ws> <comment>
 *
 * A line that fits none of these is kept verbatim (VMware keeps such lines
 * too) and carries a problem saying what is wrong and where. The scanner is a
 * single left-to-right pass per line: no regular expression touches user text,
 * so time is linear in the input.
 */
import { decodeEscapes } from './escapes';
import { detach } from '../util/detach';
import { OverlayMap } from '../util/overlayMap';
import { keysWithSeveral, positionOfLine } from '../util/patching';
import {
  LineEnding,
  LineEndingStyle,
  LineProblem,
  TypographicQuote,
  VmxComment,
  VmxDocument,
  VmxEntry,
  VmxEscape,
  VmxLine,
  lineRange,
} from './vmxDocument';
import type { Range } from 'vscode-languageserver-types';

const BOM = '\uFEFF';

/** Characters people paste instead of `"`: curly, low-9, double prime, full-width. */
const TYPOGRAPHIC_DOUBLE_QUOTES = new Set(['\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u301D', '\u301E', '\uFF02']);

export function isTypographicQuote(ch: string): boolean {
  return TYPOGRAPHIC_DOUBLE_QUOTES.has(ch);
}

/** Dashes word processors and web pages put where `-` was meant: hyphens, en/em dashes, minus signs. */
const TYPOGRAPHIC_DASHES = new Set(['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D']);

export function isTypographicDash(ch: string): boolean {
  return TYPOGRAPHIC_DASHES.has(ch);
}

/** Whether a text holds any of those dashes: one native scan before a per-character search. */
export function hasTypographicDash(text: string): boolean {
  return TYPOGRAPHIC_DASH_PATTERN.test(text);
}
const TYPOGRAPHIC_DASH_PATTERN = new RegExp(`[${[...TYPOGRAPHIC_DASHES].join('')}]`);

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && isBlank(text[i]!)) i++;
  return i;
}

/**
 * Parses a whole document. With `previous` (the same document at an earlier
 * version) only the lines around what changed are parsed again: the others
 * are taken over as they are (shifted when lines were added or removed above
 * them), so after a typing edit everything keyed by line or entry identity
 * downstream (CPU view, rule results) is reused too. The result is the same
 * as a parse from scratch.
 */
export function parseVmx(input: string, previous?: VmxDocument): VmxDocument {
  const hasBom = input.startsWith(BOM);
  const text = hasBom ? input.slice(1) : input;
  if (previous) {
    const region = changedRegion(previous, text);
    const lines = previous.lines.slice(0, region.firstLine);
    parseLines(text, region.start, region.firstLine, region.newEnd, lines, previous.lines);
    const reparsedCount = lines.length - region.firstLine;
    const lineDelta = lines.length - (region.lastLine + 1);
    for (let i = region.lastLine + 1; i < previous.lines.length; i++) {
      const old = previous.lines[i]!;
      lines.push(lineDelta === 0 ? old : shiftLine(old, lineDelta));
    }
    if (lineDelta !== 0 || reparsedCount > PATCH_LIMIT) return assemble(text, hasBom, lines, collectEntries(lines));
    const doc = assemble(text, hasBom, lines, patchEntries(previous, lines, region.firstLine, region.lastLine));
    doc.changedLines = { first: region.firstLine, last: region.lastLine };
    return doc;
  }
  const lines: VmxLine[] = [];
  parseLines(text, 0, 0, Infinity, lines);
  return assemble(text, hasBom, lines, collectEntries(lines));
}

/**
 * Parses the lines that start at `start` (a line start) and before `stop`,
 * numbering them from `firstIndex`, onto `out`. The last line of the text (no
 * line ending) always ends the run.
 * A line of `reuse` with the same index, text and ending is taken as it is.
 */
function parseLines(text: string, start: number, firstIndex: number, stop: number, out: VmxLine[], reuse?: readonly VmxLine[]): void {
  // Lines end at \n, \r\n or a lone \r: VMware's line reader
  // (StdIO_ReadNextLine) and LSP clients all count these three.
  // The next \n and \r are searched once each and reused: linear time.
  let nextLf = text.indexOf('\n', start);
  let nextCr = text.indexOf('\r', start);
  let index = firstIndex;
  while (start < stop) {
    if (nextLf !== -1 && nextLf < start) nextLf = text.indexOf('\n', start);
    if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
    let end: number;
    let eol: LineEnding;
    if (nextCr !== -1 && (nextLf === -1 || nextCr < nextLf)) {
      end = nextCr;
      eol = nextLf === nextCr + 1 ? '\r\n' : '\r';
    } else {
      end = nextLf === -1 ? text.length : nextLf;
      eol = nextLf === -1 ? '' : '\n';
    }
    const lineText = text.slice(start, end);
    const old = reuse?.[index];
    if (old !== undefined && old.eol === eol && old.text === lineText) out.push(old);
    // A line parsed for an edit outlives this version's text, so it must not be a view into it.
    else out.push(parseLine(reuse ? detach(lineText) : lineText, index, eol));
    start = end + eol.length;
    if (eol === '') break;
    index++;
  }
}

interface ChangedRegion {
  /** First and last line of the previous version that may have changed. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Where the first of them starts (the same offset in both versions). */
  readonly start: number;
  /** Where the text after the last of them starts in the new version. */
  readonly newEnd: number;
}

/**
 * The lines of `previous` that the new text may have changed: those that
 * touch the span between the longest common prefix and suffix of the two
 * texts, widened by one line on each side, so that the region starts and ends
 * at line boundaries whose neighbouring characters are unchanged (a `\r`
 * and a `\n` joined or split by the edit are inside it).
 */
function changedRegion(previous: VmxDocument, text: string): ChangedRegion {
  const old = previous.text;
  const prefix = commonPrefixLength(old, text);
  const suffix = commonSuffixLength(old, text, Math.min(old.length, text.length) - prefix);
  const changeStart = prefix;
  const changeEnd = old.length - suffix;
  const last = previous.lines.length - 1;
  // Line i spans [lineStart, lineEnd) of the old text, its line ending included.
  let first = -1;
  let firstStart = 0;
  let previousStart = 0;
  let lineStart = 0;
  for (let i = 0; i <= last; i++) {
    const line = previous.lines[i]!;
    const lineEnd = lineStart + line.text.length + line.eol.length;
    if (first === -1 && (lineEnd > changeStart || i === last)) {
      first = Math.max(0, i - 1);
      firstStart = i === 0 ? 0 : previousStart;
    }
    if (first !== -1 && (lineEnd > changeEnd || i === last)) {
      if (i >= last - 1) return { firstLine: first, lastLine: last, start: firstStart, newEnd: Infinity };
      const following = previous.lines[i + 1]!;
      const regionEnd = lineEnd + following.text.length + following.eol.length;
      return { firstLine: first, lastLine: i + 1, start: firstStart, newEnd: regionEnd + (text.length - old.length) };
    }
    previousStart = lineStart;
    lineStart = lineEnd;
  }
  return { firstLine: 0, lastLine: last, start: 0, newEnd: Infinity };
}

/** Length of the longest common prefix, compared in halving native string comparisons. */
function commonPrefixLength(a: string, b: string): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  // Invariant: the first `lo` characters agree; the first `hi + 1` do not (or hi is the shorter length).
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Length of the longest common suffix, at most `max`. */
function commonSuffixLength(a: string, b: string, max: number): number {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function assemble(text: string, hasBom: boolean, lines: VmxLine[], { entries, entriesByKey, repeatedKeys }: EntryTables): Mutable<VmxDocument> {
  let sawLf = false;
  let sawCrLf = false;
  let sawCr = false;
  for (const line of lines) {
    if (line.eol === '\n') sawLf = true;
    else if (line.eol === '\r\n') sawCrLf = true;
    else if (line.eol === '\r') sawCr = true;
  }
  const styles = Number(sawLf) + Number(sawCrLf) + Number(sawCr);
  const lineEnding: LineEndingStyle = styles > 1 ? 'mixed' : sawCrLf ? 'CRLF' : sawLf ? 'LF' : sawCr ? 'CR' : 'none';
  const encodingDeclaration = entriesByKey.get('.encoding')?.[0];
  const doc: Mutable<VmxDocument> = { text, hasBom, lines, entries, entriesByKey, repeatedKeys, lineEnding };
  if (encodingDeclaration) doc.encodingDeclaration = encodingDeclaration;
  return doc;
}

/** Up to this many re-parsed lines, the entry tables are patched rather than rebuilt. */
const PATCH_LIMIT = 64;

interface EntryTables {
  readonly entries: readonly VmxEntry[];
  readonly entriesByKey: ReadonlyMap<string, readonly VmxEntry[]>;
  readonly repeatedKeys: ReadonlySet<string>;
}

function collectEntries(lines: readonly VmxLine[]): EntryTables {
  const entries: VmxEntry[] = [];
  const entriesByKey = new Map<string, VmxEntry[]>();
  for (const line of lines) {
    const entry = line.entry;
    if (!entry) continue;
    entries.push(entry);
    const same = entriesByKey.get(entry.keyLower);
    if (same) same.push(entry);
    else entriesByKey.set(entry.keyLower, [entry]);
  }
  const repeatedKeys = new Set<string>();
  for (const [key, group] of entriesByKey) if (group.length > 1) repeatedKeys.add(key);
  return { entries, entriesByKey, repeatedKeys };
}

/**
 * The previous version's entry tables with the re-parsed lines swapped in
 * (same line count, so every other entry keeps its place). The key table is
 * an overlay on the previous one: only the groups of changed keys are new.
 */
function patchEntries(previous: VmxDocument, lines: readonly VmxLine[], firstLine: number, lastLine: number): EntryTables {
  const entries = previous.entries.slice();
  const changes = new Map<string, VmxEntry[] | undefined>();
  const groupOf = (key: string) => (changes.has(key) ? changes.get(key) : previous.entriesByKey.get(key));
  for (let index = firstLine; index <= lastLine; index++) {
    if (previous.lines[index] === lines[index]) continue;
    const before = previous.lines[index]!.entry;
    const after = lines[index]!.entry;
    if (before) {
      entries.splice(positionOfLine(entries, index, lineOfEntry), 1);
      const group = groupOf(before.keyLower)!.filter((e) => e !== before);
      changes.set(before.keyLower, group.length > 0 ? group : undefined);
    }
    if (after) {
      entries.splice(positionOfLine(entries, index, lineOfEntry), 0, after);
      const group = groupOf(after.keyLower)?.slice() ?? [];
      group.splice(positionOfLine(group, index, lineOfEntry), 0, after);
      changes.set(after.keyLower, group);
    }
  }
  return { entries, entriesByKey: OverlayMap.over(previous.entriesByKey, changes), repeatedKeys: keysWithSeveral(previous.repeatedKeys, changes) };
}

const lineOfEntry = (e: VmxEntry) => e.line;

const NO_ESCAPES: readonly VmxEscape[] = Object.freeze([]);
const NO_QUOTES: readonly TypographicQuote[] = Object.freeze([]);

/** Parses one physical line (without its line ending). */
export function parseLine(text: string, index: number, eol: LineEnding): VmxLine {
  const base = { index, text, eol };
  let i = skipBlanks(text, 0);
  if (i === text.length) return { index, text, eol, kind: 'blank' };
  if (text[i] === '#') return { index, text, eol, kind: 'comment', comment: commentAt(text, index, i) };
  if (isTemplateStatement(text, i)) {
    return {
      ...base,
      kind: 'template',
      problem: {
        code: 'template-syntax',
        message: `Template statement "${abbreviate(text.slice(i).trim())}": this file is a template; VMware ignores such lines, so render the template before using it as a .vmx`,
        range: lineRange(index, i, text.length),
      },
    };
  }

  const keyStart = i;
  while (i < text.length && !isBlank(text[i]!) && text[i] !== '=' && text[i] !== '#') i++;
  const keyEnd = i;
  if (keyEnd === keyStart) {
    return malformed(base, text, `Missing key: the line starts with "${text[i]}", but a setting must start with its name (name = "value")`, keyStart, text.length);
  }
  i = skipBlanks(text, i);
  if (i === text.length || text[i] !== '=') {
    const key = text.slice(keyStart, keyEnd);
    const laterEquals = text.indexOf('=', keyEnd);
    const hashAt = text.indexOf('#', keyEnd);
    const quoteAt = text.indexOf('"', keyEnd);
    const before = (at: number) => at === -1 || laterEquals < at;
    if (i < text.length && laterEquals !== -1 && before(hashAt) && before(quoteAt)) {
      const spaced = text.slice(keyStart, laterEquals).trimEnd();
      return malformed(base, text, `A key cannot contain spaces: ${quoteText(abbreviate(spaced))} is not one name (VMware reads the name up to the first blank)`, keyStart, keyStart + spaced.length);
    }
    const what = i === text.length ? 'the line ends there' : `${quoteText(abbreviate(text.slice(i), 20))} follows`;
    return malformed(base, text, `Missing "=" after "${abbreviate(key)}": ${what}; a setting is written name = "value"`, keyStart, text.length);
  }
  const equalsAt = i;
  i = skipBlanks(text, i + 1);

  let typographicQuotes: TypographicQuote[] | undefined;
  let quoted = false;
  let valueStart = i;
  let valueEnd = i;
  let openQuote: number | undefined;
  let closeQuote: number | undefined;
  const opener = text[i];
  if (opener === '"' || (opener !== undefined && isTypographicQuote(opener))) {
    quoted = true;
    openQuote = i;
    if (opener !== '"') (typographicQuotes ??= []).push({ char: opener, range: lineRange(index, i, i + 1) });
    valueStart = i + 1;
    let j = valueStart;
    // An ASCII opening quote closes only at an ASCII quote (as in VMware); a
    // pasted typographic one closes at the next quote-like character.
    while (j < text.length && !(text[j] === '"' || (opener !== '"' && isTypographicQuote(text[j]!)))) j++;
    if (j === text.length) {
      const stray = findTypographicQuote(text, valueStart);
      if (stray !== -1) {
        (typographicQuotes ??= []).push({ char: text[stray]!, range: lineRange(index, stray, stray + 1) });
        // Treat the stray character as the intended closing quote so the
        // rest of the line still parses and a fix can be offered.
        j = stray;
      } else {
        return templateOr(base, text, `Unterminated quoted value: the closing " is missing after ${quoteText(abbreviate(text.slice(valueStart)))}`, openQuote, text.length);
      }
    } else if (text[j] !== '"') {
      (typographicQuotes ??= []).push({ char: text[j]!, range: lineRange(index, j, j + 1) });
    }
    valueEnd = j;
    closeQuote = j;
    i = j + 1;
  } else {
    // dictll.c reads an unquoted value up to a blank or "#" (its wsp_out
    // table admits '"'), so `a = 12"34` is a setting with the value 12"34.
    while (i < text.length && !isBlank(text[i]!) && text[i] !== '#') i++;
    valueEnd = i;
  }

  i = skipBlanks(text, i);
  let comment: VmxComment | undefined;
  if (i < text.length) {
    if (text[i] !== '#') {
      const why = quoted
        ? `Unexpected text ${quoteText(abbreviate(text.slice(i)))} after the closing quote; only a # comment may follow a value`
        : `Unexpected text ${quoteText(abbreviate(text.slice(i)))} after the value ${quoteText(abbreviate(text.slice(valueStart, valueEnd)))}: an unquoted value ends at the first space; put the whole value in quotes`;
      return templateOr(base, text, why, i, text.length);
    }
    comment = commentAt(text, index, i);
  }

  const rawValue = text.slice(valueStart, valueEnd);
  // Most values have no escape: no result object, and the shared empty list.
  const decoded = rawValue.includes('|') ? decodeEscapes(rawValue, index, valueStart) : undefined;
  const value = decoded ? decoded.value : rawValue;
  const escapes = decoded && decoded.escapes.length > 0 ? decoded.escapes : NO_ESCAPES;
  const key = text.slice(keyStart, keyEnd);
  const entry = new ParsedEntry(index, key, rawValue, value, escapes, typographicQuotes ?? NO_QUOTES, comment, text.length, keyStart, keyEnd, equalsAt, quoted ? openQuote! : -1, quoted ? closeQuote! : -1, valueStart, valueEnd);
  return comment ? { index, text, eol, kind: 'entry', entry, comment } : { index, text, eol, kind: 'entry', entry };
}

/** A line taken over from the previous version `delta` lines further down (or up). */
function shiftLine(line: VmxLine, delta: number): VmxLine {
  const index = line.index + delta;
  const shifted: { -readonly [K in keyof VmxLine]: VmxLine[K] } = { index, text: line.text, eol: line.eol, kind: line.kind };
  if (line.entry) shifted.entry = (line.entry as ParsedEntry).movedTo(index);
  if (line.comment) shifted.comment = shifted.entry?.comment ?? shiftComment(line.comment, index);
  if (line.problem) shifted.problem = { ...line.problem, range: onLine(line.problem.range, index) };
  return shifted;
}

function onLine(range: Range, line: number): Range {
  return lineRange(line, range.start.character, range.end.character);
}

function shiftComment(comment: VmxComment, line: number): VmxComment {
  return { text: comment.text, range: onLine(comment.range, line) };
}

/**
 * An entry keeps its columns and builds its ranges when asked: a 10k-line file
 * has ~70k ranges of which a request reads a handful, and allocating them all
 * up front dominated parse time and memory.
 */
class ParsedEntry implements VmxEntry {
  readonly keyLower: string;
  constructor(
    readonly line: number,
    readonly key: string,
    readonly rawValue: string,
    readonly value: string,
    readonly escapes: readonly VmxEscape[],
    readonly typographicQuotes: readonly TypographicQuote[],
    readonly comment: VmxComment | undefined,
    private readonly lineLength: number,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    private readonly equalsAt: number,
    /** -1 when the value is not quoted. */
    private readonly openQuote: number,
    private readonly closeQuote: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {
    this.keyLower = key.toLowerCase();
  }
  /** The same entry on another line (lines were added or removed above it). */
  movedTo(line: number): ParsedEntry {
    return new ParsedEntry(
      line,
      this.key,
      this.rawValue,
      this.value,
      this.escapes.map((e) => ({ raw: e.raw, byte: e.byte, range: onLine(e.range, line) })),
      this.typographicQuotes.map((q) => ({ char: q.char, range: onLine(q.range, line) })),
      this.comment && shiftComment(this.comment, line),
      this.lineLength,
      this.keyStart,
      this.keyEnd,
      this.equalsAt,
      this.openQuote,
      this.closeQuote,
      this.valueStart,
      this.valueEnd,
    );
  }
  get quoted(): boolean {
    return this.openQuote !== -1;
  }
  get keyRange(): Range {
    return lineRange(this.line, this.keyStart, this.keyEnd);
  }
  get equalsRange(): Range {
    return lineRange(this.line, this.equalsAt, this.equalsAt + 1);
  }
  get openQuoteRange(): Range | undefined {
    return this.openQuote === -1 ? undefined : lineRange(this.line, this.openQuote, this.openQuote + 1);
  }
  get closeQuoteRange(): Range | undefined {
    return this.closeQuote === -1 ? undefined : lineRange(this.line, this.closeQuote, this.closeQuote + 1);
  }
  get valueRange(): Range {
    return lineRange(this.line, this.valueStart, this.valueEnd);
  }
  get range(): Range {
    return lineRange(this.line, 0, this.lineLength);
  }
}

/**
 * The typographic quote that most likely closes a value opened with `"`: the
 * first one after which the line parses (only blanks or a `#` comment
 * follow), so a comment quoting “words” is not swallowed; else the last one.
 * Linear: one pass for the suffix check, one for the search.
 */
function findTypographicQuote(text: string, from: number): number {
  let last = -1;
  // restOk[k]: text after k is blanks, optionally followed by a comment.
  let restOk = true;
  const ok: boolean[] = new Array<boolean>(text.length - from);
  for (let k = text.length - 1; k >= from; k--) {
    ok[k - from] = restOk;
    const ch = text[k]!;
    if (last === -1 && isTypographicQuote(ch)) last = k;
    if (ch === '#') restOk = true;
    else if (!isBlank(ch)) restOk = false;
  }
  for (let k = from; k < text.length; k++) if (isTypographicQuote(text[k]!) && ok[k - from]) return k;
  return last;
}

function commentAt(text: string, line: number, at: number): VmxComment {
  return { text: text.slice(at), range: lineRange(line, at, text.length) };
}

/** `{% … %}` and `{# … #}` (Jinja) statements occupy whole lines in templates. */
function isTemplateStatement(text: string, i: number): boolean {
  return text[i] === '{' && (text[i + 1] === '%' || text[i + 1] === '#');
}

type LineBase = Pick<VmxLine, 'index' | 'text' | 'eol'>;

function malformed(base: LineBase, text: string, message: string, start: number, end: number): VmxLine {
  return templateOr(base, text, message, start, end);
}

/**
 * A line that does not parse: a template line when it holds `{{ … }}` or
 * `{% … %}` (the template engine, not VMware, is its reader), else malformed.
 */
function templateOr(base: LineBase, text: string, message: string, start: number, end: number): VmxLine {
  const placeholder = templatePlaceholder(text);
  const problem: LineProblem = placeholder !== undefined
    ? {
        code: 'template-syntax',
        message: `Template placeholder ${placeholder} on this line: VMware cannot read the line until the template is rendered`,
        range: lineRange(base.index, 0, text.length),
      }
    : { code: 'malformed-line', message: `${message}. VMware keeps this line but ignores it.`, range: lineRange(base.index, Math.min(start, Math.max(0, text.length - 1)), Math.max(end, Math.min(start + 1, text.length))) };
  return { ...base, kind: problem.code === 'template-syntax' ? 'template' : 'malformed', problem };
}

/** The first `{{ … }}` or `{% … %}` of a line, abbreviated, if there is one. */
function templatePlaceholder(text: string): string | undefined {
  for (const [open, close] of [['{{', '}}'], ['{%', '%}']] as const) {
    const at = text.indexOf(open);
    if (at === -1) continue;
    const end = text.indexOf(close, at + 2);
    return `"${abbreviate(end === -1 ? text.slice(at) : text.slice(at, end + 2))}"`;
  }
  return undefined;
}

/** Quotes user text for a message: with "…", or with `…` when it holds a double quote itself. */
export function quoteText(s: string): string {
  return s.includes('"') ? `\`${s}\`` : `"${s}"`;
}

export function abbreviate(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
