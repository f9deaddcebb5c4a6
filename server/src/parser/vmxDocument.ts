/**
 * The parsed form of a `.vmx` file: one record per physical line, so that
 * nothing the user wrote is ever lost, plus the key/value entries with exact
 * ranges of every part (key, `=`, quotes, value, comment, escapes).
 *
 * Invariants:
 * - `lines[i].text` + `lines[i].eol` concatenated over all lines (after the
 *   BOM) reproduce the input text exactly.
 * - Ranges are LSP ranges (0-based line, UTF-16 character), relative to the
 *   text after the BOM — the text an editor shows.
 * - `entries` holds only well-formed `name = value` lines, in file order.
 */
import type { Range } from 'vscode-languageserver-types';

export type LineKind = 'blank' | 'comment' | 'entry' | 'malformed' | 'template';

/** `\r` alone ends a line too, as in VMware's reader and in LSP. */
export type LineEnding = '\n' | '\r\n' | '\r' | '';

export interface VmxComment {
  /** The comment text including the leading `#`. */
  readonly text: string;
  readonly range: Range;
}

/** A `|XX` escape inside a value: VMware replaces it by the byte 0xXX. */
export interface VmxEscape {
  readonly raw: string;
  readonly byte: number;
  readonly range: Range;
}

/** A character that looks like a quote but is not the ASCII `"`. */
export interface TypographicQuote {
  readonly char: string;
  readonly range: Range;
}

export interface VmxEntry {
  readonly line: number;
  /** The key as written. */
  readonly key: string;
  /** The key lower-cased: VMware keys compare case-insensitively. */
  readonly keyLower: string;
  readonly keyRange: Range;
  readonly equalsRange: Range;
  readonly quoted: boolean;
  readonly openQuoteRange?: Range;
  readonly closeQuoteRange?: Range;
  /** Value text exactly as written between the quotes (or the unquoted token). */
  readonly rawValue: string;
  readonly valueRange: Range;
  /** Value with `|XX` escapes decoded, as VMware sees it. */
  readonly value: string;
  readonly escapes: readonly VmxEscape[];
  /** Quotes written with typographic characters (copy-paste corruption). */
  readonly typographicQuotes: readonly TypographicQuote[];
  readonly comment?: VmxComment;
  /** The whole line without its line ending. */
  readonly range: Range;
}

export interface LineProblem {
  readonly code: 'malformed-line' | 'template-syntax';
  readonly message: string;
  readonly range: Range;
}

export interface VmxLine {
  readonly index: number;
  /** Line text without its line ending. */
  readonly text: string;
  readonly eol: LineEnding;
  readonly kind: LineKind;
  readonly entry?: VmxEntry;
  /** Comment of a comment line, or trailing comment of an entry. */
  readonly comment?: VmxComment;
  /** Why a malformed or template line is not an entry. */
  readonly problem?: LineProblem;
}

export type LineEndingStyle = 'LF' | 'CRLF' | 'CR' | 'mixed' | 'none';

export interface VmxDocument {
  /** Text after the BOM. */
  readonly text: string;
  readonly hasBom: boolean;
  readonly lines: readonly VmxLine[];
  readonly entries: readonly VmxEntry[];
  /** Entries grouped by lower-cased key, in file order. */
  readonly entriesByKey: ReadonlyMap<string, readonly VmxEntry[]>;
  /** The lower-cased keys that occur more than once (kept up to date by an edit's re-parse). */
  readonly repeatedKeys: ReadonlySet<string>;
  readonly lineEnding: LineEndingStyle;
  /** The `.encoding` entry, if the file declares one (the first if repeated). */
  readonly encodingDeclaration?: VmxEntry;
  /**
   * Set when this version was parsed from the previous one and has as many
   * lines: only lines `first`…`last` may differ from it; every other line is
   * the previous version's very object.
   */
  readonly changedLines?: { readonly first: number; readonly last: number };
}

export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** The line ending new lines should get: the file's own (the first one written, when mixed). */
export function preferredEol(doc: Pick<VmxDocument, 'lineEnding' | 'lines'>): '\n' | '\r\n' | '\r' {
  if (doc.lineEnding === 'CRLF') return '\r\n';
  if (doc.lineEnding === 'CR') return '\r';
  if (doc.lineEnding === 'LF') return '\n';
  const first = doc.lines.find((l) => l.eol !== '')?.eol;
  return first === '\r\n' || first === '\r' ? first : '\n';
}
