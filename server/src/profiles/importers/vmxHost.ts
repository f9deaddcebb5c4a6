/**
 * `hostCPUID.<leaf>[.<subleaf>]` records of a `.vmx` (written by ESXi at power
 * on): the value is 32 hex digits, EAX EBX ECX EDX, 8 each, e.g.
 * `hostCPUID.1 = "000206d70020080017bee3ffbfebfbff"`. Read with the project's
 * parser (parseVmx) and CPUID view (buildCpuidView); leaf and subleaf are hex.
 * The language server, which has the document's CPUID view already, imports
 * its records directly (`importHostCpuidRecords`).
 */
import { parseVmx } from '../../parser/parse';
import { buildCpuidView, CpuidRecordLine } from '../../model/cpuidView';
import { CpuidDump, registerProfile } from './registerDump';
import { ImportError, ImportOptions, ImportResult } from './types';

export function looksLikeVmxHostRecords(text: string): boolean {
  return /^[ \t]*hostCPUID\.[0-9a-fA-F]+(?:\.[0-9a-fA-F]+)?[ \t]*=/im.test(text);
}

/** The `hostCPUID.*` records of a `.vmx` text as a profile. */
export function importVmxHostRecords(text: string, options: ImportOptions = {}): ImportResult {
  return importHostCpuidRecords(buildCpuidView(parseVmx(text)).records, options);
}

/**
 * The host records among a parsed document's CPUID records (`CpuidView.records`)
 * as a profile; `guestCPUID` / `userCPUID` records are skipped with a note.
 */
export function importHostCpuidRecords(records: readonly CpuidRecordLine[], options: ImportOptions = {}): ImportResult {
  const dump = new CpuidDump();
  const others = { guest: 0, user: 0 };
  for (const record of records) {
    if (record.kind !== 'host') {
      others[record.kind]++;
      continue;
    }
    const line = record.entry.line + 1;
    if (!record.registers) {
      throw new ImportError(`${record.entry.key}: value ${JSON.stringify(record.entry.value)} is not 32 hex digits (EAX EBX ECX EDX)`, {
        format: 'vmx-host',
        line,
      });
    }
    dump.add({ leaf: record.leaf >>> 0, subleaf: record.subleaf ?? 0, regs: record.registers, line });
  }
  if (dump.size === 0) throw new ImportError('no hostCPUID.<leaf> = "<32 hex digits>" records found', { format: 'vmx-host' });
  if (others.guest + others.user > 0) {
    dump.notes.push(`ignored ${others.guest} guestCPUID and ${others.user} userCPUID record(s): they describe the virtual CPU, not the host`);
  }
  return registerProfile({ dump, format: 'vmx-host', formatTitle: '.vmx hostCPUID records', options });
}
