/**
 * The CPUID side of a document: every register mask, featMask line and
 * CPUID record, classified and parsed once. Rules and editor features read
 * this view instead of re-parsing keys and values.
 */
import type { VmxDocument, VmxEntry } from '../parser/vmxDocument';
import { classifyCpuidKey, MaskKey, registerId } from './maskKey';
import { MaskValue, parseMaskValue } from './maskValue';
import { classifyFeatMaskKey, FeatMaskKey, parseFeatMaskValue, ParsedFeatMaskValue } from './featMask';

export interface MaskLine {
  readonly entry: VmxEntry;
  readonly key: MaskKey;
  readonly value: MaskValue;
}

export interface InvalidMaskKeyLine {
  readonly entry: VmxEntry;
  readonly reason: string;
}

export interface FeatMaskLine {
  readonly entry: VmxEntry;
  readonly key: FeatMaskKey;
  readonly value: ParsedFeatMaskValue;
}

/** `hostCPUID.<leaf>`, `guestCPUID.<leaf>`, `userCPUID.<leaf>`: CPUID as recorded at power-on. */
export interface CpuidRecordLine {
  readonly entry: VmxEntry;
  readonly kind: 'host' | 'guest' | 'user';
  readonly leaf: number;
  readonly subleaf: number | null;
  /** EAX, EBX, ECX, EDX when the value is 32 hex digits. */
  readonly registers?: readonly [number, number, number, number];
}

export interface CpuidView {
  readonly masks: readonly MaskLine[];
  readonly invalidMaskKeys: readonly InvalidMaskKeyLine[];
  readonly featMasks: readonly FeatMaskLine[];
  readonly records: readonly CpuidRecordLine[];
  /** Mask lines by register (`cpuid.1.ecx` and `cpuid.1.0.ecx` share one id). */
  readonly masksByRegister: ReadonlyMap<string, readonly MaskLine[]>;
  /** The mask line of an entry, if it is one. */
  maskAt(line: number): MaskLine | undefined;
  featMaskAt(line: number): FeatMaskLine | undefined;
  recordAt(line: number): CpuidRecordLine | undefined;
}

const RECORD_PREFIXES: Record<string, CpuidRecordLine['kind']> = { hostcpuid: 'host', guestcpuid: 'guest', usercpuid: 'user' };

function parseRecord(entry: VmxEntry): CpuidRecordLine | undefined {
  const dot = entry.keyLower.indexOf('.');
  if (dot === -1) return undefined;
  const kind = RECORD_PREFIXES[entry.keyLower.slice(0, dot)];
  if (!kind) return undefined;
  const parts = entry.keyLower.slice(dot + 1).split('.');
  if (parts.length > 2 || !parts.every((p) => /^[0-9a-f]{1,8}$/.test(p))) return undefined;
  const leaf = parseInt(parts[0]!, 16);
  const subleaf = parts.length === 2 ? parseInt(parts[1]!, 16) : null;
  const v = entry.value.trim();
  const registers = /^[0-9a-fA-F]{32}$/.test(v)
    ? ([0, 8, 16, 24].map((o) => parseInt(v.slice(o, o + 8), 16)) as unknown as [number, number, number, number])
    : undefined;
  return { entry, kind, leaf, subleaf, ...(registers ? { registers } : {}) };
}

export function buildCpuidView(doc: VmxDocument): CpuidView {
  const masks: MaskLine[] = [];
  const invalidMaskKeys: InvalidMaskKeyLine[] = [];
  const featMasks: FeatMaskLine[] = [];
  const records: CpuidRecordLine[] = [];
  const masksByRegister = new Map<string, MaskLine[]>();
  const maskByLine = new Map<number, MaskLine>();
  const featByLine = new Map<number, FeatMaskLine>();
  const recordByLine = new Map<number, CpuidRecordLine>();
  for (const entry of doc.entries) {
    const cpuid = classifyCpuidKey(entry.key);
    if (cpuid?.kind === 'mask') {
      const line: MaskLine = { entry, key: cpuid.mask, value: parseMaskValue(entry.rawValue) };
      masks.push(line);
      maskByLine.set(entry.line, line);
      const id = registerId(cpuid.mask);
      const same = masksByRegister.get(id);
      if (same) same.push(line);
      else masksByRegister.set(id, [line]);
      continue;
    }
    if (cpuid?.kind === 'invalid') {
      invalidMaskKeys.push({ entry, reason: cpuid.reason });
      continue;
    }
    if (cpuid) continue;
    const feat = classifyFeatMaskKey(entry.key);
    if (feat) {
      const line: FeatMaskLine = { entry, key: feat, value: parseFeatMaskValue(entry.value) };
      featMasks.push(line);
      featByLine.set(entry.line, line);
      continue;
    }
    const record = parseRecord(entry);
    if (record) {
      records.push(record);
      recordByLine.set(entry.line, record);
    }
  }
  return {
    masks,
    invalidMaskKeys,
    featMasks,
    records,
    masksByRegister,
    maskAt: (line) => maskByLine.get(line),
    featMaskAt: (line) => featByLine.get(line),
    recordAt: (line) => recordByLine.get(line),
  };
}
