/**
 * CPUID knowledge base: typed, indexed access to server/data/cpuid-bits.json
 * (feature bits and multi-bit fields) and server/data/leaves.json (what every
 * leaf is for).
 *
 * Pure module: no editor/LSP imports. All indexes are built once, lazily, on
 * first use.
 *
 * Subleaf convention: leaves without subleaves are stored with `subleaf: null`
 * and are indexed as subleaf 0, so `cpuid.1.ecx` and `cpuid.1.0.ecx` resolve to
 * the same register. Likewise a key without a subleaf for a leaf that has
 * subleaves (`cpuid.7.ebx`) resolves to subleaf 0.
 *
 * Reserved bits are not in the data: lookups return `undefined` for them and
 * registerLayout() reports them as gaps (slots without an entry), which the UI
 * shows as "not catalogued / reserved".
 */
import bitData from '../../data/cpuid-bits.json';
import leafData from '../../data/leaves.json';
import { distance } from 'fastest-levenshtein';

export type CpuidRegister = 'eax' | 'ebx' | 'ecx' | 'edx';

export type FeatureKind =
  | 'user-instructions'
  | 'os-enabled-state'
  | 'system'
  | 'security-mitigation'
  | 'virtualization'
  | 'informational'
  | 'reserved'
  | 'os-reflected'
  | 'identification';

/**
 * - `enforceable`: hiding the bit really stops the guest, because the feature is
 *   gated by something the hypervisor controls (see `gatedBy`).
 * - `advisory`: the instructions keep working when the bit is hidden; only
 *   well-behaved software that checks CPUID is affected.
 * - `not-applicable`: identification fields, hints, status bits, os-reflected bits.
 */
export type Enforcement = 'enforceable' | 'advisory' | 'not-applicable';

export type Vendor = 'intel' | 'amd' | 'hygon' | 'zhaoxin' | 'centaur' | 'transmeta';

export type SourceKey = 'sdm' | 'apm' | 'linux' | 'libvirt' | 'x86-cpuid-db' | 'vmware-notes';

export interface FeatureAliases {
  /** libvirt / QEMU feature names (e.g. `pclmuldq`, `sse4.1`). */
  readonly libvirt?: readonly string[];
  /** VMware feature names as used in `featMask.vm.cpuid.<NAME>` / EVC masks. */
  readonly vmware?: readonly string[];
  /** Linux X86_FEATURE_* spellings that differ from the /proc/cpuinfo name. */
  readonly linux?: readonly string[];
  readonly other?: readonly string[];
}

export interface AliasEvidence {
  readonly vmware?: {
    readonly confidence: 'primary' | 'secondary' | 'derived' | 'uncertain';
    readonly ref: string;
  };
}

/** One catalogued bit (`bit`) or multi-bit field (`bits`). */
export interface CpuidBitEntry {
  readonly leaf: number;
  /** null when the leaf has no subleaves. */
  readonly subleaf: number | null;
  readonly register: CpuidRegister;
  /** Set for single-bit entries. */
  readonly bit?: number;
  /** Set for multi-bit fields: [lowest bit, highest bit], inclusive. */
  readonly bits?: readonly [number, number];
  /** Canonical lower-case name (Linux /proc/cpuinfo spelling where one exists). */
  readonly name: string;
  readonly aliases: FeatureAliases;
  readonly aliasEvidence?: AliasEvidence;
  readonly title: string;
  readonly description: string;
  readonly vendors: readonly Vendor[];
  readonly kind: FeatureKind;
  readonly enforcement: Enforcement;
  /** What makes hiding enforceable, e.g. `XCR0.YMM`, `CR4.SMEP`, `EFER.NXE`, `VMX.enable-RDTSCP`, `MSR.IA32_SPEC_CTRL`, `VMM.APIC`. */
  readonly gatedBy?: readonly string[];
  /** Canonical names of the features this one depends on. */
  readonly requires?: readonly string[];
  readonly firstIntel?: string;
  readonly firstAmd?: string;
  readonly deprecated?: boolean;
  readonly notes?: string;
  readonly sources: readonly SourceKey[];
  /** Derived: lowest bit covered (== bit for single bits). */
  readonly lo: number;
  /** Derived: highest bit covered (== bit for single bits). */
  readonly hi: number;
  /** Derived: true for multi-bit fields. */
  readonly isField: boolean;
}

/** A contiguous run of bits in a register; `entry` is undefined for reserved / not catalogued bits. */
export interface LayoutSlot {
  readonly lo: number;
  readonly hi: number;
  readonly entry?: CpuidBitEntry;
}

export interface LeafInfo {
  readonly leaf: number;
  readonly title: string;
  readonly purpose: string;
  /** False when the leaf is neither described in leaves.json nor in a known range. */
  readonly known: boolean;
  /** True when cpuid-bits.json catalogues at least one register of this leaf. */
  readonly hasCataloguedBits: boolean;
}

export interface SourceInfo {
  readonly title: string;
  readonly commit?: string;
  readonly url?: string;
}

interface RawEntry {
  leaf: number;
  subleaf: number | null;
  register: string;
  bit?: number;
  bits?: number[];
  name: string;
  [key: string]: unknown;
}

interface Index {
  readonly entries: readonly CpuidBitEntry[];
  /** key(leaf, subleaf, reg) -> 32 slots, each the entry covering that bit or undefined. */
  readonly registers: Map<string, (CpuidBitEntry | undefined)[]>;
  readonly byName: Map<string, CpuidBitEntry>;
  /** lower-cased canonical name or alias -> entries. */
  readonly byAnyName: Map<string, CpuidBitEntry[]>;
  /** loose key (lower-case, no - _ . or spaces) -> entries. */
  readonly byLooseName: Map<string, CpuidBitEntry[]>;
  readonly leavesWithBits: Set<number>;
  readonly leafInfo: Map<number, { title: string; purpose: string }>;
  readonly leafRanges: readonly { from: number; to: number; title: string; purpose: string }[];
}

let index: Index | undefined;

function regKey(leaf: number, subleaf: number | null | undefined, register: string): string {
  return `${leaf >>> 0}:${subleaf ?? 0}:${register.toLowerCase()}`;
}

function looseKey(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, '');
}

function pushMap<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

function allNamesOf(entry: CpuidBitEntry): string[] {
  const a = entry.aliases;
  return [entry.name, ...(a.libvirt ?? []), ...(a.vmware ?? []), ...(a.linux ?? []), ...(a.other ?? [])];
}

function build(): Index {
  const raw = (bitData as unknown as { entries: RawEntry[] }).entries;
  const entries: CpuidBitEntry[] = [];
  const registers = new Map<string, (CpuidBitEntry | undefined)[]>();
  const byName = new Map<string, CpuidBitEntry>();
  const byAnyName = new Map<string, CpuidBitEntry[]>();
  const byLooseName = new Map<string, CpuidBitEntry[]>();
  const leavesWithBits = new Set<number>();
  for (const r of raw) {
    const lo = r.bits ? r.bits[0]! : r.bit!;
    const hi = r.bits ? r.bits[1]! : r.bit!;
    const entry = Object.freeze({ ...r, lo, hi, isField: r.bits !== undefined }) as unknown as CpuidBitEntry;
    entries.push(entry);
    const key = regKey(entry.leaf, entry.subleaf, entry.register);
    let slots = registers.get(key);
    if (slots === undefined) {
      slots = new Array<CpuidBitEntry | undefined>(32).fill(undefined);
      registers.set(key, slots);
    }
    for (let b = lo; b <= hi; b++) if (slots[b] === undefined) slots[b] = entry;
    byName.set(entry.name, entry);
    leavesWithBits.add(entry.leaf);
    for (const n of allNamesOf(entry)) {
      pushMap(byAnyName, n.toLowerCase(), entry);
      pushMap(byLooseName, looseKey(n), entry);
    }
  }
  const leafInfo = new Map<number, { title: string; purpose: string }>();
  const lf = leafData as unknown as {
    leaves: { leaf: string; title: string; purpose: string }[];
    ranges: { from: string; to: string; title: string; purpose: string }[];
  };
  for (const l of lf.leaves) leafInfo.set(parseInt(l.leaf, 16) >>> 0, { title: l.title, purpose: l.purpose });
  const leafRanges = lf.ranges.map((r) => ({
    from: parseInt(r.from, 16) >>> 0,
    to: parseInt(r.to, 16) >>> 0,
    title: r.title,
    purpose: r.purpose,
  }));
  return { entries, registers, byName, byAnyName, byLooseName, leavesWithBits, leafInfo, leafRanges };
}

function idx(): Index {
  if (index === undefined) index = build();
  return index;
}

/** Strip a VMware prefix such as `featMask.vm.cpuid.` or `cpuid.` from a feature name. */
function stripPrefix(name: string): string {
  return name.trim().replace(/^(featmask\.(vm|evc)\.)?cpuid\./i, '');
}

/**
 * The entry (single bit or field) covering `bit` of the register, or undefined
 * when the bit is reserved / not catalogued. `subleaf` null/undefined means 0.
 */
export function lookupBit(
  leaf: number,
  subleaf: number | null | undefined,
  register: CpuidRegister,
  bit: number,
): CpuidBitEntry | undefined {
  if (!Number.isInteger(bit) || bit < 0 || bit > 31) return undefined;
  return idx().registers.get(regKey(leaf, subleaf, register))?.[bit];
}

/**
 * The 32 bits of a register as contiguous slots, ordered from bit 0 upwards.
 * Catalogued fields and bits carry their entry; each run of reserved / not
 * catalogued bits is one slot without an entry. For an uncatalogued register the
 * result is a single slot [0, 31] without an entry.
 */
export function registerLayout(
  leaf: number,
  subleaf: number | null | undefined,
  register: CpuidRegister,
): readonly LayoutSlot[] {
  const slots = idx().registers.get(regKey(leaf, subleaf, register));
  if (slots === undefined) return [{ lo: 0, hi: 31 }];
  const out: LayoutSlot[] = [];
  let b = 0;
  while (b < 32) {
    const entry = slots[b];
    if (entry !== undefined) {
      const hi = Math.min(entry.hi, 31);
      out.push({ lo: b, hi, entry });
      b = hi + 1;
    } else {
      let hi = b;
      while (hi + 1 < 32 && slots[hi + 1] === undefined) hi++;
      out.push({ lo: b, hi });
      b = hi + 1;
    }
  }
  return out;
}

/** True when the database describes this register (bits outside entries are then reserved). */
export function isCatalogued(leaf: number, subleaf: number | null | undefined, register: CpuidRegister): boolean {
  return idx().registers.has(regKey(leaf, subleaf, register));
}

/**
 * Entries whose canonical name or any alias (libvirt, VMware, Linux) matches,
 * case-insensitively. A `cpuid.` / `featMask.vm.cpuid.` prefix is ignored. If
 * nothing matches exactly, `-`, `_`, `.` and spaces are ignored (`sse4.1`,
 * `SSE4_1`, `sse41` all find sse4_1). Several entries can share an alias (VMware
 * `IBRS` names both the Intel and the AMD bit).
 */
export function findFeature(name: string): readonly CpuidBitEntry[] {
  const n = stripPrefix(name);
  if (n === '') return [];
  const exact = idx().byAnyName.get(n.toLowerCase());
  if (exact !== undefined) return sortCanonicalFirst(exact, n);
  const loose = idx().byLooseName.get(looseKey(n));
  return loose !== undefined ? sortCanonicalFirst(loose, n) : [];
}

function sortCanonicalFirst(list: CpuidBitEntry[], query: string): CpuidBitEntry[] {
  const q = query.toLowerCase();
  return [...list].sort((a, b) => Number(b.name === q) - Number(a.name === q));
}

/** Canonical entry by exact canonical name (case-insensitive), without alias resolution. */
export function featureByName(name: string): CpuidBitEntry | undefined {
  return idx().byName.get(name.toLowerCase());
}

/**
 * Up to `n` canonical feature names closest to `name` (edit distance over
 * canonical names and aliases, ignoring case and `-_.`; names that start with
 * the query rank first). Empty when nothing is reasonably close.
 */
export function suggestFeatures(name: string, n = 5): readonly string[] {
  const q = looseKey(stripPrefix(name));
  if (q === '' || n <= 0) return [];
  const limit = Math.max(2, Math.floor(q.length / 3));
  const best = new Map<string, number>();
  for (const [alias, entries] of idx().byLooseName) {
    let score: number;
    if (alias === q) score = 0;
    else if (q.length >= 3 && alias.startsWith(q)) score = 0.5 + (alias.length - q.length) / 100;
    else score = Math.abs(alias.length - q.length) > limit ? limit + 1 : distance(q, alias);
    if (score > limit) continue;
    for (const e of entries) {
      const old = best.get(e.name);
      if (old === undefined || score < old) best.set(e.name, score);
    }
  }
  return [...best.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([k]) => k);
}

/** Every catalogued entry, in data-file order (by leaf, subleaf, register, bit). */
export function allFeatures(): readonly CpuidBitEntry[] {
  return idx().entries;
}

/** Transitive `requires` closure of a feature (canonical names, nearest first, without the feature itself). */
export function requiresClosure(name: string): readonly string[] {
  const seen = new Set<string>();
  const queue = [...(featureByName(name)?.requires ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(featureByName(next)?.requires ?? []));
  }
  seen.delete(name.toLowerCase());
  return [...seen];
}

/**
 * Enforcement of hiding `name` given the set of other features that are hidden
 * too (canonical names). The context rule: an advisory feature becomes
 * effectively enforceable when a feature it (transitively) requires is hidden
 * and that one is enforceable — e.g. hiding AVX2 alone is advisory, but hiding
 * AVX2 together with AVX blocks it because the YMM state (XCR0) is never enabled.
 */
export function effectiveEnforcement(name: string, hidden: Iterable<string> = []): Enforcement | undefined {
  const entry = featureByName(name);
  if (entry === undefined) return undefined;
  if (entry.enforcement !== 'advisory') return entry.enforcement;
  const hiddenSet = new Set<string>();
  for (const h of hidden) hiddenSet.add(h.toLowerCase());
  for (const dep of requiresClosure(entry.name)) {
    if (hiddenSet.has(dep) && featureByName(dep)?.enforcement === 'enforceable') return 'enforceable';
  }
  return 'advisory';
}

/**
 * What a leaf is for, in a sentence or two. Works for every leaf: described
 * leaves, known ranges (hypervisor 0x40000000+, Transmeta 0x80860000+,
 * Centaur 0xC0000000+), and a generic answer (`known: false`) otherwise.
 */
export function leafPurpose(leaf: number): LeafInfo {
  const i = idx();
  const l = leaf >>> 0;
  const hasCataloguedBits = i.leavesWithBits.has(l);
  const info = i.leafInfo.get(l);
  if (info !== undefined) return { leaf: l, title: info.title, purpose: info.purpose, known: true, hasCataloguedBits };
  const range = i.leafRanges.find((r) => l >= r.from && l <= r.to);
  if (range !== undefined) return { leaf: l, title: range.title, purpose: range.purpose, known: true, hasCataloguedBits };
  let purpose: string;
  if (l < 0x40000000) {
    purpose = 'Basic leaf not described in this catalogue: reserved, or newer than the catalogue.';
  } else if (l >= 0x80000000 && l <= 0x8000ffff) {
    purpose = 'Extended leaf not described in this catalogue: reserved, vendor-specific, or newer than the catalogue.';
  } else {
    purpose = 'Leaf outside the ranges processors and hypervisors define; real hardware returns zeros or repeats the last basic leaf.';
  }
  return { leaf: l, title: 'Unknown leaf', purpose, known: false, hasCataloguedBits };
}

/** The provenance table of cpuid-bits.json (keys used in every entry's `sources`). */
export function dataSources(): Readonly<Record<SourceKey, SourceInfo>> {
  return (bitData as unknown as { sources: Record<SourceKey, SourceInfo> }).sources;
}

/** Hex spelling used in messages: `0x7`, `0x80000001`. */
export function formatLeaf(leaf: number): string {
  return `0x${(leaf >>> 0).toString(16).toUpperCase()}`;
}
