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
import { registerKey, ProfileVendor } from '../profiles/profile';

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
  if (!applied) byVendor.set(vendor ?? '', (applied = computeAppliedFlags(view, vendor)));
  return applied;
}

function computeAppliedFlags(view: CpuidView, vendor: ProfileVendor | undefined): AppliedFlags {
  const registers = new Map<string, AppliedRegister>();
  const chosen = new Map<string, MaskLine>();
  for (const mask of view.masks) {
    const id = registerKey(mask.key.leaf, mask.key.subleaf, mask.key.register);
    if (mask.key.amd && vendor !== 'amd') continue;
    const current = chosen.get(id);
    // A .amd mask wins over the plain one on AMD hosts; otherwise the last line wins.
    if (current && current.key.amd && !mask.key.amd) continue;
    chosen.set(id, mask);
  }
  for (const [id, mask] of chosen) {
    const flags: (AppliedFlag | undefined)[] = new Array(32).fill(undefined);
    if (mask.value.complete) {
      const col = mask.entry.valueRange.start.character;
      mask.value.flags.forEach((f, i) => {
        flags[31 - i] = { flag: f.char, range: lineRange(mask.entry.line, col + f.offset, col + f.offset + 1), mask };
      });
    }
    registers.set(id, { leaf: mask.key.leaf, subleaf: mask.key.subleaf, register: mask.key.register, mask, flags });
  }
  const conflicts: FlagConflict[] = [];
  for (const line of view.featMasks) {
    if (line.key.scope.toLowerCase() !== 'vm' || line.key.family.toLowerCase() !== 'cpuid') continue;
    const flag = featMaskFlag(line);
    if (!flag) continue;
    for (const e of findFeature(line.key.name)) {
      if (e.isField) continue;
      const id = registerKey(e.leaf, e.subleaf, e.register);
      let reg = registers.get(id);
      if (!reg) registers.set(id, (reg = { leaf: e.leaf, subleaf: e.subleaf, register: e.register, flags: new Array(32).fill(undefined) }));
      const existing = reg.flags[e.lo];
      if (existing && existing.mask && existing.flag !== '-' && existing.flag !== flag) {
        conflicts.push({ featMask: line, mask: existing.mask, bit: e.lo, maskFlag: existing.flag, featMaskFlag: flag, feature: e });
        continue;
      }
      reg.flags[e.lo] = { flag, range: line.entry.keyRange, featMask: line };
    }
  }
  return { registers, conflicts };
}
