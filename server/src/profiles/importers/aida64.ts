/**
 * InstLatx64 / AIDA64 (EVEREST) CPUID dumps:
 *
 *   CPUID 00000007: 00000000-029C6FBF-00000000-9C000400 [SL 00]
 *
 * Leaf (8 hex), then EAX-EBX-ECX-EDX, an optional `[SL nn]` subleaf (hex) and
 * optional annotations (`[GenuineIntel]`, `[L1D: 32 KB]`). Tabs may stand for
 * blanks. The block repeats for every logical CPU and may follow a long
 * AIDA64 report; only the first CPU is read: it ends where leaf 0 comes again
 * or the leaf number goes backwards.
 *
 * Older dumps have no `[SL]` markers and list a subleafed leaf once per
 * subleaf they printed. For leaves whose subleaves are enumerated in order
 * from 0 until an invalid one (4, 0xB, 0x1F, 0x8000001D: SDM/APM), the n-th
 * line is subleaf n. For other leaves (e.g. 0xD, where EVEREST skipped
 * subleaves: its second 0xD line is subleaf 2, the AVX state) only the first
 * line (subleaf 0) is kept and the others are reported in the notes.
 */
import { CpuidDump, hex, registerProfile } from './registerDump';
import { ImportError, ImportOptions, ImportResult } from './types';

const LINE = /^[ \t]*CPUID[ \t]+([0-9A-Fa-f]{8})[ \t]*:[ \t]*(.*)$/;
const VALUE = /^([0-9A-Fa-f]{8})[ \t]*-[ \t]*([0-9A-Fa-f]{8})[ \t]*-[ \t]*([0-9A-Fa-f]{8})[ \t]*-[ \t]*([0-9A-Fa-f]{8})(?![0-9A-Fa-f-])(.*)$/;
const SUBLEAF = /\[SL[ \t]*([0-9A-Fa-f]{1,8})\]/;
const SEQUENTIAL_SUBLEAVES = new Set([0x4, 0xb, 0x1f, 0x8000001d]);

/** True when the text has at least one AIDA64-style CPUID line. */
export function looksLikeAida64(text: string): boolean {
  return /^[ \t]*CPUID[ \t]+[0-9A-Fa-f]{8}[ \t]*:[ \t]*[0-9A-Fa-f]{8}[ \t]*-/m.test(text);
}

export function importAida64(text: string, options: ImportOptions = {}): ImportResult {
  const lines = text.split(/\r?\n/);
  const dump = new CpuidDump();
  let prevLeaf = -1;
  let prevSubleaf = -1;
  let sawAny = false;
  const skipped: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = LINE.exec(lines[i]!);
    if (!m) continue;
    const lineNo = i + 1;
    const v = VALUE.exec(m[2]!);
    if (!v) {
      throw new ImportError(`CPUID line is not "CPUID <leaf>: EAX-EBX-ECX-EDX" (four 8-digit hex values): ${JSON.stringify(lines[i]!.trim())}`, {
        format: 'aida64',
        line: lineNo,
      });
    }
    const leaf = parseInt(m[1]!, 16) >>> 0;
    const sl = SUBLEAF.exec(v[5]!);
    if (sawAny && (leaf === 0 || leaf < prevLeaf)) break; // next logical CPU
    let subleaf: number;
    if (sl) {
      subleaf = parseInt(sl[1]!, 16);
      if (leaf === prevLeaf && subleaf <= prevSubleaf) break;
    } else if (leaf === prevLeaf) {
      if (!SEQUENTIAL_SUBLEAVES.has(leaf)) {
        skipped.push(`line ${lineNo} (leaf ${hex(leaf)})`);
        continue;
      }
      subleaf = prevSubleaf + 1;
    } else {
      subleaf = 0;
    }
    const regs = [v[1]!, v[2]!, v[3]!, v[4]!].map((h) => parseInt(h, 16) >>> 0) as unknown as [number, number, number, number];
    dump.add({ leaf, subleaf, regs, line: lineNo });
    prevLeaf = leaf;
    prevSubleaf = subleaf;
    sawAny = true;
  }
  if (!sawAny) throw new ImportError('no "CPUID <leaf>: EAX-EBX-ECX-EDX" lines found', { format: 'aida64' });
  if (skipped.length > 0) {
    dump.notes.push(`repeated leaf without [SL] marker, subleaf unknown, ignored: ${skipped.join(', ')}`);
  }
  return registerProfile({ dump, format: 'aida64', formatTitle: 'AIDA64/InstLatx64 CPUID dump', options });
}
