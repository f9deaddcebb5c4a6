/**
 * Feature names as vSphere, ESXi and Workstation print them in CPU
 * compatibility errors → catalogued CPUID bits.
 *
 * Order of attempts (first that resolves wins):
 * 1. VMware keys: `cpuid.SS`, `featMask.vm.cpuid.AVX`, `com.vmware.vim.vmfeature.cpuid.avx`
 *    → the VMware name, through bitDatabase.findFeature (VMware aliases).
 * 2. A parenthesised short name at the end: "Advanced Vector Extensions (AVX)" → AVX.
 * 3. The own-words phrase table below, for names vCenter prints without a short name.
 * 4. The whole text as a name, when it is one or two words ("PCID", "SSE4.1").
 *
 * Pure module: no I/O, no editor imports.
 */
import { CpuidBitEntry, featureByName, findFeature } from '../knowledge/bitDatabase';

export type ResolvedVia = 'vmware-key' | 'short-name' | 'phrase' | 'name';

export interface ResolvedName {
  /** The name as printed (bullet and trailing punctuation removed). */
  readonly text: string;
  readonly entries: readonly CpuidBitEntry[];
  readonly via: ResolvedVia;
}

export interface PhraseRule {
  /** Matched against the lower-cased name with runs of white space collapsed. */
  readonly pattern: RegExp;
  /** Canonical names in the bit database. */
  readonly features: readonly string[];
  /** Why this phrase means these bits (shown in docs/DIAGNOSTICS.md-style documentation and tests). */
  readonly why: string;
}

/**
 * The phrase table: descriptive names with no parenthesised short name.
 * Kept small on purpose; each row says where the wording was seen and which
 * bit it names. Patterns are anchored so that free text does not match.
 */
export const PHRASE_TABLE: readonly PhraseRule[] = [
  {
    pattern: /^instructions to read and write fs and gs base registers$/,
    features: ['fsgsbase'],
    why: 'vCenter vMotion feature list (domain notes §5.1, michaelm.info); RDFSBASE/WRFSBASE/RDGSBASE/WRGSBASE are enumerated by CPUID.(EAX=07H,ECX=0):EBX[0] (Intel SDM).',
  },
  {
    pattern: /^xsave sse state$/,
    features: ['xcr0_sse'],
    why: 'vCenter vMotion feature list (domain notes §5.1); the SSE state component of XSAVE is XCR0 bit 1, enumerated by CPUID.(EAX=0DH,ECX=0):EAX[1]; VMware name XCR0_MASTER_SSE.',
  },
  {
    pattern: /^xsave (?:ymm|avx) state$/,
    features: ['xcr0_ymm'],
    why: 'vCenter vMotion feature list (domain notes §5.1); the upper YMM halves (AVX state) are XCR0 bit 2, CPUID.(EAX=0DH,ECX=0):EAX[2]; VMware name XCR0_MASTER_YMM_H.',
  },
  {
    pattern: /^xsave (?:zmm_?h(?:i256)?|zmm upper halves) state$/,
    features: ['xcr0_zmm_hi256'],
    why: 'By analogy with "XSAVE YMM State": XCR0 bit 6 (ZMM_Hi256), VMware name XCR0_MASTER_ZMM_H. Wording not seen in a real message.',
  },
  {
    pattern: /^xsave (?:hi16[_ ]?zmm) state$/,
    features: ['xcr0_hi16_zmm'],
    why: 'By analogy with "XSAVE YMM State": XCR0 bit 7 (Hi16_ZMM), VMware name XCR0_MASTER_HI16_ZMM. Wording not seen in a real message.',
  },
  {
    pattern: /^xsave (?:opmask|k) state$/,
    features: ['xcr0_opmask'],
    why: 'By analogy with "XSAVE YMM State": XCR0 bit 5 (opmask), VMware name XCR0_MASTER_OPMASK. Wording not seen in a real message.',
  },
  {
    pattern: /^xsave pkru state$/,
    features: ['xcr0_pkru'],
    why: 'By analogy with "XSAVE YMM State": XCR0 bit 9 (PKRU), VMware name XCR0_MASTER_PKRU. Wording not seen in a real message.',
  },
  {
    pattern: /^process[- ]context identifiers?$/,
    features: ['pcid'],
    why: 'The Intel SDM name of PCID (CPUID.01H:ECX[17]); vCenter prints "PCID", which resolves by name.',
  },
  {
    pattern: /^(?:execute[- ]disable(?: bit)?|no[- ]execute(?: page protection)?|xd|nx\/xd|xd\/nx)$/,
    features: ['nx'],
    why: 'vSphere docs call the feature "AMD No eXecute (NX)" and "Intel eXecute Disable (XD)"; both are CPUID.80000001H:EDX[20].',
  },
  {
    pattern: /^supervisor[- ]mode execution (?:prevention|protection)$/,
    features: ['smep'],
    why: 'Intel SDM name of SMEP, CPUID.(EAX=07H,ECX=0):EBX[7].',
  },
  {
    pattern: /^supervisor[- ]mode access prevention$/,
    features: ['smap'],
    why: 'Wording of the Broadwell EVC mode description (domain notes §4.2, UNVERIFIED); SMAP is CPUID.(EAX=07H,ECX=0):EBX[20].',
  },
  {
    pattern: /^transactional synchronization extensions$/,
    features: ['hle', 'rtm'],
    why: 'Wording of the Broadwell EVC mode description (domain notes §4.2, UNVERIFIED); TSX is HLE (EBX[4]) and RTM (EBX[11]) of CPUID.(EAX=07H,ECX=0).',
  },
  {
    pattern: /^multi-?precision add-?carry(?: instruction extensions)?$/,
    features: ['adx'],
    why: 'Wording of the Broadwell EVC mode description (domain notes §4.2, UNVERIFIED); ADX is CPUID.(EAX=07H,ECX=0):EBX[19].',
  },
  {
    pattern: /^(?:memory )?protection keys(?: for user-mode pages)?$/,
    features: ['pku'],
    why: 'Wording of the Skylake EVC mode description (domain notes §4.2, UNVERIFIED); PKU is CPUID.(EAX=07H,ECX=0):ECX[3].',
  },
  {
    pattern: /^lzcnt$/,
    features: ['abm'],
    why: 'LZCNT is enumerated by CPUID.80000001H:ECX[5] (AMD "ABM", Intel "LZCNT"); VMware name ABM.',
  },
];

const BULLET = /^\s*(?:[-*•·‣◦▪–—]|\d+[.)]|\(\d+\))\s+/;

/** The name without a list bullet, surrounding quotes or trailing punctuation. */
export function cleanName(raw: string): string {
  return raw
    .replace(BULLET, '')
    .trim()
    .replace(/^["'`]+|["'`]+$/g, '')
    .replace(/[.;,]+$/, '')
    .trim();
}

export function isBulleted(line: string): boolean {
  return BULLET.test(line);
}

function unique(entries: readonly CpuidBitEntry[]): CpuidBitEntry[] {
  return [...new Set(entries)];
}

/** A feature name as printed in an error message → bits, or undefined when it is not one. */
export function resolveFeatureName(raw: string): ResolvedName | undefined {
  const text = cleanName(raw);
  if (text === '' || text.length > 90) return undefined;
  const key = /^(?:com\.vmware\.vim\.vmfeature\.|featmask\.(?:vm|evc)\.)?cpuid\.([a-z0-9_.]+)$/i.exec(text);
  if (key) {
    const entries = findFeature(key[1]!);
    return entries.length > 0 ? { text, entries: unique(entries), via: 'vmware-key' } : undefined;
  }
  const paren = /\(([^()]{1,30})\)\s*$/.exec(text);
  if (paren) {
    const entries = findFeature(paren[1]!.trim());
    if (entries.length > 0) return { text, entries: unique(entries), via: 'short-name' };
  }
  const phrase = text.toLowerCase().replace(/\s+/g, ' ');
  for (const rule of PHRASE_TABLE) {
    if (!rule.pattern.test(phrase)) continue;
    const entries = rule.features.map((n) => featureByName(n)).filter((e): e is CpuidBitEntry => e !== undefined);
    if (entries.length > 0) return { text, entries, via: 'phrase' };
  }
  if (text.split(/\s+/).length <= 2 && /^[a-z0-9][a-z0-9_. -]*$/i.test(text)) {
    const entries = findFeature(text);
    if (entries.length > 0) return { text, entries: unique(entries), via: 'name' };
  }
  return undefined;
}

/**
 * Splits "SSE4.1, SSE4.2 and AES" (or "a; b") into names. " and " splits only
 * when every part is a feature: "Instructions to read and write FS and GS base
 * registers" stays one name.
 */
export function splitNameList(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(/\s*[,;]\s*/).map(cleanName)) {
    if (piece === '') continue;
    if (resolveFeatureName(piece) === undefined && /\sand\s/i.test(piece)) {
      const parts = piece.split(/\s+and\s+/i).map(cleanName);
      if (parts.every((p) => resolveFeatureName(p) !== undefined)) {
        out.push(...parts);
        continue;
      }
    }
    out.push(piece);
  }
  return out;
}
