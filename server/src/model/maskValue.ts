/**
 * The value of a register mask: empty (VMware's default for every bit) or 32
 * flag characters, bit 31 first, with optional `:` or white-space separators
 * (vSphere Client: "an empty string, or 32 flag characters plus optional
 * whitespace and colons").
 */
import { flagMeaning, isSeparator } from './legend';
import { isTypographicDash } from '../parser/parse';
import { memoByString } from '../util/memo';

export interface MaskFlag {
  /** The character as written. */
  readonly char: string;
  /** Bit number 31…0. */
  readonly bit: number;
  /** Offset of the character within the raw value. */
  readonly offset: number;
}

export interface InvalidFlag {
  readonly char: string;
  readonly offset: number;
  /** Typographic dashes are reported by their own rule. */
  readonly typographic: boolean;
}

export interface MaskValue {
  readonly empty: boolean;
  /** Flags in written order; bit numbers are only meaningful when `complete`. */
  readonly flags: readonly MaskFlag[];
  /** Exactly 32 flags, all from the legend. */
  readonly complete: boolean;
  /** Number of flag characters written (anything that is not a separator). */
  readonly count: number;
  readonly invalid: readonly InvalidFlag[];
  /** Written as eight colon-separated groups of four. */
  readonly canonical: boolean;
  /** Looks like a hexadecimal number (0x…), which masks are not. */
  readonly looksHex: boolean;
}

/** Parses a mask value; memoised by text (values recur across lines, versions and files). */
export const parseMaskValue: (raw: string) => MaskValue = memoByString(parseMaskValueUncached);

function parseMaskValueUncached(raw: string): MaskValue {
  const written: { char: string; offset: number }[] = [];
  const invalid: InvalidFlag[] = [];
  for (let offset = 0; offset < raw.length; ) {
    const code = raw.codePointAt(offset)!;
    const char = code > 0xffff ? raw.slice(offset, offset + 2) : raw[offset]!;
    if (!isSeparator(char)) {
      written.push({ char, offset });
      if (!flagMeaning(char)) invalid.push({ char, offset, typographic: isTypographicDash(char) });
    }
    offset += char.length;
  }
  const count = written.length;
  const complete = count === 32 && invalid.length === 0;
  const flags: MaskFlag[] = new Array<MaskFlag>(count);
  for (let i = 0; i < count; i++) {
    const { char, offset } = written[i]!;
    flags[i] = count === 32 && offset === i + (i >> 2) ? canonicalFlag(char, i) : { char, bit: count - 1 - i, offset };
  }
  return {
    empty: raw.trim() === '',
    flags,
    complete,
    count,
    invalid,
    canonical: complete && isCanonicalGrouping(raw),
    looksHex: /^\s*0x[0-9a-f]+\s*$/i.test(raw),
  };
}

/**
 * Flags of a 32-flag value written `xxxx:xxxx:…` sit at fixed offsets, so one
 * frozen object per (position, character) serves every such value: a large
 * file has thousands of distinct masks, and 32 objects each added up.
 */
const canonicalFlags: Map<string, MaskFlag>[] = Array.from({ length: 32 }, () => new Map());

function canonicalFlag(char: string, index: number): MaskFlag {
  const byChar = canonicalFlags[index]!;
  let flag = byChar.get(char);
  if (!flag) byChar.set(char, (flag = Object.freeze({ char, bit: 31 - index, offset: index + (index >> 2) })));
  return flag;
}

function isCanonicalGrouping(raw: string): boolean {
  if (raw.length !== 39) return false;
  for (let i = 0; i < 39; i++) if ((i % 5 === 4) !== (raw[i] === ':')) return false;
  return true;
}

/** Flag characters (bit 31 first) as VMware writes them: `xxxx:xxxx:…:xxxx`. */
export function groupFlags(chars: readonly string[]): string {
  let out = '';
  chars.forEach((c, i) => {
    if (i > 0 && i % 4 === 0) out += ':';
    out += c;
  });
  return out;
}

/** `xxxx:xxxx:…:xxxx`, keeping every flag. */
export function canonicalMaskText(flags: readonly { char: string }[]): string {
  return groupFlags(flags.map((f) => f.char));
}

/** The flag at a bit, when the value is complete. */
export function flagAtBit(value: MaskValue, bit: number): MaskFlag | undefined {
  return value.complete ? value.flags[31 - bit] : undefined;
}
