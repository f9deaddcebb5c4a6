/**
 * VMware's value escaping (open-vm-tools `Escape_Undo('|', …)`): `|` followed
 * by two hex digits stands for that byte; any other `|` is kept as it is.
 * The bytes form UTF-8 text, so `|C3|A9` is "é".
 */
import type { VmxEscape } from './vmxDocument';
import { lineRange } from './vmxDocument';

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

const utf8 = new TextEncoder();
const utf8Lenient = new TextDecoder('utf-8', { fatal: false });

/**
 * Decodes the escapes of a raw value that starts at `column` on `line`.
 * Returns the value VMware sees and the position of every escape.
 */
export function decodeEscapes(raw: string, line: number, column: number): { value: string; escapes: VmxEscape[] } {
  if (!raw.includes('|')) return { value: raw, escapes: [] };
  const escapes: VmxEscape[] = [];
  const parts: Uint8Array[] = [];
  let literalStart = 0;
  for (let i = 0; i + 2 < raw.length; i++) {
    if (raw.charCodeAt(i) !== 124) continue;
    const hi = hexValue(raw.charCodeAt(i + 1));
    const lo = hexValue(raw.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) continue;
    const byte = hi * 16 + lo;
    parts.push(utf8.encode(raw.slice(literalStart, i)), Uint8Array.of(byte));
    escapes.push({ raw: raw.slice(i, i + 3), byte, range: lineRange(line, column + i, column + i + 3) });
    i += 2;
    literalStart = i + 1;
  }
  if (escapes.length === 0) return { value: raw, escapes };
  parts.push(utf8.encode(raw.slice(literalStart)));
  let total = 0;
  for (const p of parts) total += p.length;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    bytes.set(p, offset);
    offset += p.length;
  }
  return { value: utf8Lenient.decode(bytes), escapes };
}

/** The inverse, as VMware's writer does it: `"`, `|`, DEL and control characters but TAB. */
export function encodeEscapes(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '|' || c === 0x7f || (c < 0x20 && c !== 9)) out += `|${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}
