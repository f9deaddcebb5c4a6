/**
 * Turns the CPUID registers of one logical CPU (read from any dump format)
 * into a host profile with explicit registers.
 *
 * Every register of every leaf/subleaf the CPU answered is written with all
 * 32 bits known, except:
 * - bits that vary with how the dump was taken or mirror guest/OS state: the
 *   features in NOT_HOST_FEATURES (OSXSAVE, OSPKE, hypervisor, SYSCALL);
 * - per-CPU identification: CPUID 1 EBX[31:16] (initial APIC ID, logical
 *   processor count; positions from the bit database), leaf 0xB/0x1F EDX
 *   (x2APIC ID, every subleaf; SDM Vol. 2A CPUID) and AMD 0x8000001E EAX
 *   (extended APIC ID; APM Vol. 3 E.4.24).
 * Leaves outside the ranges the CPU reports (above CPUID 0 EAX / 0x80000000
 * EAX, hypervisor leaves 0x4xxxxxxx, Transmeta/Centaur probes, AIDA64's
 * 0x8FFFFFFF) are left out: they repeat other leaves or describe a hypervisor.
 */
import { featureByName, CpuidRegister } from '../../knowledge/bitDatabase';
import { NOT_HOST_FEATURES, ProfileJson, ProfileVendor } from '../profile';
import { ImportError, ImportFormat, ImportOptions, ImportResult } from './types';
import { groupFlags } from '../../model/maskValue';

export const REGISTERS: readonly CpuidRegister[] = ['eax', 'ebx', 'ecx', 'edx'];

export interface LeafValue {
  readonly leaf: number;
  readonly subleaf: number;
  /** EAX, EBX, ECX, EDX. */
  readonly regs: readonly [number, number, number, number];
  /** 1-based line the value was read from. */
  readonly line: number;
}

/** The leaves of one logical CPU, in input order, plus what the reader left out. */
export class CpuidDump {
  private readonly byKey = new Map<string, LeafValue>();
  readonly notes: string[] = [];

  /** Adds a leaf; a repeated leaf/subleaf keeps the first value and adds a note. */
  add(value: LeafValue): void {
    const key = `${value.leaf >>> 0}:${value.subleaf >>> 0}`;
    const old = this.byKey.get(key);
    if (old) {
      this.notes.push(`line ${value.line}: leaf ${hex(value.leaf)} subleaf ${value.subleaf} repeated (first seen on line ${old.line}); kept the first`);
      return;
    }
    this.byKey.set(key, value);
  }

  get(leaf: number, subleaf = 0): LeafValue | undefined {
    return this.byKey.get(`${leaf >>> 0}:${subleaf >>> 0}`);
  }

  values(): LeafValue[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }
}

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).toUpperCase()}`;
}

/** `"<32 flags>"` with `:` every 4 bits, bit 31 first; `undefined` bits are `-`. */
export function flagsText(bits: readonly (0 | 1 | undefined)[]): string {
  const chars: string[] = [];
  for (let b = 31; b >= 0; b--) chars.push(bits[b] === undefined ? '-' : String(bits[b]));
  return groupFlags(chars);
}

export function vendorFromString(vendor: string, format: ImportFormat, line?: number): ProfileVendor {
  if (vendor === 'GenuineIntel') return 'intel';
  if (vendor === 'AuthenticAMD' || vendor === 'HygonGenuine') return 'amd';
  throw new ImportError(
    `unsupported CPU vendor "${vendor}": only GenuineIntel, AuthenticAMD and HygonGenuine hosts can be imported`,
    line !== undefined ? { format, line } : { format },
  );
}

function ascii(regs: readonly number[]): string {
  let s = '';
  for (const r of regs) for (let i = 0; i < 4; i++) s += String.fromCharCode((r >>> (8 * i)) & 0xff);
  return s;
}

/** Family/model/stepping from CPUID 1 EAX, as the SDM and APM compute them. */
export function signatureOf(eax: number): { family: number; model: number; stepping: number } {
  const baseFamily = (eax >>> 8) & 0xf;
  const family = baseFamily === 0xf ? baseFamily + ((eax >>> 20) & 0xff) : baseFamily;
  const baseModel = (eax >>> 4) & 0xf;
  const model = baseFamily === 0x6 || baseFamily === 0xf ? baseModel | (((eax >>> 16) & 0xf) << 4) : baseModel;
  return { family, model, stepping: eax & 0xf };
}

export function signatureText(vendor: ProfileVendor, sig: { family: number; model: number; stepping: number }): string {
  const h2 = (n: number): string => n.toString(16).padStart(2, '0');
  return `${vendor}-${h2(sig.family)}-${h2(sig.model)}-${sig.stepping.toString(16)}`;
}

/**
 * Profile name from a brand string: lower case, without (R)/(TM), "CPU",
 * "Processor" and the "@ frequency" tail; undefined when what is left names no
 * model (no digit, as in engineering samples' "Genuine Intel(R) CPU @ 2.33GHz").
 */
export function slugFromBrand(brand: string): string | undefined {
  const s = brand
    .replace(/@.*$/, '')
    .replace(/\((r|tm)\)/gi, ' ')
    .replace(/\b(cpu|processor)\b/gi, ' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /[0-9]/.test(s) ? s : undefined;
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface MaskedRange {
  readonly leaf: number;
  /** undefined: every subleaf. */
  readonly subleaf?: number;
  readonly register: CpuidRegister;
  readonly lo: number;
  readonly hi: number;
  readonly why: string;
}

function entryRange(name: string, fallback: Omit<MaskedRange, 'why'>, why: string): MaskedRange {
  const e = featureByName(name);
  if (!e) return { ...fallback, why };
  return { leaf: e.leaf, subleaf: e.subleaf ?? 0, register: e.register, lo: e.lo, hi: e.hi, why };
}

let masked: readonly MaskedRange[] | undefined;

/** Bits a register dump must not pin down (see the module comment). */
export function maskedRanges(): readonly MaskedRange[] {
  if (masked) return masked;
  const list: MaskedRange[] = [];
  for (const name of NOT_HOST_FEATURES) {
    const e = featureByName(name);
    if (e) list.push({ leaf: e.leaf, subleaf: e.subleaf ?? 0, register: e.register, lo: e.lo, hi: e.hi, why: `${name}: not a host feature` });
  }
  list.push(entryRange('initial_apic_id', { leaf: 1, subleaf: 0, register: 'ebx', lo: 24, hi: 31 }, 'initial APIC ID (differs per logical CPU)'));
  list.push(entryRange('max_logical_cpus', { leaf: 1, subleaf: 0, register: 'ebx', lo: 16, hi: 23 }, 'logical processor count (depends on topology/BIOS)'));
  // Not catalogued in the bit database: positions from SDM Vol. 2A (CPUID leaf 0BH/1FH EDX) and APM Vol. 3 (8000_001E EAX).
  list.push({ leaf: 0xb, register: 'edx', lo: 0, hi: 31, why: 'x2APIC ID (differs per logical CPU)' });
  list.push({ leaf: 0x1f, register: 'edx', lo: 0, hi: 31, why: 'x2APIC ID (differs per logical CPU)' });
  list.push({ leaf: 0x8000001e, register: 'eax', lo: 0, hi: 31, why: 'extended APIC ID (differs per logical CPU)' });
  masked = list;
  return list;
}

export interface RegisterProfileInput {
  readonly dump: CpuidDump;
  readonly format: ImportFormat;
  /** Words for provenance and messages: "AIDA64/InstLatx64 CPUID dump". */
  readonly formatTitle: string;
  readonly options: ImportOptions;
}

/** Builds the profile of one CPU's registers (see the module comment for what is left unknown). */
export function registerProfile(input: RegisterProfileInput): ImportResult {
  const { dump, format, formatTitle, options } = input;
  const notes = [...dump.notes];
  const leaf0 = dump.get(0);
  if (!leaf0) throw new ImportError(`${formatTitle}: no CPUID leaf 0 for the first CPU, so the vendor is unknown`, { format });
  const vendorString = ascii([leaf0.regs[1], leaf0.regs[3], leaf0.regs[2]]);
  const vendor = vendorFromString(vendorString.replace(/\0/g, ''), format, leaf0.line);
  const maxBasic = leaf0.regs[0] >>> 0;
  const ext0 = dump.get(0x80000000);
  const maxExt = ext0 && ext0.regs[0] >>> 0 >= 0x80000000 ? ext0.regs[0] >>> 0 : 0x80000000;

  const brandLeaves = [0x80000002, 0x80000003, 0x80000004].map((l) => dump.get(l));
  const brand = brandLeaves.every((l) => l !== undefined) && maxExt >= 0x80000004
    ? ascii(brandLeaves.flatMap((l) => [...l!.regs])).replace(/\0.*$/s, '').replace(/\s+/g, ' ').trim()
    : '';
  const leaf1 = dump.get(1);
  const sig = leaf1 ? signatureOf(leaf1.regs[0]) : undefined;

  const registers: Record<string, string> = {};
  const ignored: string[] = [];
  const values = dump.values().sort((a, b) => (a.leaf >>> 0) - (b.leaf >>> 0) || a.subleaf - b.subleaf);
  const masks = maskedRanges();
  let maskedCount = 0;
  for (const v of values) {
    const leaf = v.leaf >>> 0;
    const inBasic = leaf <= maxBasic;
    const inExt = leaf >= 0x80000000 && leaf <= maxExt;
    if (!inBasic && !inExt) {
      ignored.push(hex(leaf) + (v.subleaf ? `.${v.subleaf}` : ''));
      continue;
    }
    REGISTERS.forEach((reg, i) => {
      const value = v.regs[i]! >>> 0;
      const bits: (0 | 1 | undefined)[] = [];
      for (let b = 0; b < 32; b++) bits.push(((value >>> b) & 1) as 0 | 1);
      for (const m of masks) {
        if (m.leaf !== leaf || m.register !== reg || (m.subleaf !== undefined && m.subleaf !== v.subleaf)) continue;
        for (let b = m.lo; b <= m.hi; b++) bits[b] = undefined;
        maskedCount++;
      }
      registers[`${leaf.toString(16)}.${v.subleaf.toString(16)}.${reg}`] = flagsText(bits);
    });
  }
  if (ignored.length > 0) {
    notes.push(
      `ignored ${ignored.length} leaf value(s) outside the ranges the CPU reports (basic up to ${hex(maxBasic)}, extended up to ${hex(maxExt)}): ${ignored.join(', ')}`,
    );
  }
  const inVm = leaf1 !== undefined && ((leaf1.regs[2] >>> 31) & 1) === 1;
  if (inVm) {
    notes.push('CPUID 1 ECX[31] (hypervisor) is set: the dump was taken inside a virtual machine and describes its virtual CPU');
  }
  if (maskedCount > 0) {
    notes.push('left unknown (-): OSXSAVE, OSPKE, hypervisor and SYSCALL bits, and the per-CPU APIC ID / logical count fields');
  }

  const sigText = sig ? signatureText(vendor, sig) : undefined;
  const name = options.name?.trim() || ((brand ? slugFromBrand(brand) : undefined) ?? sigText ?? `${vendor}-host`);
  const sigWords = sig && leaf1
    ? `family ${hex(sig.family)} model ${hex(sig.model)} stepping ${sig.stepping} (CPUID 1 EAX ${hex(leaf1.regs[0])})`
    : 'no CPUID leaf 1';
  const profile: ProfileJson = {
    name,
    vendor,
    kind: 'host',
    title: brand || (sigText ? `${vendorString} ${sigText}` : vendorString),
    description: `${brand ? `"${brand}", ` : ''}${vendorString} ${sigWords}. Source: ${formatTitle} (first logical CPU).`,
    provenance: [{ source: `imported from ${formatTitle}`, confidence: 'primary' }],
    uncertain: [
      'OSXSAVE, OSPKE, hypervisor and SYSCALL reflect the OS or the capturing tool, not the host: left unknown.',
      'Per-CPU APIC ID and logical processor count fields are left unknown.',
      ...(inVm ? ['Taken inside a virtual machine (CPUID 1 ECX[31] set): the registers are those of the virtual CPU.'] : []),
    ],
    registers,
  };
  return { profile, notes };
}
