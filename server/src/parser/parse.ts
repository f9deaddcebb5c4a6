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
import {
  LineEnding,
  LineEndingStyle,
  LineProblem,
  TypographicQuote,
  VmxComment,
  VmxDocument,
  VmxEntry,
  VmxLine,
  lineRange,
} from './vmxDocument';

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

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && isBlank(text[i]!)) i++;
  return i;
}

export function parseVmx(input: string): VmxDocument {
  const hasBom = input.startsWith(BOM);
  const text = hasBom ? input.slice(1) : input;
  const lines: VmxLine[] = [];
  const entries: VmxEntry[] = [];
  const entriesByKey = new Map<string, VmxEntry[]>();
  let sawLf = false;
  let sawCrLf = false;
  let sawCr = false;

  // Lines end at \n, \r\n or a lone \r: VMware's line reader
  // (StdIO_ReadNextLine) and LSP clients all count these three.
  // The next \n and \r are searched once each and reused: linear time.
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  let start = 0;
  let index = 0;
  while (start <= text.length) {
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
    if (eol === '\n') sawLf = true;
    else if (eol === '\r\n') sawCrLf = true;
    else if (eol === '\r') sawCr = true;
    const line = parseLine(text.slice(start, end), index, eol);
    lines.push(line);
    if (line.entry) {
      entries.push(line.entry);
      const same = entriesByKey.get(line.entry.keyLower);
      if (same) same.push(line.entry);
      else entriesByKey.set(line.entry.keyLower, [line.entry]);
    }
    if (eol === '') break;
    start = end + eol.length;
    index++;
  }

  const styles = Number(sawLf) + Number(sawCrLf) + Number(sawCr);
  const lineEnding: LineEndingStyle = styles > 1 ? 'mixed' : sawCrLf ? 'CRLF' : sawLf ? 'LF' : sawCr ? 'CR' : 'none';
  const encodingDeclaration = entriesByKey.get('.encoding')?.[0];
  return { text, hasBom, lines, entries, entriesByKey, lineEnding, ...(encodingDeclaration ? { encodingDeclaration } : {}) };
}

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

  const typographicQuotes: TypographicQuote[] = [];
  let quoted = false;
  let valueStart = i;
  let valueEnd = i;
  let openQuote: number | undefined;
  let closeQuote: number | undefined;
  const opener = text[i];
  if (opener === '"' || (opener !== undefined && isTypographicQuote(opener))) {
    quoted = true;
    openQuote = i;
    if (opener !== '"') typographicQuotes.push({ char: opener, range: lineRange(index, i, i + 1) });
    valueStart = i + 1;
    let j = valueStart;
    // An ASCII opening quote closes only at an ASCII quote (as in VMware); a
    // pasted typographic one closes at the next quote-like character.
    while (j < text.length && !(text[j] === '"' || (opener !== '"' && isTypographicQuote(text[j]!)))) j++;
    if (j === text.length) {
      const stray = findTypographicQuote(text, valueStart);
      if (stray !== -1) {
        typographicQuotes.push({ char: text[stray]!, range: lineRange(index, stray, stray + 1) });
        // Treat the stray character as the intended closing quote so the
        // rest of the line still parses and a fix can be offered.
        j = stray;
      } else {
        return templateOr(base, text, `Unterminated quoted value: the closing " is missing after ${quoteText(abbreviate(text.slice(valueStart)))}`, openQuote, text.length);
      }
    } else if (text[j] !== '"') {
      typographicQuotes.push({ char: text[j]!, range: lineRange(index, j, j + 1) });
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
  const { value, escapes } = decodeEscapes(rawValue, index, valueStart);
  const key = text.slice(keyStart, keyEnd);
  // Literal objects, optional fields added by assignment: conditional spreads make V8 build each
  // object in dictionary mode, which dominated parse time.
  const entry: { -readonly [K in keyof VmxEntry]: VmxEntry[K] } = {
    line: index,
    key,
    keyLower: key.toLowerCase(),
    keyRange: lineRange(index, keyStart, keyEnd),
    equalsRange: lineRange(index, equalsAt, equalsAt + 1),
    quoted,
    rawValue,
    valueRange: lineRange(index, valueStart, valueEnd),
    value,
    escapes,
    typographicQuotes,
    range: lineRange(index, 0, text.length),
  };
  if (openQuote !== undefined) entry.openQuoteRange = lineRange(index, openQuote, openQuote + 1);
  if (closeQuote !== undefined) entry.closeQuoteRange = lineRange(index, closeQuote, closeQuote + 1);
  if (comment) entry.comment = comment;
  return comment ? { index, text, eol, kind: 'entry', entry, comment } : { index, text, eol, kind: 'entry', entry };
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
