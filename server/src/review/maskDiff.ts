/**
 * What a change to a `.vmx` does to the guest's CPUID: two versions of a
 * document compared register by register (matched across spellings:
 * `cpuid.1.ecx` and `cpuid.1.0.ecx` are one register), bit by bit with the
 * feature's name and what the guest now sees, featMask lines by key, other
 * settings as counts, and — with hosts configured — which vMotion targets
 * the change gains or loses (compat/matrix.ts, old against new).
 *
 * Pure: texts or models in, a plain data structure out. Renderers
 * (text, Markdown, JSON) live in ./maskDiffRender.ts. Flag meanings come from
 * model/legend.ts and compat/flagRules.ts only.
 */
import { DocumentModel } from '../analysis/documentModel';
import type { ResolvedConfig } from '../config/config';
import { compatibilityMatrix, TargetVerdict } from '../compat/matrix';
import { guestSees, VmotionVerdict } from '../compat/flagRules';
import { featureLabel } from '../compat/engine';
import { findFeature, lookupBit } from '../knowledge/bitDatabase';
import type { FeatMaskLine, MaskLine } from '../model/cpuidView';
import { describeFeatMaskValue } from '../model/featMask';
import { FLAG_LEGEND, flagMeaning } from '../model/legend';
import { registerId, sdmRegisterName } from '../model/maskKey';
import type { MaskValue } from '../model/maskValue';
import { classifyCpuidKey } from '../model/maskKey';
import { classifyFeatMaskKey } from '../model/featMask';
import type { VmxEntry } from '../parser/vmxDocument';

/** Version of the JSON form (docs/REVIEW.md). */
export const MASK_DIFF_VERSION = 1;

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One side of a changed line. `line` is 1-based, as in `git diff`. */
export interface LineRef {
  readonly key: string;
  readonly line: number;
  /** The value as written between the quotes. */
  readonly value: string;
}

export interface BitChange {
  /** Lowest bit (the bit itself for single-bit features). */
  readonly bit: number;
  /** Highest bit: differs from `bit` for multi-bit fields, which are compared whole. */
  readonly hi: number;
  /** Feature name, VMware spelling where known (`AVX`, `PDPE1GB`); null when the bit is not catalogued. */
  readonly feature: string | null;
  /** Canonical bit-database name (`avx`, `pdpe1gb`); null when not catalogued. */
  readonly name: string | null;
  /** Old flag(s), bit `hi` first; null when the old value is invalid (unknown). */
  readonly old: string | null;
  /** New flag(s); null when the new value is invalid. */
  readonly new: string | null;
  /** What the guest now sees, in words ("hidden from the guest"). */
  readonly effect: string;
  /** The legend's sentence for the new flag, when it is one flag character. */
  readonly guestSees?: string;
}

export interface RegisterDiff {
  /** The key as written in the new file (the old one when removed). */
  readonly register: string;
  /** Spelling-independent id: `1.0.ecx`, `80000001.0.edx.amd`. */
  readonly id: string;
  /** `CPUID.(EAX=01H):ECX`. */
  readonly sdm: string;
  readonly change: ChangeKind;
  readonly old?: LineRef;
  readonly new?: LineRef;
  /** The key is spelled differently in the two versions (`cpuid.1.0.ecx` → `cpuid.1.ecx`). */
  readonly respelled: boolean;
  /** Why a side's value is not a valid mask (that side's flags are unknown). */
  readonly invalid: { readonly old?: string; readonly new?: string };
  /** Bits whose flag changed, bit 31 first. Empty when only spelling or grouping changed. */
  readonly bits: readonly BitChange[];
}

export interface FeatMaskDiff {
  readonly key: string;
  /** The feature name as written after `featMask.<scope>.<family>.`. */
  readonly feature: string;
  /** Whether the bit database knows the name. */
  readonly known: boolean;
  readonly change: ChangeKind;
  readonly old?: LineRef;
  readonly new?: LineRef;
  readonly invalid: { readonly old?: string; readonly new?: string };
  /** What the new line does (or that it is gone), in words. */
  readonly effect: string;
}

/** A `cpuid.…` key VMware cannot read as a mask (`cpuid.8000000A:eax`). */
export interface InvalidKeyDiff {
  readonly key: string;
  readonly change: ChangeKind;
  readonly old?: LineRef;
  readonly new?: LineRef;
  readonly reason: string;
}

export interface OtherKeys {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface Blocker {
  readonly feature: string;
  readonly why: VmotionVerdict['why'];
}

export type TargetChange = 'gained' | 'lost' | 'unchanged' | 'still-blocked';

export interface TargetDelta {
  readonly target: string;
  readonly before: readonly Blocker[];
  readonly after: readonly Blocker[];
  /** `gained`: moves now, did not before; `lost`: moved before, does not now; `still-blocked`: blocked both times, for other reasons. */
  readonly change: TargetChange;
}

export interface CompatDelta {
  readonly source: string | null;
  readonly evc: boolean;
  readonly targets: readonly TargetDelta[];
  readonly gained: readonly string[];
  readonly lost: readonly string[];
}

export interface MaskDiff {
  readonly oldLabel: string;
  readonly newLabel: string;
  readonly registers: readonly RegisterDiff[];
  readonly featMasks: readonly FeatMaskDiff[];
  readonly invalidKeys: readonly InvalidKeyDiff[];
  readonly otherKeys: OtherKeys;
  /** Present when targets are configured. */
  readonly compatibility?: CompatDelta;
}

export interface MaskDiffOptions {
  /** Source and targets: adds the compatibility delta. */
  readonly config?: ResolvedConfig;
  /** Names of the two versions in the reports (`HEAD:vm.vmx`, `vm.vmx`). */
  readonly oldLabel?: string;
  readonly newLabel?: string;
}

const DEFAULT_FLAG = FLAG_LEGEND.find((f) => f.role === 'default')!.char;

/** What the guest sees with this flag, in a few words; from the legend's role and the normative guest view. */
export function flagEffect(flag: string): string {
  const m = flagMeaning(flag);
  if (!m) return `"${flag}" is not a flag character`;
  switch (m.role) {
    case 'default':
      return 'back to the default (host value)';
    case 'forced':
      return guestSees(flag, undefined) === 0 ? 'hidden from the guest' : 'forced on, even on hosts without it';
    case 'host':
      return m.title === 'host value' ? 'passed through from the host' : `passed through from the host (${m.title})`;
    default:
      return m.meantForVmx ? m.title : `${m.title} (not meant for a .vmx)`;
  }
}

function fieldEffect(flags: string): string {
  if ([...flags].every((f) => flagMeaning(f)?.role === 'forced')) {
    let n = 0;
    for (const f of flags) n = n * 2 + (guestSees(f, undefined) === 1 ? 1 : 0);
    return `forced to ${n} (0x${n.toString(16)})`;
  }
  if (new Set(flags).size === 1) return flagEffect(flags[0]!);
  return `partly set: ${flags} (bit by bit: ${[...new Set(flags)].map((f) => `${f} = ${flagEffect(f)}`).join('; ')})`;
}

/** Why a mask value is not usable, or undefined when it is. */
export function invalidMaskReason(value: MaskValue): string | undefined {
  if (value.empty || value.complete) return undefined;
  if (value.looksHex) return 'a hexadecimal number, not 32 flag characters';
  const bad = value.invalid[0];
  if (bad) return `"${bad.char}" is not a flag character${value.invalid.length > 1 ? ` (and ${value.invalid.length - 1} more)` : ''}`;
  return `${value.count} flag${value.count === 1 ? '' : 's'}, expected 32`;
}

/** Flags by bit (index = bit), `-` where not written; null when invalid. */
function flagsByBit(mask: MaskLine | undefined): string[] | null {
  if (!mask || mask.value.empty) return new Array<string>(32).fill(DEFAULT_FLAG);
  if (!mask.value.complete) return null;
  const out = new Array<string>(32);
  mask.value.flags.forEach((f, i) => (out[31 - i] = f.char));
  return out;
}

function ref(entry: VmxEntry): LineRef {
  return { key: entry.key, line: entry.line + 1, value: entry.rawValue };
}

function bitChanges(mask: MaskLine, oldFlags: string[] | null, newFlags: string[] | null): BitChange[] {
  const { leaf, subleaf, register } = mask.key;
  const out: BitChange[] = [];
  const at = (flags: string[] | null, lo: number, hi: number): string | null => {
    if (!flags) return null;
    let s = '';
    for (let b = hi; b >= lo; b--) s += flags[b];
    return s;
  };
  const isDefault = (s: string | null) => s !== null && [...s].every((c) => c === DEFAULT_FLAG);
  let bit = 31;
  while (bit >= 0) {
    const e = lookupBit(leaf, subleaf, register, bit);
    const hi = bit;
    let lo = bit;
    if (e?.isField) while (lo > 0 && lookupBit(leaf, subleaf, register, lo - 1) === e) lo--;
    bit = lo - 1;
    const o = at(oldFlags, lo, hi);
    const n = at(newFlags, lo, hi);
    if (o === n) continue;
    // One side unknown (invalid): show what the valid side sets.
    if ((o === null && isDefault(n)) || (n === null && isDefault(o))) continue;
    const shown = n ?? o!;
    const single = shown.length === 1 ? flagMeaning(shown) : undefined;
    out.push({
      bit: lo,
      hi,
      feature: e ? (e.isField ? e.name : featureLabel(e)) : null,
      name: e ? e.name : null,
      old: o,
      new: n,
      effect: n === null ? 'unknown: the new value is invalid' : e?.isField ? fieldEffect(n) : flagEffect(n),
      ...(single && n !== null ? { guestSees: single.guestSees } : {}),
    });
  }
  return out;
}

function lastBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    map.delete(k); // keep file order of the last occurrence
    map.set(k, item);
  }
  return map;
}

function modelOf(doc: string | DocumentModel, uri: string): DocumentModel {
  return typeof doc === 'string' ? new DocumentModel(uri, 0, doc) : doc;
}

function registerDiffs(oldModel: DocumentModel, newModel: DocumentModel): RegisterDiff[] {
  const id = (m: MaskLine) => registerId(m.key);
  const olds = lastBy(oldModel.cpuid.masks, id);
  const news = lastBy(newModel.cpuid.masks, id);
  const ids = [...news.keys(), ...[...olds.keys()].filter((k) => !news.has(k))];
  const out: RegisterDiff[] = [];
  for (const rid of ids) {
    const o = olds.get(rid);
    const n = news.get(rid);
    if (o && n && o.entry.key === n.entry.key && o.entry.rawValue === n.entry.rawValue) continue;
    const shown = (n ?? o)!;
    const invalidOld = o ? invalidMaskReason(o.value) : undefined;
    const invalidNew = n ? invalidMaskReason(n.value) : undefined;
    const bits = bitChanges(shown, flagsByBit(o), flagsByBit(n));
    out.push({
      register: shown.entry.key,
      id: rid,
      sdm: sdmRegisterName(shown.key.leaf, shown.key.subleaf, shown.key.register) + (shown.key.amd ? ' (AMD hosts)' : ''),
      change: o && n ? 'changed' : n ? 'added' : 'removed',
      ...(o ? { old: ref(o.entry) } : {}),
      ...(n ? { new: ref(n.entry) } : {}),
      respelled: !!o && !!n && o.entry.key !== n.entry.key,
      invalid: { ...(invalidOld ? { old: invalidOld } : {}), ...(invalidNew ? { new: invalidNew } : {}) },
      bits,
    });
  }
  return out;
}

function featMaskEffect(line: FeatMaskLine | undefined): string {
  if (!line) return `removed: ${flagEffect(DEFAULT_FLAG)}`;
  if (!line.value.ok) return `invalid: ${line.value.reason}`;
  return describeFeatMaskValue(line.value.value, line.key.name || line.entry.key);
}

function featMaskDiffs(oldModel: DocumentModel, newModel: DocumentModel): FeatMaskDiff[] {
  const key = (f: FeatMaskLine) => f.entry.keyLower;
  const olds = lastBy(oldModel.cpuid.featMasks, key);
  const news = lastBy(newModel.cpuid.featMasks, key);
  const keys = [...news.keys(), ...[...olds.keys()].filter((k) => !news.has(k))];
  const out: FeatMaskDiff[] = [];
  for (const k of keys) {
    const o = olds.get(k);
    const n = news.get(k);
    if (o && n && o.entry.key === n.entry.key && o.entry.value.trim() === n.entry.value.trim()) continue;
    const shown = (n ?? o)!;
    const name = shown.key.name;
    const family = shown.key.family.toLowerCase();
    out.push({
      key: shown.entry.key,
      feature: name,
      known: family === 'cpuid' && name !== '' && findFeature(name).length > 0,
      change: o && n ? 'changed' : n ? 'added' : 'removed',
      ...(o ? { old: ref(o.entry) } : {}),
      ...(n ? { new: ref(n.entry) } : {}),
      invalid: {
        ...(o && !o.value.ok ? { old: o.value.reason } : {}),
        ...(n && !n.value.ok ? { new: n.value.reason } : {}),
      },
      effect: featMaskEffect(n),
    });
  }
  return out;
}

function invalidKeyDiffs(oldModel: DocumentModel, newModel: DocumentModel): InvalidKeyDiff[] {
  const olds = lastBy(oldModel.cpuid.invalidMaskKeys, (l) => l.entry.keyLower);
  const news = lastBy(newModel.cpuid.invalidMaskKeys, (l) => l.entry.keyLower);
  const keys = [...news.keys(), ...[...olds.keys()].filter((k) => !news.has(k))];
  const out: InvalidKeyDiff[] = [];
  for (const k of keys) {
    const o = olds.get(k);
    const n = news.get(k);
    if (o && n && o.entry.key === n.entry.key && o.entry.rawValue === n.entry.rawValue) continue;
    const shown = (n ?? o)!;
    out.push({
      key: shown.entry.key,
      change: o && n ? 'changed' : n ? 'added' : 'removed',
      ...(o ? { old: ref(o.entry) } : {}),
      ...(n ? { new: ref(n.entry) } : {}),
      reason: shown.reason,
    });
  }
  return out;
}

function isOtherKey(entry: VmxEntry): boolean {
  const cpuid = classifyCpuidKey(entry.key);
  if (cpuid && cpuid.kind !== 'named') return false;
  return !classifyFeatMaskKey(entry.key);
}

function otherKeys(oldModel: DocumentModel, newModel: DocumentModel): OtherKeys {
  const olds = lastBy(oldModel.vmx.entries.filter(isOtherKey), (e) => e.keyLower);
  const news = lastBy(newModel.vmx.entries.filter(isOtherKey), (e) => e.keyLower);
  let added = 0;
  let changed = 0;
  for (const [k, n] of news) {
    const o = olds.get(k);
    if (!o) added++;
    else if (o.rawValue !== n.rawValue || o.key !== n.key) changed++;
  }
  let removed = 0;
  for (const k of olds.keys()) if (!news.has(k)) removed++;
  return { added, removed, changed };
}

function blockersOf(v: TargetVerdict): Blocker[] {
  return v.blockers.map((b) => ({ feature: b.feature, why: b.why }));
}

function compatDelta(oldModel: DocumentModel, newModel: DocumentModel, config: ResolvedConfig): CompatDelta {
  const before = compatibilityMatrix(oldModel, config);
  const after = compatibilityMatrix(newModel, config);
  const targets = before.map((b, i): TargetDelta => {
    const a = after[i]!;
    const was = blockersOf(b);
    const now = blockersOf(a);
    const same = was.length === now.length && was.every((x, j) => x.feature === now[j]!.feature && x.why === now[j]!.why);
    const change: TargetChange =
      was.length > 0 && now.length === 0 ? 'gained' : was.length === 0 && now.length > 0 ? 'lost' : same ? 'unchanged' : 'still-blocked';
    return { target: b.target.name, before: was, after: now, change };
  });
  return {
    source: config.source?.name ?? null,
    evc: config.evc,
    targets,
    gained: targets.filter((t) => t.change === 'gained').map((t) => t.target),
    lost: targets.filter((t) => t.change === 'lost').map((t) => t.target),
  };
}

/**
 * Compares two versions of a `.vmx` (texts, or models already parsed). Never
 * throws on odd content: invalid masks and keys are reported in the result.
 */
export function maskDiff(oldDoc: string | DocumentModel, newDoc: string | DocumentModel, options: MaskDiffOptions = {}): MaskDiff {
  const oldModel = modelOf(oldDoc, 'vmx-cpuid:old');
  const newModel = modelOf(newDoc, 'vmx-cpuid:new');
  const config = options.config;
  return {
    oldLabel: options.oldLabel ?? 'old',
    newLabel: options.newLabel ?? 'new',
    registers: registerDiffs(oldModel, newModel),
    featMasks: featMaskDiffs(oldModel, newModel),
    invalidKeys: invalidKeyDiffs(oldModel, newModel),
    otherKeys: otherKeys(oldModel, newModel),
    ...(config && config.targets.length > 0 ? { compatibility: compatDelta(oldModel, newModel, config) } : {}),
  };
}

/** Whether anything CPUID-related changed (masks, featMask lines, invalid mask keys). */
export function hasCpuidChanges(diff: MaskDiff): boolean {
  return diff.registers.length > 0 || diff.featMasks.length > 0 || diff.invalidKeys.length > 0;
}

/** Whether the change loses a target the old version could move to (`--exit-code`). */
export function losesTarget(diff: MaskDiff): boolean {
  return (diff.compatibility?.lost.length ?? 0) > 0;
}
