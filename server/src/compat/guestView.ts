/**
 * The flags that apply to a host: for each register, the mask written for
 * it (on AMD hosts a `.amd` mask replaces the plain one as a whole), and the
 * featMask lines translated to the flag they amount to (`Val:0`/`Max:0` → 0,
 * `Val:1` → 1, `Min:1` → T).
 */
import type { CpuidView, FeatMaskLine, MaskLine } from '../model/cpuidView';
import { findFeature, CpuidBitEntry, CpuidRegister } from '../knowledge/bitDatabase';
import type { Range } from 'vscode-languageserver-types';
import { lineRange } from '../parser/vmxDocument';
import { registerKeyOf, ProfileVendor } from '../profiles/profile';

export interface AppliedFlag {
  readonly flag: string;
  /** Where the flag is written: the flag character, or the featMask key. */
  readonly range: Range;
  readonly mask?: MaskLine;
  readonly featMask?: FeatMaskLine;
}

export interface AppliedRegister {
  readonly leaf: number;
  readonly subleaf: number | null;
  readonly register: CpuidRegister;
  readonly mask?: MaskLine;
  /** Flags by bit (undefined = not written: VMware's default, like `-`). */
  readonly flags: (AppliedFlag | undefined)[];
}

export interface FlagConflict {
  readonly featMask: FeatMaskLine;
  readonly mask: MaskLine;
  readonly bit: number;
  readonly maskFlag: string;
  readonly featMaskFlag: string;
  readonly feature: CpuidBitEntry;
}

export interface AppliedFlags {
  readonly registers: ReadonlyMap<string, AppliedRegister>;
  readonly conflicts: readonly FlagConflict[];
}

/** The flag a featMask line amounts to: `Val:0`/`Max:0` → 0, `Val:1` → 1, `Min:n≥1` → T. */
export function featMaskFlag(line: FeatMaskLine): string | undefined {
  if (!line.value.ok) return undefined;
  const { op, number } = line.value.value;
  if ((op === 'Val' || op === 'Max') && number === 0) return '0';
  if (op === 'Val' && number === 1) return '1';
  if (op === 'Min' && number >= 1) return 'T';
  return undefined;
}

const appliedMemo = new WeakMap<CpuidView, Map<string, AppliedFlags>>();

/** The flags that apply to a host of `vendor`; computed once per CPUID view (one per document version) and vendor. */
export function appliedFlags(view: CpuidView, vendor: ProfileVendor | undefined): AppliedFlags {
  let byVendor = appliedMemo.get(view);
  if (!byVendor) appliedMemo.set(view, (byVendor = new Map()));
  let applied = byVendor.get(vendor ?? '');
  if (!applied) {
    const basis = basisMemo.get(view);
    applied = computeAppliedFlags(view, vendor, basis?.get(vendor ?? ''));
    byVendor.set(vendor ?? '', applied);
    basis?.delete(vendor ?? '');
  }
  return applied;
}

/**
 * What the previous version of a document applied, by vendor, for a view
 * whose masks changed: its registers whose mask line is still the same object
 * are taken over. Holds no link to the previous view, so versions do not chain.
 */
const basisMemo = new WeakMap<CpuidView, Map<string, AppliedFlags>>();

/** Registers a featMask line wrote into (those are never taken over as they are). */
const featMaskRegisters = new WeakMap<AppliedFlags, ReadonlySet<string>>();

/** A flag of a mask line; its range is built when asked (few are: problems and fixes). */
class MaskFlagApplied implements AppliedFlag {
  constructor(
    readonly flag: string,
    readonly mask: MaskLine,
    private readonly column: number,
  ) {}
  get range(): Range {
    return lineRange(this.mask.entry.line, this.column, this.column + 1);
  }
}

/**
 * A new version's view whose masks and featMask lines are the very objects
 * of the previous view (an edit elsewhere) applies the same flags: it takes
 * over what was computed for the previous one.
 */
export function inheritAppliedFlags(previous: CpuidView, next: CpuidView): void {
  const computed = appliedMemo.get(previous);
  if (!computed || appliedMemo.has(next)) return;
  if (sameItems(previous.masks, next.masks) && sameItems(previous.featMasks, next.featMasks)) appliedMemo.set(next, computed);
  else basisMemo.set(next, new Map(computed));
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The register of a mask line. Its 32 flags are built on first read: a file
 * masks many registers, but the engine reads the few that hold judged
 * features, and the others need no flag objects at all.
 */
class MaskRegister implements AppliedRegister {
  private built: (AppliedFlag | undefined)[] | undefined;
  constructor(readonly mask: MaskLine) {}
  get leaf(): number {
    return this.mask.key.leaf;
  }
  get subleaf(): number | null {
    return this.mask.key.subleaf;
  }
  get register(): CpuidRegister {
    return this.mask.key.register;
  }
  get flags(): (AppliedFlag | undefined)[] {
    if (!this.built) {
      const flags: (AppliedFlag | undefined)[] = new Array(32).fill(undefined);
      const value = this.mask.value;
      if (value.complete) {
        const col = this.mask.entry.valueRange.start.character;
        for (let i = 0; i < 32; i++) flags[31 - i] = new MaskFlagApplied(value.flags[i]!.char, this.mask, col + value.flags[i]!.offset);
      }
      this.built = flags;
    }
    return this.built;
  }
}

function computeAppliedFlags(view: CpuidView, vendor: ProfileVendor | undefined, basis?: AppliedFlags): AppliedFlags {
  const registers = new Map<string, AppliedRegister>();
  const chosen = new Map<string, MaskLine>();
  for (const mask of view.masks) {
    const id = registerKeyOf(mask.key);
    if (mask.key.amd && vendor !== 'amd') continue;
    const current = chosen.get(id);
    // A .amd mask wins over the plain one on AMD hosts; otherwise the last line wins.
    if (current && current.key.amd && !mask.key.amd) continue;
    chosen.set(id, mask);
  }
  const basisTouched = basis ? featMaskRegisters.get(basis) : undefined;
  for (const [id, mask] of chosen) {
    const before = basis?.registers.get(id);
    if (before && before.mask === mask && !basisTouched?.has(id)) {
      registers.set(id, before);
      continue;
    }
    registers.set(id, new MaskRegister(mask));
  }
  const conflicts: FlagConflict[] = [];
  const touched = new Set<string>();
  for (const line of view.featMasks) {
    if (line.key.scope.toLowerCase() !== 'vm' || line.key.family.toLowerCase() !== 'cpuid') continue;
    const flag = featMaskFlag(line);
    if (!flag) continue;
    for (const e of findFeature(line.key.name)) {
      if (e.isField) continue;
      const id = registerKeyOf(e);
      let reg = registers.get(id);
      if (!reg) registers.set(id, (reg = { leaf: e.leaf, subleaf: e.subleaf, register: e.register, flags: new Array(32).fill(undefined) }));
      else if (!touched.has(id) && (reg === basis?.registers.get(id) || reg instanceof MaskRegister)) {
        // Taken over from the previous version, or built lazily: written to here, so copied to a plain one first.
        registers.set(id, (reg = { leaf: reg.leaf, subleaf: reg.subleaf, register: reg.register, ...(reg.mask ? { mask: reg.mask } : {}), flags: reg.flags.slice() }));
      }
      touched.add(id);
      const existing = reg.flags[e.lo];
      if (existing && existing.mask && existing.flag !== '-' && existing.flag !== flag) {
        conflicts.push({ featMask: line, mask: existing.mask, bit: e.lo, maskFlag: existing.flag, featMaskFlag: flag, feature: e });
        continue;
      }
      reg.flags[e.lo] = { flag, range: line.entry.keyRange, featMask: line };
    }
  }
  const applied: AppliedFlags = { registers, conflicts };
  featMaskRegisters.set(applied, touched);
  return applied;
}
