/**
 * VMware's own feature vocabulary: the names that follow `featMask.vm.cpuid.`
 * (also `cpuid.<NAME>` keys and FeatureCompat log lines). Matching is
 * case-insensitive: real files write `Intel`, `pdpe1gb`, `MWAIT`.
 */
import { memoByString } from '../util/memo';
import { closest, distance } from 'fastest-levenshtein';
import names from '../../data/vmware-feature-names.json';

const CPUID_NAMES: readonly string[] = names.cpuid;
const BY_UPPER = new Map(CPUID_NAMES.map((n) => [n.toUpperCase(), n]));
const OTHER_FAMILIES = new Map(names.otherFamilies.map((n) => [n.toLowerCase(), n]));

export function isKnownVmwareCpuidName(name: string): boolean {
  return BY_UPPER.has(name.toUpperCase());
}

/** `hv.capable`, `vt.realmode`, `misc.cpuidFaulting`, `vpmc.*` … */
export function isKnownVmwareFeatureFamilyKey(familyAndName: string): boolean {
  return OTHER_FAMILIES.has(familyAndName.toLowerCase());
}

export function vmwareCpuidNames(): readonly string[] {
  return CPUID_NAMES;
}

/** Up to `n` known names nearest to `name` (edit distance ≤ 3, or a prefix match). */
export function suggestVmwareCpuidNames(name: string, n = 3): string[] {
  // Memoised by name (a misspelled name is asked about again on every version of the document).
  return n === 3 ? suggestThree(name) : suggest(name, n);
}

const suggestThree = memoByString((name: string): string[] => suggest(name, 3));

function suggest(name: string, n: number): string[] {
  const upper = name.toUpperCase();
  const scored = CPUID_NAMES.map((c) => ({ c, d: distance(upper, c) }))
    .filter(({ c, d }) => d <= 3 || c.startsWith(upper) || upper.startsWith(c))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  const out = scored.slice(0, n).map((s) => s.c);
  if (out.length === 0 && upper.length > 0) out.push(closest(upper, CPUID_NAMES as string[]));
  return out;
}
