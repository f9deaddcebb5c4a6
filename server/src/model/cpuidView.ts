/**
 * The CPUID side of a document: every register mask, featMask line and
 * CPUID record, classified and parsed once. Rules and editor features read
 * this view instead of re-parsing keys and values.
 */
import type { VmxDocument, VmxEntry } from '../parser/vmxDocument';
import { classifyCpuidKey, MaskKey, registerId } from './maskKey';
import { MaskValue, parseMaskValue } from './maskValue';
import { OverlayMap } from '../util/overlayMap';
import { keysWithSeveral, positionOfLine } from '../util/patching';
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
  /** The register ids of masksByRegister with more than one mask line. */
  readonly registersMaskedTwice: ReadonlySet<string>;
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
 * edit keep their identity and whatever was computed from them. When the
 * parser says which lines changed (same line count), only those are looked
 * at and the previous view's tables are patched.
 */
export function buildCpuidView(doc: VmxDocument, previous?: CpuidView): CpuidView {
  const before = previous ? classifiedByView.get(previous) : undefined;
  if (previous && before && doc.changedLines) return patchedView(doc, doc.changedLines, previous, before);
  const byLine = new Map<number, Classified>();
  for (const entry of doc.entries) {
    const old = before?.get(entry.line);
    const c = old !== undefined && old.line.entry === entry ? old : classify(entry);
    if (c !== undefined) byLine.set(entry.line, c);
  }
  const masks: MaskLine[] = [];
  const invalidMaskKeys: InvalidMaskKeyLine[] = [];
  const featMasks: FeatMaskLine[] = [];
  const records: CpuidRecordLine[] = [];
  const masksByRegister = new Map<string, MaskLine[]>();
  for (const c of byLine.values()) {
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
  const registersMaskedTwice = new Set<string>();
  for (const [id, group] of masksByRegister) if (group.length > 1) registersMaskedTwice.add(id);
  return makeView(byLine, { masks, invalidMaskKeys, featMasks, records, masksByRegister, registersMaskedTwice });
}

type Tables = Pick<CpuidView, 'masks' | 'invalidMaskKeys' | 'featMasks' | 'records' | 'masksByRegister' | 'registersMaskedTwice'>;

function makeView(byLine: ReadonlyMap<number, Classified>, tables: Tables): CpuidView {
  const at = <K extends Classified['kind']>(line: number, kind: K) => {
    const c = byLine.get(line);
    return c?.kind === kind ? (c.line as Extract<Classified, { kind: K }>['line']) : undefined;
  };
  const view: CpuidView = {
    ...tables,
    maskAt: (line) => at(line, 'mask'),
    featMaskAt: (line) => at(line, 'featMask'),
    recordAt: (line) => at(line, 'record'),
  };
  classifiedByView.set(view, byLine);
  return view;
}

/** The previous view with the lines `first`…`last` classified again (the other lines are the same objects). */
function patchedView(doc: VmxDocument, changed: { first: number; last: number }, previous: CpuidView, before: ReadonlyMap<number, Classified>): CpuidView {
  const byLineChanges = new Map<number, Classified | undefined>();
  const masks = previous.masks.slice();
  const invalidMaskKeys = previous.invalidMaskKeys.slice();
  const featMasks = previous.featMasks.slice();
  const records = previous.records.slice();
  const registerChanges = new Map<string, MaskLine[] | undefined>();
  const groupOf = (id: string) => (registerChanges.has(id) ? registerChanges.get(id) : previous.masksByRegister.get(id));
  const listOf = (kind: Classified['kind']): { entry: VmxEntry }[] =>
    kind === 'mask' ? masks : kind === 'invalid' ? invalidMaskKeys : kind === 'featMask' ? featMasks : records;
  for (let line = changed.first; line <= changed.last; line++) {
    const old = before.get(line);
    const entry = doc.lines[line]?.entry;
    if (old !== undefined && old.line.entry === entry) continue;
    const now = entry ? classify(entry) : undefined;
    if (old === undefined && now === undefined) continue;
    byLineChanges.set(line, now);
    if (old) {
      const list = listOf(old.kind);
      list.splice(positionOfLine(list, line, lineOfCpuidLine), 1);
      if (old.kind === 'mask') {
        const id = registerId(old.line.key);
        const group = groupOf(id)!.filter((m) => m !== old.line);
        registerChanges.set(id, group.length > 0 ? group : undefined);
      }
    }
    if (now) {
      const list = listOf(now.kind);
      list.splice(positionOfLine(list, line, lineOfCpuidLine), 0, now.line);
      if (now.kind === 'mask') {
        const id = registerId(now.line.key);
        const group = groupOf(id)?.slice() ?? [];
        group.splice(positionOfLine(group, line, lineOfCpuidLine), 0, now.line);
        registerChanges.set(id, group);
      }
    }
  }
  if (byLineChanges.size === 0) {
    return makeView(before, previous);
  }
  return makeView(OverlayMap.over(before, byLineChanges), {
    masks,
    invalidMaskKeys,
    featMasks,
    records,
    masksByRegister: OverlayMap.over(previous.masksByRegister, registerChanges),
    registersMaskedTwice: keysWithSeveral(previous.registersMaskedTwice, registerChanges),
  });
}

const lineOfCpuidLine = (l: { entry: VmxEntry }) => l.entry.line;
