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
  const record: { -readonly [K in keyof CpuidRecordLine]: CpuidRecordLine[K] } = { entry, kind, leaf, subleaf };
  if (registers) record.registers = registers;
  return record;
}

type Classified =
  | { readonly kind: 'mask'; readonly line: MaskLine }
  | { readonly kind: 'invalid'; readonly line: InvalidMaskKeyLine }
  | { readonly kind: 'featMask'; readonly line: FeatMaskLine }
  | { readonly kind: 'record'; readonly line: CpuidRecordLine };

/** What each line of a view is, for the next version's view to take over. */
const classifiedByView = new WeakMap<CpuidView, ReadonlyMap<number, Classified>>();

function classify(entry: VmxEntry): Classified | undefined {
  const k = entry.keyLower;
  // Most keys are device and VM settings: one prefix test each sends them away.
  if (k.startsWith('cpuid.')) {
    const cpuid = classifyCpuidKey(entry.key);
    if (cpuid?.kind === 'mask') return { kind: 'mask', line: { entry, key: cpuid.mask, value: parseMaskValue(entry.rawValue) } };
    if (cpuid?.kind === 'invalid') return { kind: 'invalid', line: { entry, reason: cpuid.reason } };
    return undefined;
  }
  if (k.startsWith('featmask.')) {
    const feat = classifyFeatMaskKey(entry.key);
    return feat ? { kind: 'featMask', line: { entry, key: feat, value: parseFeatMaskValue(entry.value) } } : undefined;
  }
  if (k.startsWith('hostcpuid.') || k.startsWith('guestcpuid.') || k.startsWith('usercpuid.')) {
    const record = parseRecord(entry);
    return record ? { kind: 'record', line: record } : undefined;
  }
  return undefined;
}

/**
 * Builds the view of a document. With the view of an earlier version of the
 * same document, the lines of entries the parser took over unchanged (same
 * object) are taken over too, so the masks and featMask lines of a typing
 * edit keep their identity and whatever was computed from them.
 */
export function buildCpuidView(doc: VmxDocument, previous?: CpuidView): CpuidView {
  const before = previous ? classifiedByView.get(previous) : undefined;
  const byLine = new Map<number, Classified>();
  const masks: MaskLine[] = [];
  const invalidMaskKeys: InvalidMaskKeyLine[] = [];
  const featMasks: FeatMaskLine[] = [];
  const records: CpuidRecordLine[] = [];
  const masksByRegister = new Map<string, MaskLine[]>();
  for (const entry of doc.entries) {
    const old = before?.get(entry.line);
    const c = old !== undefined && old.line.entry === entry ? old : classify(entry);
    if (c === undefined) continue;
    byLine.set(entry.line, c);
    switch (c.kind) {
      case 'mask': {
        masks.push(c.line);
        const id = registerId(c.line.key);
        const same = masksByRegister.get(id);
        if (same) same.push(c.line);
        else masksByRegister.set(id, [c.line]);
        break;
      }
      case 'invalid':
        invalidMaskKeys.push(c.line);
        break;
      case 'featMask':
        featMasks.push(c.line);
        break;
      case 'record':
        records.push(c.line);
        break;
    }
  }
  const at = <K extends Classified['kind']>(line: number, kind: K) => {
    const c = byLine.get(line);
    return c?.kind === kind ? (c.line as Extract<Classified, { kind: K }>['line']) : undefined;
  };
  const view: CpuidView = {
    masks,
    invalidMaskKeys,
    featMasks,
    records,
    masksByRegister,
    maskAt: (line) => at(line, 'mask'),
    featMaskAt: (line) => at(line, 'featMask'),
    recordAt: (line) => at(line, 'record'),
  };
  classifiedByView.set(view, byLine);
  return view;
}
