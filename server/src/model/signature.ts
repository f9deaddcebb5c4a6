/**
 * What forced bits spell when a mask spoofs identity: the vendor string of
 * leaf 0 (EBX, EDX, ECX hold four ASCII characters each, lowest byte first)
 * and the family/model/stepping signature of leaf 1 EAX.
 */
import type { MaskValue } from './maskValue';

/** The register value when every flag is a forced 0 or 1; undefined otherwise. */
export function forcedValue(value: MaskValue): number | undefined {
  if (!value.complete) return undefined;
  let n = 0;
  for (const f of value.flags) {
    if (f.char !== '0' && f.char !== '1') return undefined;
    n = n * 2 + (f.char === '1' ? 1 : 0);
  }
  return n;
}

/** Value of bits lo..hi when all of them are forced. */
export function forcedField(value: MaskValue, lo: number, hi: number): number | undefined {
  if (!value.complete) return undefined;
  let n = 0;
  for (let bit = hi; bit >= lo; bit--) {
    const c = value.flags[31 - bit]!.char;
    if (c !== '0' && c !== '1') return undefined;
    n = n * 2 + (c === '1' ? 1 : 0);
  }
  return n;
}

/** Four characters of a vendor-string register, lowest byte first; non-printable bytes as \xNN. */
export function registerAscii(n: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) {
    const byte = (n >>> (8 * i)) & 0xff;
    s += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return s;
}

export interface Signature {
  readonly stepping?: number;
  readonly model?: number;
  readonly family?: number;
  readonly type?: number;
  readonly extModel?: number;
  readonly extFamily?: number;
  /** Family as software reads it: family + extended family when family is 0xF. */
  readonly displayFamily?: number;
  /** Model as software reads it: extended model joins in for families 6 and 0xF. */
  readonly displayModel?: number;
}

/** Decodes the forced fields of a leaf 1 EAX mask. */
export function decodeSignature(value: MaskValue): Signature {
  const stepping = forcedField(value, 0, 3);
  const model = forcedField(value, 4, 7);
  const family = forcedField(value, 8, 11);
  const type = forcedField(value, 12, 13);
  const extModel = forcedField(value, 16, 19);
  const extFamily = forcedField(value, 20, 27);
  const sig: { -readonly [K in keyof Signature]: Signature[K] } = {};
  if (stepping !== undefined) sig.stepping = stepping;
  if (model !== undefined) sig.model = model;
  if (family !== undefined) sig.family = family;
  if (type !== undefined) sig.type = type;
  if (extModel !== undefined) sig.extModel = extModel;
  if (extFamily !== undefined) sig.extFamily = extFamily;
  if (family !== undefined && (family !== 0xf || extFamily !== undefined)) sig.displayFamily = family === 0xf ? family + extFamily! : family;
  if (model !== undefined && family !== undefined) {
    if (family === 6 || family === 0xf) {
      if (extModel !== undefined) sig.displayModel = (extModel << 4) + model;
    } else sig.displayModel = model;
  }
  return sig;
}

export function describeSignature(sig: Signature): string | undefined {
  const parts: string[] = [];
  const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;
  if (sig.displayFamily !== undefined) parts.push(`family ${sig.displayFamily} (${hex(sig.displayFamily)})`);
  else if (sig.family !== undefined) parts.push(`base family ${hex(sig.family)}`);
  if (sig.displayModel !== undefined) parts.push(`model ${sig.displayModel} (${hex(sig.displayModel)})`);
  else if (sig.model !== undefined) parts.push(`base model ${hex(sig.model)}`);
  if (sig.stepping !== undefined) parts.push(`stepping ${sig.stepping}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
