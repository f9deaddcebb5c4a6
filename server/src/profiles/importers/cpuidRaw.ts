/**
 * Raw output of Todd Allen's `cpuid -r` (http://www.etallen.com/cpuid.html):
 *
 *   CPU 0:
 *      0x00000007 0x00: eax=0x00000000 ebx=0x029c6fbf ecx=0x40000000 edx=0xbc000400
 *
 * One `CPU n:` block per logical CPU (`CPU:` with `-1`); the first block is
 * read. Leaf and subleaf are hex (the subleaf may have more than two digits,
 * e.g. `0x1d2`); very old versions print no subleaf (`0x00000000: eax=...`).
 * A leading "Disclaimer:" line and other text outside the value lines are
 * ignored; a line that starts like a value line but is incomplete is an error.
 */
import { CpuidDump, registerProfile } from './registerDump';
import { ImportError, ImportOptions, ImportResult } from './types';

const START = /^[ \t]*0x([0-9a-fA-F]{1,8})(?:[ \t]+0x([0-9a-fA-F]{1,8}))?[ \t]*:/;
const VALUE =
  /^[ \t]*0x([0-9a-fA-F]{1,8})(?:[ \t]+0x([0-9a-fA-F]{1,8}))?[ \t]*:[ \t]*eax=0x([0-9a-fA-F]{1,8})[ \t]+ebx=0x([0-9a-fA-F]{1,8})[ \t]+ecx=0x([0-9a-fA-F]{1,8})[ \t]+edx=0x([0-9a-fA-F]{1,8})[ \t]*$/;
const HEADER = /^[ \t]*CPU(?:[ \t]+(\d+))?[ \t]*:[ \t]*$/;

export function looksLikeCpuidRaw(text: string): boolean {
  return /^[ \t]*0x[0-9a-fA-F]{8}(?:[ \t]+0x[0-9a-fA-F]{1,8})?[ \t]*:[ \t]*eax=0x[0-9a-fA-F]+/m.test(text);
}

export function importCpuidRaw(text: string, options: ImportOptions = {}): ImportResult {
  const lines = text.split(/\r?\n/);
  const dump = new CpuidDump();
  let headers = 0;
  let cpuLabel: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = HEADER.exec(line);
    if (h) {
      headers++;
      if (headers > 1 && dump.size > 0) break; // the second CPU
      cpuLabel = h[1];
      continue;
    }
    if (!START.test(line)) continue;
    const v = VALUE.exec(line);
    if (!v) {
      throw new ImportError(
        `value line is not "0x<leaf> 0x<subleaf>: eax=0x… ebx=0x… ecx=0x… edx=0x…" (truncated or wrapped?): ${JSON.stringify(line.trim())}`,
        { format: 'cpuid-raw', line: i + 1 },
      );
    }
    const regs = [v[3]!, v[4]!, v[5]!, v[6]!].map((x) => parseInt(x, 16) >>> 0) as unknown as [number, number, number, number];
    dump.add({ leaf: parseInt(v[1]!, 16) >>> 0, subleaf: v[2] ? parseInt(v[2], 16) >>> 0 : 0, regs, line: i + 1 });
  }
  if (dump.size === 0) throw new ImportError('no "0x<leaf> 0x<subleaf>: eax=0x… ebx=0x… ecx=0x… edx=0x…" lines found', { format: 'cpuid-raw' });
  if (cpuLabel !== undefined && cpuLabel !== '0') dump.notes.push(`the first CPU block is "CPU ${cpuLabel}", not CPU 0`);
  return registerProfile({ dump, format: 'cpuid-raw', formatTitle: 'cpuid -r raw dump', options });
}
