/**
 * Ready-to-paste lines that hide CPUID bits from a VM: register masks
 * (`cpuid.1.ecx = "---0:…"`) and featMask lines, with the features that must
 * be hidden too because they need a hidden one (the guest must not see AVX2
 * without AVX), and whether the hiding is enforced or only advisory.
 *
 * Pure module.
 */
import { CpuidBitEntry, effectiveEnforcement, Enforcement, lookupBit, requiresClosure } from '../knowledge/bitDatabase';
import { canonicalMaskKey, Register } from '../model/maskKey';
import { featureLabel, judgedFeatureList } from '../compat/engine';
import { groupFlags } from '../model/maskValue';

/** One bit to hide; `entry` is undefined for bits the catalogue does not describe. */
export interface BitRef {
  readonly leaf: number;
  readonly subleaf: number | null;
  readonly register: Register;
  readonly bit: number;
  readonly entry?: CpuidBitEntry;
}

export interface MaskLine {
  readonly key: string;
  /** 32 flags, `0` at the hidden bits, `-` elsewhere, grouped by four. */
  readonly value: string;
  /** `cpuid.1.ecx = "----:…"` */
  readonly line: string;
  /** Labels of what this line hides, e.g. `AVX (bit 28)`. */
  readonly hides: readonly string[];
}

export interface HidePlan {
  readonly maskLines: readonly MaskLine[];
  readonly featMaskLines: readonly string[];
  /** Features hidden only because they need a hidden feature (labels). */
  readonly dependents: readonly string[];
  /** Hidden bits that have no VMware featMask name (labels): only the register mask hides them. */
  readonly withoutVmwareName: readonly string[];
  /** Bits that cannot be hidden (identification fields, guest-state bits), with why. */
  readonly notHideable: readonly string[];
  /** Labels of the explicitly hidden features whose hiding is advisory only (in the context of everything hidden). */
  readonly advisory: readonly string[];
  /** Canonical names of everything hidden (for enforcement in context). */
  readonly hiddenNames: readonly string[];
}

/** Whether a mask `0` at this bit hides a feature (not an identity field or a bit that mirrors guest state). */
export function isHideable(ref: BitRef): boolean {
  const e = ref.entry;
  if (e === undefined) return true;
  return !e.isField && e.kind !== 'identification' && e.kind !== 'os-reflected';
}

export function bitRefOf(entry: CpuidBitEntry): BitRef {
  return { leaf: entry.leaf, subleaf: entry.subleaf, register: entry.register, bit: entry.lo, entry };
}

export function refLabel(ref: BitRef): string {
  return ref.entry ? featureLabel(ref.entry) : `bit ${ref.bit} (not catalogued)`;
}

/** `xxxx:xxxx:…` with `0` at the given bits and `-` elsewhere. */
export function hidingMaskValue(bits: Iterable<number>): string {
  const flags = new Array<string>(32).fill('-');
  for (const b of bits) flags[31 - b] = '0';
  return groupFlags(flags);
}

/** `----:X---:…`: where a bit sits in a mask value (X marks it). */
export function flagPosition(bit: number): string {
  const flags = new Array<string>(32).fill('-');
  flags[31 - bit] = 'X';
  return groupFlags(flags);
}

/** 1-based position of a bit's flag counted from the left (bit 31 is flag 1). */
export function flagNumber(bit: number): number {
  return 32 - bit;
}

const ENFORCEMENT_WORDS: Record<Enforcement, string> = {
  enforceable: 'enforced',
  advisory: 'advisory only',
  'not-applicable': 'not applicable',
};

export function enforcementWords(e: Enforcement | 'unknown'): string {
  return e === 'unknown' ? 'unknown (bit not catalogued)' : ENFORCEMENT_WORDS[e];
}

/**
 * Mask and featMask lines that hide `refs` (plus every judged feature that
 * needs one of them), grouped by register in catalogue order.
 */
export function planHiding(refs: readonly BitRef[]): HidePlan {
  const notHideable: string[] = [];
  const chosen: BitRef[] = [];
  const seen = new Set<string>();
  const keyOf = (r: BitRef) => `${r.leaf}:${r.subleaf ?? 0}:${r.register}:${r.bit}`;
  for (const r of refs) {
    const entry = r.entry ?? lookupBit(r.leaf, r.subleaf, r.register, r.bit);
    const ref = entry === undefined ? r : { ...r, entry };
    if (!isHideable(ref)) {
      notHideable.push(`${refLabel(ref)}: ${ref.entry?.kind === 'os-reflected' ? 'mirrors guest state; it is not a host feature' : 'identifies the CPU (family, model, vendor …); a mask cannot make two CPUs identical for vMotion'}`);
      continue;
    }
    if (seen.has(keyOf(ref))) continue;
    seen.add(keyOf(ref));
    chosen.push(ref);
  }
  const hiddenNames = new Set(chosen.flatMap((r) => (r.entry ? [r.entry.name] : [])));
  const dependents: BitRef[] = [];
  for (const e of judgedFeatureList()) {
    if (hiddenNames.has(e.name) || e.isField) continue;
    if (!requiresClosure(e.name).some((n) => hiddenNames.has(n))) continue;
    const ref = bitRefOf(e);
    if (seen.has(keyOf(ref))) continue;
    seen.add(keyOf(ref));
    dependents.push(ref);
  }
  for (const d of dependents) if (d.entry) hiddenNames.add(d.entry.name);

  const all = [...chosen, ...dependents];
  const registers = new Map<string, { key: string; order: number; bits: BitRef[] }>();
  for (const r of all) {
    const key = canonicalMaskKey(r.leaf, r.subleaf, r.register, false);
    let reg = registers.get(key);
    if (!reg) {
      const order = (r.leaf >= 0x80000000 ? 1e10 : 0) + (r.leaf % 0x80000000) * 1000 + (r.subleaf ?? 0) * 10 + ['eax', 'ebx', 'ecx', 'edx'].indexOf(r.register);
      registers.set(key, (reg = { key, order, bits: [] }));
    }
    reg.bits.push(r);
  }
  const maskLines: MaskLine[] = [...registers.values()]
    .sort((a, b) => a.order - b.order)
    .map(({ key, bits }) => {
      const sorted = [...bits].sort((a, b) => b.bit - a.bit);
      const value = hidingMaskValue(sorted.map((b) => b.bit));
      return { key, value, line: `${key} = "${value}"`, hides: sorted.map((b) => `${refLabel(b)} (bit ${b.bit})`) };
    });

  // featMask lines name the decoded features only: the dependents are covered by the register lines
  // (listing dozens of AVX-512/AMX featMask lines would bury the ones that matter).
  const featMaskLines: string[] = [];
  const withoutVmwareName: string[] = [];
  for (const r of chosen) {
    const vmware = r.entry?.aliases.vmware?.[0];
    if (vmware) {
      const line = `featMask.vm.cpuid.${vmware} = "Val:0"`;
      if (!featMaskLines.includes(line)) featMaskLines.push(line);
    } else withoutVmwareName.push(refLabel(r));
  }

  const advisory: string[] = [];
  for (const r of chosen) {
    if (!r.entry) continue;
    if (effectiveEnforcement(r.entry.name, hiddenNames) === 'advisory') {
      advisory.push(featureLabel(r.entry));
    }
  }
  return {
    maskLines,
    featMaskLines,
    dependents: dependents.map(refLabel),
    withoutVmwareName,
    notHideable,
    advisory,
    hiddenNames: [...hiddenNames],
  };
}
