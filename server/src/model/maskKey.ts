/**
 * What a `cpuid.*` key is: a register mask (`cpuid.<leaf>[.<subleaf>].<reg>[.amd]`),
 * a named setting (`cpuid.coresPerSocket`, `cpuid.brandString`, `cpuid.AVX2` …),
 * or an attempt at a mask that VMware cannot read.
 *
 * VMware formats mask keys with `cpuid.%x.%s`, `cpuid.%x.%x.%s` and the same
 * with `.amd` (format strings found in vmware-vmx by a third party): leaf and
 * subleaf are lower-case hex without `0x` or zero padding.
 */
import { memoByObject, memoByString } from '../util/memo';

export type Register = 'eax' | 'ebx' | 'ecx' | 'edx';
export const REGISTERS: readonly Register[] = ['eax', 'ebx', 'ecx', 'edx'];

export interface MaskKey {
  readonly leaf: number;
  /** The subleaf as written; null when the key has none (`cpuid.1.ecx` means subleaf 0). */
  readonly subleaf: number | null;
  readonly register: Register;
  /** `.amd` masks replace the plain register on AMD hosts. */
  readonly amd: boolean;
  /** The spelling VMware writes. */
  readonly canonical: string;
  /** What differs from the canonical spelling, in words (empty when canonical). */
  readonly spellingIssues: readonly string[];
}

export type CpuidKey =
  | { readonly kind: 'mask'; readonly mask: MaskKey }
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'invalid'; readonly reason: string };

function isRegister(s: string): boolean {
  return (REGISTERS as readonly string[]).includes(s.toLowerCase());
}

/** Parses a hex leaf/subleaf as written; notes spellings VMware does not produce. */
function parseHex(text: string, issues: string[], what: string): number | undefined {
  let digits = text;
  if (/^0x/i.test(digits)) {
    issues.push(`${what} written with a 0x prefix`);
    digits = digits.slice(2);
  }
  if (digits.length === 0 || digits.length > 8 || !/^[0-9a-fA-F]+$/.test(digits)) return undefined;
  if (digits !== digits.toLowerCase()) issues.push(`${what} in upper-case hex`);
  if (digits.length > 1 && digits.startsWith('0')) issues.push(`${what} with leading zeros`);
  return parseInt(digits, 16);
}

export function canonicalMaskKey(leaf: number, subleaf: number | null, register: Register, amd: boolean): string {
  return `cpuid.${leaf.toString(16)}${subleaf === null ? '' : `.${subleaf.toString(16)}`}.${register}${amd ? '.amd' : ''}`;
}

/** Classifies a key that starts with `cpuid.` (any case); undefined for other keys. Memoised by key text. */
export const classifyCpuidKey: (key: string) => CpuidKey | undefined = memoByString(classifyCpuidKeyUncached);

function classifyCpuidKeyUncached(key: string): CpuidKey | undefined {
  if (key.length < 6 || key.slice(0, 6).toLowerCase() !== 'cpuid.') return undefined;
  const issues: string[] = [];
  if (key.slice(0, 6) !== 'cpuid.') issues.push('"cpuid" not in lower case');
  const parts = key.slice(6).split('.');
  let amd = false;
  if (parts.length > 1 && parts[parts.length - 1]!.toLowerCase() === 'amd') {
    if (parts[parts.length - 1] !== 'amd') issues.push('".amd" not in lower case');
    amd = true;
    parts.pop();
  }
  const registerAt = parts.findIndex(isRegister);
  if (registerAt === -1) {
    if (parts.some((p) => p.includes(':')) && parts.some((p) => /(^|:)e[abcd]x$/i.test(p))) {
      return { kind: 'invalid', reason: 'a ":" separates the register; mask keys use dots, as in cpuid.8000000a.eax' };
    }
    return { kind: 'named', name: parts.join('.') };
  }
  const register = parts[registerAt]!.toLowerCase() as Register;
  if (parts[registerAt] !== register) issues.push('register name not in lower case');
  if (registerAt !== parts.length - 1) {
    return {
      kind: 'invalid',
      reason: `"${parts.slice(registerAt + 1).join('.')}" after the register: VMware masks a whole register (32 flags); it has no named-bit keys like this`,
    };
  }
  const numbers = parts.slice(0, registerAt);
  if (numbers.length === 0) return { kind: 'invalid', reason: 'the leaf number is missing (cpuid.<leaf>.<register>)' };
  if (numbers.length > 2) return { kind: 'invalid', reason: `too many numbers before the register: a mask key has a leaf and at most one subleaf` };
  const leaf = parseHex(numbers[0]!, issues, 'leaf');
  if (leaf === undefined) return { kind: 'invalid', reason: `"${numbers[0]}" is not a hex leaf number` };
  let subleaf: number | null = null;
  if (numbers.length === 2) {
    const s = parseHex(numbers[1]!, issues, 'subleaf');
    if (s === undefined) return { kind: 'invalid', reason: `"${numbers[1]}" is not a hex subleaf number` };
    subleaf = s;
  }
  return {
    kind: 'mask',
    mask: { leaf, subleaf, register, amd, canonical: canonicalMaskKey(leaf, subleaf, register, amd), spellingIssues: issues },
  };
}

/** Same register whatever the spelling: `cpuid.1.ecx` and `cpuid.1.0.ecx` are one register. */
// Keys are shared (classifyCpuidKey is memoised), so each id is formatted once.
export const registerId: (mask: Pick<MaskKey, 'leaf' | 'subleaf' | 'register' | 'amd'>) => string = memoByObject(formatRegisterId);

function formatRegisterId(mask: Pick<MaskKey, 'leaf' | 'subleaf' | 'register' | 'amd'>): string {
  return `${mask.leaf.toString(16)}.${(mask.subleaf ?? 0).toString(16)}.${mask.register}${mask.amd ? '.amd' : ''}`;
}

/** `CPUID.(EAX=07H,ECX=0):EBX` — the notation of the Intel SDM. */
export function sdmRegisterName(leaf: number, subleaf: number | null, register: Register): string {
  const hex = leaf.toString(16).toUpperCase().padStart(2, '0');
  return `CPUID.(EAX=${hex}H${subleaf === null ? '' : `,ECX=${subleaf}`}):${register.toUpperCase()}`;
}
