/**
 * Format detection and the one-call importer.
 */
import { importAida64, looksLikeAida64 } from './aida64';
import { importCpuidRaw, looksLikeCpuidRaw } from './cpuidRaw';
import { importCpuinfo, looksLikeCpuinfo } from './cpuinfo';
import { importLibvirt, looksLikeLibvirt } from './libvirt';
import { importVmxHostRecords, looksLikeVmxHostRecords } from './vmxHost';
import { ImportError, ImportFormat, ImportOptions, ImportResult } from './types';

export const IMPORT_FORMATS: readonly { readonly format: ImportFormat; readonly title: string; readonly example: string }[] = [
  { format: 'cpuid-raw', title: 'cpuid -r (Todd Allen\'s cpuid, raw)', example: '0x00000001 0x00: eax=0x000306f2 ebx=0x00200800 ecx=0x7ffefbff edx=0xbfebfbff' },
  { format: 'aida64', title: 'AIDA64 / InstLatx64 CPUID dump', example: 'CPUID 00000001: 000306F2-00200800-7FFEFBFF-BFEBFBFF' },
  { format: 'cpuinfo', title: 'Linux /proc/cpuinfo', example: 'processor : 0 … vendor_id : GenuineIntel … flags : fpu vme …' },
  { format: 'libvirt', title: 'libvirt virsh capabilities / domcapabilities XML', example: "<cpu><vendor>Intel</vendor><feature name='vmx'/>…" },
  { format: 'vmx-host', title: '.vmx hostCPUID records', example: 'hostCPUID.1 = "000306f2002008007ffefbffbfebfbff"' },
];

/** The format of `text`, or undefined when none is recognised. */
export function detectFormat(text: string): ImportFormat | undefined {
  const t = text.replace(/^\uFEFF/, '');
  const trimmed = t.trimStart();
  if (trimmed.startsWith('<') && looksLikeLibvirt(t)) return 'libvirt';
  if (looksLikeCpuidRaw(t)) return 'cpuid-raw';
  if (looksLikeAida64(t)) return 'aida64';
  if (looksLikeVmxHostRecords(t)) return 'vmx-host';
  if (looksLikeCpuinfo(t)) return 'cpuinfo';
  if (looksLikeLibvirt(t)) return 'libvirt';
  return undefined;
}

const IMPORTERS: Record<ImportFormat, (text: string, options: ImportOptions) => ImportResult> = {
  'cpuid-raw': importCpuidRaw,
  aida64: importAida64,
  cpuinfo: importCpuinfo,
  libvirt: importLibvirt,
  'vmx-host': importVmxHostRecords,
};

/** Detects the format and imports; the result's notes start with the detected format. */
export function importProfile(text: string, options: ImportOptions = {}): ImportResult & { format: ImportFormat } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new ImportError('the input is empty');
  const format = detectFormat(body);
  if (format === undefined) {
    const list = IMPORT_FORMATS.map((f) => `  - ${f.title}, e.g. ${f.example}`).join('\n');
    throw new ImportError(`the input is in no format the importer understands. Understood formats:\n${list}`);
  }
  return { ...IMPORTERS[format](body, options), format };
}
