/**
 * Host profiles: what a host (a real CPU, or an EVC baseline) offers, bit by
 * bit. A profile is JSON (server/data/profile.schema.json):
 *
 * - `features`: canonical bit-database names the host has. For an EVC
 *   baseline every other catalogued single-bit feature is known absent (the
 *   baseline is the whole set the guest may see; unlisted security mitigations
 *   stay unknown, as they depend on microcode); for a host, only the other
 *   bits of the registers those names live in are. This is how EVC baselines
 *   are written: as VMware's feature lists.
 * - `registers`: explicit values, `"<leaf>.<subleaf>.<reg>": "<32 flags>"`
 *   (hex leaf/subleaf without 0x, bit 31 first, `1` known 1, `0` known 0,
 *   `-` unknown, `:` and blanks ignored). This is how real hosts are written
 *   (imported from CPUID dumps). Explicit registers win over `features`.
 */
import { memoByObject } from '../util/memo';
import { findFeature, featureByName, allFeatures, CpuidRegister } from '../knowledge/bitDatabase';

export type ProfileVendor = 'intel' | 'amd';
export type ProfileKind = 'evc-baseline' | 'host';
export type ProvenanceConfidence = 'primary' | 'secondary' | 'derived' | 'unverified';

export interface Provenance {
  readonly source: string;
  readonly confidence: ProvenanceConfidence;
  readonly note?: string;
}

export interface ProfileJson {
  readonly name: string;
  readonly vendor: ProfileVendor;
  readonly kind: ProfileKind;
  readonly title: string;
  readonly description?: string;
  readonly provenance: readonly Provenance[];
  /** What is not certain about this profile, in words. */
  readonly uncertain?: readonly string[];
  readonly features?: readonly string[];
  readonly registers?: Readonly<Record<string, string>>;
}

export type BitState = 0 | 1 | undefined;

/** Bits that vary with how a dump was taken or mirror guest state: never host features. */
export const NOT_HOST_FEATURES: ReadonlySet<string> = new Set(['osxsave', 'ospke', 'hypervisor', 'syscall']);

export interface Profile {
  readonly json: ProfileJson;
  readonly name: string;
  readonly vendor: ProfileVendor;
  readonly kind: ProfileKind;
  /** 0/1 when known, undefined when unknown. `subleaf` null means 0. */
  bit(leaf: number, subleaf: number | null, register: CpuidRegister, bit: number): BitState;
  /** Whether the host has a feature (canonical name), when known. */
  has(feature: string): boolean | undefined;
}

const REGISTER_INDEX: Record<CpuidRegister, number> = { eax: 0, ebx: 1, ecx: 2, edx: 3 };

/**
 * A number naming a register, for the hot lookups (a profile is asked about
 * every feature bit for every target): no string is built per lookup.
 */
function registerNumber(leaf: number, subleaf: number | null, register: CpuidRegister): number {
  return ((leaf >>> 0) * 4096 + (subleaf ?? 0) * 4 + REGISTER_INDEX[register]);
}

export function registerKey(leaf: number, subleaf: number | null, register: CpuidRegister): string {
  return `${leaf.toString(16)}.${(subleaf ?? 0).toString(16)}.${register}`;
}

/** `registerKey` of a long-lived object (a bit-database entry, a mask key), formatted once per object. */
export const registerKeyOf: (r: { readonly leaf: number; readonly subleaf: number | null; readonly register: CpuidRegister }) => string = memoByObject((r) =>
  registerKey(r.leaf, r.subleaf, r.register),
);

/** Parses `"0111:----:…"` into 32 states, bit 31 first in the text. Throws with a clear message. */
export function parseRegisterFlags(text: string, where: string): BitState[] {
  const flags: BitState[] = [];
  for (const ch of text) {
    if (ch === ':' || ch === ' ' || ch === '\t') continue;
    if (ch === '1') flags.push(1);
    else if (ch === '0') flags.push(0);
    else if (ch === '-') flags.push(undefined);
    else throw new Error(`${where}: "${ch}" is not 0, 1 or -`);
  }
  if (flags.length !== 32) throw new Error(`${where}: ${flags.length} flags, expected 32 (bit 31 first)`);
  return flags.reverse(); // index = bit number
}

export function createProfile(json: ProfileJson): Profile {
  const registers = new Map<number, BitState[]>();
  const featureSet = new Set<string>();
  for (const name of json.features ?? []) {
    const entry = featureByName(name) ?? findFeature(name)[0];
    if (!entry) throw new Error(`profile ${json.name}: unknown feature "${name}"`);
    featureSet.add(entry.name);
  }
  if (featureSet.size > 0) {
    // An EVC baseline is the whole feature set: every catalogued feature bit it does not list is
    // absent. A host described by a feature list (e.g. /proc/cpuinfo) only speaks for the
    // registers its features live in; elsewhere bits stay unknown.
    const spoken = new Set<string>();
    for (const name of featureSet) {
      const e = featureByName(name)!;
      spoken.add(registerKey(e.leaf, e.subleaf, e.register));
    }
    for (const e of allFeatures()) {
      if (e.isField || NOT_HOST_FEATURES.has(e.name)) continue;
      if (json.kind !== 'evc-baseline' && !spoken.has(registerKey(e.leaf, e.subleaf, e.register))) continue;
      const number = registerNumber(e.leaf, e.subleaf, e.register);
      // Speculation controls come with microcode, not with a CPU generation: unless listed, unknown.
      // Likewise bits the hypervisor itself provides (x2APIC, TSC deadline: gated by VMM.*).
      if (json.kind === 'evc-baseline' && !featureSet.has(e.name) && (e.kind === 'security-mitigation' || e.gatedBy?.some((g) => g.startsWith('VMM.')))) continue;
      let bits = registers.get(number);
      if (!bits) registers.set(number, (bits = new Array<BitState>(32).fill(undefined)));
      bits[e.lo] = featureSet.has(e.name) ? 1 : 0;
    }
  }
  for (const [key, text] of Object.entries(json.registers ?? {})) {
    registers.set(normaliseRegisterKey(key, json.name), parseRegisterFlags(text, `profile ${json.name}, register ${key}`));
  }
  const bit = (leaf: number, subleaf: number | null, register: CpuidRegister, b: number): BitState =>
    registers.get(registerNumber(leaf, subleaf, register))?.[b];
  return {
    json,
    name: json.name,
    vendor: json.vendor,
    kind: json.kind,
    bit,
    has(feature: string) {
      const e = featureByName(feature) ?? findFeature(feature)[0];
      if (!e || e.isField) return undefined;
      const state = bit(e.leaf, e.subleaf, e.register, e.lo);
      return state === undefined ? undefined : state === 1;
    },
  };
}

function normaliseRegisterKey(key: string, profile: string): number {
  const parts = key.toLowerCase().split('.');
  const reg = parts.pop();
  if (!reg || !['eax', 'ebx', 'ecx', 'edx'].includes(reg) || parts.length < 1 || parts.length > 2 || !parts.every((p) => /^[0-9a-f]{1,8}$/.test(p))) {
    throw new Error(`profile ${profile}: register key "${key}" is not <leaf>.<subleaf>.<eax|ebx|ecx|edx> (hex)`);
  }
  return registerNumber(parseInt(parts[0]!, 16), parts.length === 2 ? parseInt(parts[1]!, 16) : null, reg as CpuidRegister);
}
