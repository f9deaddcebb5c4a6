/**
 * The Mask Grid: a document's mask registers as rows of 32 flags (bit 31
 * first), each flag with its feature, its kind, what the guest sees and
 * whether it blocks vMotion to each configured target; the featMask lines as
 * a section of their own (one row per feature); and the edit that cycles one
 * flag `-` → `0` → `1` → `H` → `-`. Pure: the webview only renders this model,
 * every sentence it shows is written here.
 */
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import type { ResolvedConfig } from '../config/config';
import type { MaskLine, FeatMaskLine } from '../model/cpuidView';
import { flagMeaning, FLAG_LEGEND } from '../model/legend';
import { lineRange } from '../parser/vmxDocument';
import { CpuidBitEntry, findFeature, lookupBit } from '../knowledge/bitDatabase';
import { BitState, registerKey } from '../profiles/profile';
import { appliedFlags, AppliedRegister, featMaskFlag } from '../compat/guestView';
import { guestSees, vmotion, VmotionVerdict } from '../compat/flagRules';
import { featureLabel, isJudgedFeature } from '../compat/engine';

/** How a flag is drawn: what it does to the guest, by character class. */
export type FlagKind = 'default' | 'hide' | 'force' | 'host' | 'reserved' | 'requirement';

/** A cell's verdict over all targets: `none` = nothing to judge (no targets, not a host feature, mask not applied). */
export type CellCompat = 'ok' | 'blocks' | 'unknown' | 'none';

export interface TargetVerdictCell {
  readonly target: string;
  /** `unknown`: it would block for some value of a bit a profile does not know. */
  readonly state: 'ok' | 'blocks' | 'unknown';
  readonly why?: VmotionVerdict['why'];
}

export interface GridCell {
  readonly bit: number;
  /** The flag character as written. */
  readonly flag: string;
  /** Where the flag is written (one character). */
  readonly range: Range;
  readonly kind: FlagKind;
  /** The legend's title of the flag ("forced to 0"). */
  readonly flagTitle: string;
  /** VMware name (or upper-case canonical name) of the feature; undefined for reserved bits. */
  readonly feature?: string;
  readonly featureTitle?: string;
  /** What the guest sees: 0, 1, the host's value (`host`) when the source is unknown. */
  readonly guest: '0' | '1' | 'host';
  readonly compat: CellCompat;
  readonly targets: readonly TargetVerdictCell[];
  /** Why nothing is judged, or what else decides this bit. */
  readonly note?: string;
  /** One sentence for screen readers: key, bit, feature, flag, verdict. */
  readonly label: string;
  /** The tooltip: several lines. */
  readonly tooltip: string;
}

export interface GridRow {
  /** The key as written. */
  readonly key: string;
  readonly line: number;
  /** Register id shared by all spellings (`1.0.ecx`, `.amd` appended). */
  readonly register: string;
  /** Whether this line is the mask that applies to the source (a later line or a `.amd` mask may replace it). */
  readonly applies: boolean;
  /** 32 cells, bit 31 first; empty when the value is not 32 valid flags. */
  readonly cells: readonly GridCell[];
  /** Why there are no cells, or why the row does not apply. */
  readonly note?: string;
}

export interface FeatMaskRow {
  readonly key: string;
  readonly line: number;
  /** The value as written (`Val:0`). */
  readonly value: string;
  /** Where the value is written. */
  readonly range: Range;
  readonly feature?: string;
  /** `cpuid.7.0.ebx bit 5`, the bits the feature lives in. */
  readonly where: string;
  /** The mask flag the line amounts to (`0`, `1`, `T`), when it amounts to one. */
  readonly flag?: string;
  readonly kind?: FlagKind;
  readonly compat: CellCompat;
  readonly targets: readonly TargetVerdictCell[];
  readonly note?: string;
  readonly label: string;
  readonly tooltip: string;
}

export interface LegendItem {
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

export interface MaskGrid {
  readonly uri: string;
  readonly version: number;
  readonly source?: string;
  readonly targets: readonly string[];
  readonly evc: boolean;
  /** Targets of another vendor than the source: vMotion is impossible whatever the flags. */
  readonly vendorMismatch: readonly string[];
  readonly rows: readonly GridRow[];
  readonly featMasks: readonly FeatMaskRow[];
  readonly legend: { readonly kinds: readonly LegendItem[]; readonly compat: readonly LegendItem[] };
}

/** The order a cell cycles through; other flags go back to `-`. */
export const CYCLE: readonly string[] = ['-', '0', '1', 'H'];

export function nextFlag(flag: string): string {
  const at = CYCLE.indexOf(flag);
  return at === -1 ? '-' : CYCLE[(at + 1) % CYCLE.length]!;
}

export function flagKind(flag: string): FlagKind {
  const m = flagMeaning(flag);
  switch (m?.role) {
    case 'default':
      return 'default';
    case 'forced':
      return flag === '0' ? 'hide' : 'force';
    case 'host':
      return 'host';
    case 'reserved':
      return 'reserved';
    default:
      return 'requirement';
  }
}

const WHY: Record<VmotionVerdict['why'], string> = {
  'target-lacks': 'the guest sees it, the target lacks it',
  'must-match': 'must be equal on both hosts',
  'no-evc-mismatch': 'without EVC, user-level features must match',
  'requires-present': 'required (T), the target lacks it',
  'requires-absent': 'required absent (F), the target has it',
};

const KIND_LEGEND: readonly LegendItem[] = [
  { id: 'default', title: '-', description: flagMeaning('-')!.title },
  { id: 'hide', title: '0', description: flagMeaning('0')!.title },
  { id: 'force', title: '1', description: flagMeaning('1')!.title },
  { id: 'host', title: 'H h', description: 'host value (H: must match for vMotion)' },
  { id: 'reserved', title: 'R', description: flagMeaning('R')!.title },
  {
    id: 'requirement',
    title: FLAG_LEGEND.filter((f) => f.role === 'requirement').map((f) => f.char).join(' '),
    description: 'vSphere API requirement characters, not meant for a .vmx',
  },
];

const COMPAT_LEGEND: readonly LegendItem[] = [
  { id: 'ok', title: 'moves', description: 'moves to every target' },
  { id: 'blocks', title: 'blocks', description: 'blocks vMotion to at least one target' },
  { id: 'unknown', title: 'unknown', description: 'a profile does not know this bit: it may block' },
  { id: 'none', title: 'not judged', description: 'no targets, not a host feature, or the mask does not apply' },
];

const BITS: readonly BitState[] = [0, 1];

/** The verdict for one target; `unknown` when some value of an unknown bit would block. */
function targetVerdict(flag: string, s: BitState, t: BitState, evc: boolean, userLevel: boolean): TargetVerdictCell['state'] | VmotionVerdict {
  const ctx = { evc, userLevel };
  const verdict = vmotion(flag, s, t, ctx);
  if (verdict) return verdict;
  if (s !== undefined && t !== undefined) return 'ok';
  for (const s2 of s === undefined ? BITS : [s]) for (const t2 of t === undefined ? BITS : [t]) if (vmotion(flag, s2, t2, ctx)) return 'unknown';
  return 'ok';
}

interface Judgement {
  readonly compat: CellCompat;
  readonly targets: readonly TargetVerdictCell[];
}

function judge(e: CpuidBitEntry, flag: string, config: ResolvedConfig): Judgement {
  const s = config.source?.bit(e.leaf, e.subleaf, e.register, e.lo);
  const targets = config.targets.map((target): TargetVerdictCell => {
    const v = targetVerdict(flag, s, target.bit(e.leaf, e.subleaf, e.register, e.lo), config.evc, e.kind === 'user-instructions');
    return typeof v === 'string' ? { target: target.name, state: v } : { target: target.name, state: 'blocks', why: v.why };
  });
  const compat: CellCompat =
    targets.length === 0 ? 'none' : targets.some((t) => t.state === 'blocks') ? 'blocks' : targets.some((t) => t.state === 'unknown') ? 'unknown' : 'ok';
  return { compat, targets };
}

function compatPhrase(j: Judgement, note: string | undefined): string {
  if (j.compat === 'none') return note ?? 'not judged';
  const blocks = j.targets.filter((t) => t.state === 'blocks').map((t) => t.target);
  const unknown = j.targets.filter((t) => t.state === 'unknown').map((t) => t.target);
  const parts: string[] = [];
  if (blocks.length) parts.push(`blocks vMotion to ${blocks.join(', ')}`);
  if (unknown.length) parts.push(`unknown on ${unknown.join(', ')}`);
  return parts.length ? parts.join('; ') : 'moves to every target';
}

function targetLines(j: Judgement): string[] {
  return j.targets.map((t) => `${t.target}: ${t.state === 'blocks' ? `blocks (${WHY[t.why!]})` : t.state === 'unknown' ? 'unknown (the profile does not know this bit)' : 'ok'}`);
}

function featureName(e: CpuidBitEntry | undefined): string | undefined {
  if (!e) return undefined;
  return e.isField ? `${e.name} (bits ${e.hi}:${e.lo})` : featureLabel(e);
}

function guestText(guest: GridCell['guest'], source: string | undefined): string {
  if (guest === 'host') return source ? `the host's value (unknown on ${source})` : "the host's value";
  return guest;
}

function cellOf(mask: MaskLine, index: number, applied: AppliedRegister | undefined, config: ResolvedConfig): GridCell {
  const written = mask.value.flags[index]!;
  const bit = 31 - index;
  const { leaf, subleaf, register } = mask.key;
  const col = mask.entry.valueRange.start.character + written.offset;
  const e = lookupBit(leaf, subleaf, register, bit);
  const flag = written.char;
  const meaning = flagMeaning(flag);
  const source = config.source;
  const effective = applied?.flags[bit];
  const applies = applied?.mask === mask;
  // The flag that decides: this one, or a featMask line that replaces it.
  const deciding = applies && effective ? effective.flag : flag;
  const s = e && !e.isField && source ? source.bit(leaf, subleaf, register, bit) : undefined;
  const g = guestSees(deciding, s);
  const guest: GridCell['guest'] = g === 0 ? '0' : g === 1 ? '1' : 'host';
  let note: string | undefined;
  let j: Judgement = { compat: 'none', targets: [] };
  if (!e) note = 'reserved or not catalogued: not judged';
  else if (!isJudgedFeature(e)) note = 'not a host feature vMotion checks: not judged';
  else if (!applies) note = mask.key.amd ? 'a .amd mask: applies to AMD hosts only' : 'another mask line replaces this one';
  else {
    j = judge(e, deciding, config);
    if (j.compat === 'none') note = 'no targets configured';
  }
  if (applies && effective?.featMask) note = `${effective.featMask.entry.key} = "${effective.featMask.entry.value}" decides this bit`;
  const feature = featureName(e);
  const key = mask.entry.key;
  const label = `${key} bit ${bit} ${feature ?? 'reserved'}, flag ${flag} ${meaning?.title ?? 'unknown flag'}, ${compatPhrase(j, note)}`;
  const tooltip = [
    `${key} bit ${bit}: ${feature ? `${feature}${e?.title && e.title.toLowerCase() !== feature.toLowerCase() ? ` — ${e.title}` : ''}` : 'reserved / not catalogued'}`,
    `flag ${flag}: ${meaning?.title ?? 'unknown flag'}`,
    `guest sees: ${guestText(guest, source?.name)}`,
    ...(source && e && !e.isField ? [`source ${source.name}: ${s === 1 ? 'present' : s === 0 ? 'absent' : 'unknown'}`] : []),
    ...targetLines(j),
    ...(note ? [note] : []),
  ].join('\n');
  return {
    bit,
    flag,
    range: lineRange(mask.entry.line, col, col + 1),
    kind: flagKind(flag),
    flagTitle: meaning?.title ?? 'unknown flag',
    ...(feature ? { feature } : {}),
    ...(e?.title ? { featureTitle: e.title } : {}),
    guest,
    compat: j.compat,
    targets: j.targets,
    ...(note ? { note } : {}),
    label,
    tooltip,
  };
}

function rowOf(mask: MaskLine, registers: ReadonlyMap<string, AppliedRegister>, config: ResolvedConfig): GridRow {
  const applied = registers.get(registerKey(mask.key.leaf, mask.key.subleaf, mask.key.register));
  const applies = applied?.mask === mask;
  const base = {
    key: mask.entry.key,
    line: mask.entry.line,
    register: `${registerKey(mask.key.leaf, mask.key.subleaf, mask.key.register)}${mask.key.amd ? '.amd' : ''}`,
    applies,
  };
  if (!mask.value.complete) {
    const note = mask.value.empty
      ? 'empty: VMware uses its default for every bit'
      : `${mask.value.count} flag characters${mask.value.invalid.length ? `, ${mask.value.invalid.length} invalid` : ''}: a mask has 32 flags (fix it in the editor)`;
    return { ...base, cells: [], note };
  }
  const cells = mask.value.flags.map((_, i) => cellOf(mask, i, applied, config));
  const note = applies
    ? undefined
    : mask.key.amd
      ? `applies to AMD hosts only${config.source ? ` (source ${config.source.name} is ${config.source.vendor === 'amd' ? 'AMD, but another line replaces it' : 'Intel'})` : ''}`
      : config.source?.vendor === 'amd' && registers.get(registerKey(mask.key.leaf, mask.key.subleaf, mask.key.register))?.mask?.key.amd
        ? 'a .amd mask replaces it on AMD hosts'
        : 'a later line for the same register replaces it';
  return { ...base, cells, ...(note ? { note } : {}) };
}


function featMaskRowOf(line: FeatMaskLine, registers: ReadonlyMap<string, AppliedRegister>, config: ResolvedConfig): FeatMaskRow {
  const isCpuid = line.key.scope.toLowerCase() === 'vm' && line.key.family.toLowerCase() === 'cpuid';
  const entries = isCpuid ? findFeature(line.key.name).filter((e) => !e.isField) : [];
  const e = entries[0];
  const flag = featMaskFlag(line);
  const where = entries.map((x) => `cpuid.${x.leaf.toString(16)}${x.subleaf === null ? '' : `.${x.subleaf.toString(16)}`}.${x.register} bit ${x.lo}`).join(', ');
  let note: string | undefined;
  let j: Judgement = { compat: 'none', targets: [] };
  if (!isCpuid) note = `featMask.${line.key.scope}.${line.key.family}: not a VM CPUID feature`;
  else if (!e) note = 'unknown feature name: not judged';
  else if (!line.value.ok) note = line.value.reason;
  else if (!flag) note = 'this value does not amount to a mask flag: not judged';
  else {
    const decides = entries.some((x) => registers.get(registerKey(x.leaf, x.subleaf, x.register))?.flags[x.lo]?.featMask === line);
    if (!decides) note = 'a mask line decides this bit (they conflict)';
    else if (!isJudgedFeature(e)) note = 'not a host feature vMotion checks: not judged';
    else {
      j = judge(e, flag, config);
      if (j.compat === 'none') note = 'no targets configured';
    }
  }
  const feature = e ? featureLabel(e) : line.key.name;
  const meaning = flag ? flagMeaning(flag) : undefined;
  const label = `${line.entry.key} = ${line.entry.value}, ${meaning ? `acts as flag ${flag} ${meaning.title}` : 'no flag'}, ${compatPhrase(j, note)}`;
  const tooltip = [
    `${line.entry.key} = "${line.entry.value}"`,
    e ? `${feature}${e.title.toLowerCase() !== feature.toLowerCase() ? ` — ${e.title}` : ''}${where ? ` (${where})` : ''}` : `${feature}: not in the bit database`,
    ...(meaning ? [`acts as flag ${flag}: ${meaning.title}`] : []),
    ...targetLines(j),
    ...(note ? [note] : []),
  ].join('\n');
  return {
    key: line.entry.key,
    line: line.entry.line,
    value: line.entry.rawValue,
    range: line.entry.valueRange,
    feature,
    where,
    ...(flag ? { flag, kind: flagKind(flag) } : {}),
    compat: j.compat,
    targets: j.targets,
    ...(note ? { note } : {}),
    label,
    tooltip,
  };
}

/** The grid of a document under a configuration (targets may be empty: then nothing is judged). */
export function computeMaskGrid(model: DocumentModel, config: ResolvedConfig): MaskGrid {
  const view = model.cpuid;
  const { registers } = appliedFlags(view, config.source?.vendor);
  const source = config.source;
  return {
    uri: model.uri,
    version: model.version,
    ...(source ? { source: source.name } : {}),
    targets: config.targets.map((t) => t.name),
    evc: config.evc,
    vendorMismatch: source ? config.targets.filter((t) => t.vendor !== source.vendor).map((t) => t.name) : [],
    rows: view.masks.map((m) => rowOf(m, registers, config)),
    featMasks: view.featMasks.map((f) => featMaskRowOf(f, registers, config)),
    legend: { kinds: KIND_LEGEND, compat: COMPAT_LEGEND },
  };
}

/**
 * The edit that cycles the flag at `bit` of the mask on `line` (`-` → `0` →
 * `1` → `H` → `-`; any other flag goes back to `-`): one character replaced.
 * Undefined when the line is not a mask of 32 valid flags.
 */
export function cycleFlagEdit(model: DocumentModel, line: number, bit: number): TextEdit | undefined {
  const mask = model.cpuid.maskAt(line);
  if (!mask || !mask.value.complete || !Number.isInteger(bit) || bit < 0 || bit > 31) return undefined;
  const written = mask.value.flags[31 - bit]!;
  const col = mask.entry.valueRange.start.character + written.offset;
  return { range: lineRange(line, col, col + 1), newText: nextFlag(written.char) };
}
