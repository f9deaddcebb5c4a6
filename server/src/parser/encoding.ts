/**
 * Byte decoding by the file's own `.encoding` declaration, as VMware and
 * libvirt read it. Legacy encodings (windows-1252, windows-1251, GBK,
 * Shift_JIS …) are decoded with iconv-lite; invalid bytes become U+FFFD and
 * are reported, never thrown.
 */
import * as iconv from 'iconv-lite';
import { parseLine } from './parse';

export interface DecodedText {
  readonly text: string;
  /** The encoding actually used (the declaration, or UTF-8). */
  readonly encoding: string;
  /** The declaration as written, if any. */
  readonly declared?: string;
  /** Whether the declaration named an encoding we cannot decode (UTF-8 was used). */
  readonly unknownDeclaration: boolean;
  /** 0-based line/character of the first undecodable byte on each affected line. */
  readonly invalid: readonly { line: number; character: number }[];
}

export function isKnownEncoding(name: string): boolean {
  return iconv.encodingExists(name.trim());
}

export function isUtf8Name(name: string): boolean {
  return /^utf-?8$/i.test(name.trim());
}

/**
 * Finds `.encoding = "…"` in raw bytes. The declaration is ASCII, and every
 * encoding VMware writes is ASCII-compatible, so reading the bytes as Latin-1
 * finds it without knowing the encoding yet.
 */
export function sniffDeclaredEncoding(bytes: Uint8Array): string | undefined {
  // One byte, one character (windows-1252 in WHATWG terms: ASCII stays ASCII), decoded natively.
  const latin1 = LATIN1.decode(bytes);
  // Only lines that mention the key are parsed; keys compare case-insensitively (.ENCODING too).
  const mention = /\.encoding/gi;
  for (let m = mention.exec(latin1); m; m = mention.exec(latin1)) {
    // Lines end at \n, \r\n or a lone \r, as in parseVmx.
    const start = Math.max(latin1.lastIndexOf('\n', m.index), latin1.lastIndexOf('\r', m.index)) + 1;
    let end = latin1.length;
    for (const eol of ['\n', '\r']) {
      const at = latin1.indexOf(eol, m.index);
      if (at !== -1 && at < end) end = at;
    }
    const line = latin1.slice(start, end);
    const withoutBom = start === 0 && line.startsWith('\u00EF\u00BB\u00BF') ? line.slice(3) : line;
    const parsed = parseLine(withoutBom, 0, '');
    if (parsed.entry?.keyLower === '.encoding') return parsed.entry.value;
    mention.lastIndex = Math.max(mention.lastIndex, end);
  }
  return undefined;
}

const LATIN1 = new TextDecoder('latin1');
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_LENIENT = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeVmxBytes(bytes: Uint8Array): DecodedText {
  const declared = sniffDeclaredEncoding(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const known = declared !== undefined && isKnownEncoding(declared);
  // A UTF-8 BOM wins over a declaration: the writer evidently wrote UTF-8.
  const encoding = declared !== undefined && known && !hasUtf8Bom ? declared.trim() : 'UTF-8';
  let text: string;
  let replacementIsInvalid = true;
  if (isUtf8Name(encoding)) {
    try {
      text = UTF8_STRICT.decode(bytes);
      replacementIsInvalid = false; // valid UTF-8: any U+FFFD was written on purpose
    } catch {
      text = UTF8_LENIENT.decode(bytes);
      replacementIsInvalid = true;
    }
  } else {
    text = iconv.decode(buffer, encoding);
  }
  const invalid: { line: number; character: number }[] = [];
  if (replacementIsInvalid && text.includes('\uFFFD')) {
    let line = 0;
    let lineStart = hasUtf8Bom && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let reportedLine = -1;
    for (let i = lineStart; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        line++;
        lineStart = i + 1;
      } else if (c === 0xfffd && reportedLine !== line) {
        invalid.push({ line, character: i - lineStart });
        reportedLine = line;
      }
    }
  }
  return {
    text,
    encoding,
    ...(declared !== undefined ? { declared } : {}),
    unknownDeclaration: declared !== undefined && !known,
    invalid,
  };
}
