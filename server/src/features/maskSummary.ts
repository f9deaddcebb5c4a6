/**
 * A short account of what a mask changes, flag by flag: `−AVX −F16C
 * host:VMX`. Shared by inlay hints and (later) review diffs and textconv.
 */
import { lookupBit } from '../knowledge/bitDatabase';
import type { MaskLine } from '../model/cpuidView';
import { decodeSignature, describeSignature, forcedValue, registerAscii } from '../model/signature';

const PREFIX: Record<string, string> = { '0': '−', '1': '+', H: 'host:', h: 'host:', R: 'R:', T: 'T:', F: 'F:', x: 'x:', X: 'x:' };

export interface MaskChange {
  readonly bit: number;
  readonly flag: string;
  /** Feature name (VMware spelling where known), or `bitN` for uncatalogued bits. */
  readonly feature: string;
  readonly label: string;
}

/** Every non-default flag of a complete mask, bit 31 first; fields are summarised whole. */
export function maskChanges(mask: MaskLine): MaskChange[] {
  const { key, value } = mask;
  if (!value.complete) return [];
  const out: MaskChange[] = [];
  const fieldsDone = new Set<string>();
  value.flags.forEach((f, i) => {
    if (f.char === '-') return;
    const bit = 31 - i;
    const e = lookupBit(key.leaf, key.subleaf, key.register, bit);
    if (e?.isField) {
      if (fieldsDone.has(e.name)) return;
      fieldsDone.add(e.name);
      out.push({ bit, flag: f.char, feature: e.name, label: `${e.name}:${value.flags.slice(31 - e.hi, 32 - e.lo).map((x) => x.char).join('')}` });
      return;
    }
    const feature = e ? (e.aliases.vmware?.[0] ?? e.name.toUpperCase()) : `bit${bit}`;
    out.push({ bit, flag: f.char, feature, label: `${PREFIX[f.char] ?? `${f.char}:`}${feature}` });
  });
  return out;
}

/** One line for the end of a mask: what it does, or what its forced bits spell. */
export function maskSummary(mask: MaskLine, max = 8): string | undefined {
  const { key, value } = mask;
  if (!value.complete) return undefined;
  if (key.leaf === 0 && key.register !== 'eax') {
    const n = forcedValue(value);
    if (n !== undefined) return `vendor "${registerAscii(n)}"`;
  }
  if (key.leaf === 1 && key.register === 'eax') {
    const sig = describeSignature(decodeSignature(value));
    if (sig) return sig;
  }
  // Features in alphabetical order (−AVX −F16C −FMA), reads better than bit order; uncatalogued bits last, bit 31 first.
  const changes = [...maskChanges(mask)].sort(bySummaryOrder);
  if (changes.length === 0) return undefined;
  const shown = changes.slice(0, max).map((c) => c.label);
  if (changes.length > max) shown.push(`+${changes.length - max} more`);
  return shown.join(' ');
}

const UNCATALOGUED = /^bit\d+$/;

function bySummaryOrder(a: MaskChange, b: MaskChange): number {
  const ua = UNCATALOGUED.test(a.feature);
  const ub = UNCATALOGUED.test(b.feature);
  if (ua !== ub) return ua ? 1 : -1;
  if (ua) return b.bit - a.bit;
  return a.feature.localeCompare(b.feature, 'en', { sensitivity: 'base', numeric: true }) || b.bit - a.bit;
}
