/**
 * Linux `/proc/cpuinfo` (x86). The first `processor` block is read:
 * `vendor_id`, `model name`, `cpu family`/`model`/`stepping`, `flags` and
 * `power management`.
 *
 * What a flag says (the rule, documented because /proc/cpuinfo is not CPUID):
 *
 * 1. A flag sets a bit to 1 when the bit database knows it by its canonical
 *    name (the /proc spelling) or a Linux alias (`aliases.linux`) — not by
 *    libvirt or VMware aliases, which can collide with Linux-made flags
 *    (`ibpb` is libvirt's name for AMD 0x80000008 EBX[12] but Linux's
 *    synthesised flag). Flags Linux defines itself (its "Linux-defined"
 *    words 3, 7, 8 and 11, e.g. `constant_tsc`, `ibrs`, `ept`, `rep_good`)
 *    are never mapped: they are set from several CPUID bits, model tables
 *    or MSRs. `nonstop_tsc` is the one exception: Linux sets it only from
 *    0x80000007 EDX[8] (invariant TSC).
 * 2. A flag that is absent sets a bit to 0 only when all of these hold:
 *    - Linux copies the whole register into one of its feature words
 *      (1 ECX/EDX, 6 EAX, 7.0 EBX/ECX/EDX, 7.1 EAX, 0xD.1 EAX,
 *      0x80000001 ECX/EDX, 0x80000008 EBX, 0x8000000A EDX, 0x8000001F EAX,
 *      0x80000021 EAX) and at least one flag of this host maps into it;
 *    - the database catalogues the bit, with Linux among its sources;
 *    - Linux prints it (bits Linux hides from /proc/cpuinfo — OSXSAVE,
 *      SPEC_CTRL, AMD_IBPB… per x86-cpuid-db's `proc` attribute — stay `-`);
 *    - the kernel does not clear it for reasons other than the CPU (BIOS or
 *      boot options, kernel configuration: VMX/SVM/SMX/SGX, x2APIC, APIC,
 *      MONITOR, PCID/INVPCID, SMEP/SMAP/UMIP, PKU, LA57, TSX, MPX,
 *      TSC-deadline, SME/SEV, and every feature that needs XSAVE): those are
 *      1 when present and `-` when absent;
 *    - it is not one of NOT_HOST_FEATURES.
 * 3. `power management:` lists 0x80000007 EDX (Linux x86_power): named bits
 *    and `[n]` are 1, the others 0, except bit 8 (invariant TSC, printed as
 *    nothing) which follows `nonstop_tsc`.
 * A kernel older than the CPU does not know the newest flags; their bits
 * then read 0. The profile says so in `uncertain`.
 */
import { allFeatures, CpuidBitEntry, findFeature, requiresClosure } from '../../knowledge/bitDatabase';
import { NOT_HOST_FEATURES, ProfileJson, registerKey } from '../profile';
import { flagsText, signatureText, slugFromBrand, vendorFromString } from './registerDump';
import { ImportError, ImportOptions, ImportResult } from './types';

/** Registers Linux copies whole into a cpufeature word (arch/x86/include/asm/cpufeatures.h). */
const MIRRORED = new Set([
  '1.0.edx', '1.0.ecx', '6.0.eax', '7.0.ebx', '7.0.ecx', '7.0.edx', '7.1.eax', 'd.1.eax',
  '80000001.0.edx', '80000001.0.ecx', '80000008.0.ebx', '8000000a.0.edx', '8000001f.0.eax', '80000021.0.eax',
]);

/** Bits Linux never prints in /proc/cpuinfo ("" or no name), leaf.subleaf.reg.bit (x86-cpuid-db `proc="false"`). */
const HIDDEN = new Set([
  '1.0.ecx.27',
  '7.0.ebx.6', '7.0.ebx.13',
  '7.0.edx.9', '7.0.edx.11', '7.0.edx.13', '7.0.edx.15', '7.0.edx.26', '7.0.edx.27', '7.0.edx.30', '7.0.edx.31',
  '7.1.eax.7', '7.1.eax.8', '7.1.eax.10', '7.1.eax.11', '7.1.eax.12', '7.1.eax.18', '7.1.eax.21', '7.1.eax.23',
  'd.1.eax.4',
  '80000008.0.ebx.12', '80000008.0.ebx.14', '80000008.0.ebx.15', '80000008.0.ebx.17', '80000008.0.ebx.24',
  '80000008.0.ebx.26', '80000008.0.ebx.28', '80000008.0.ebx.29',
  '8000000a.0.edx.28',
  '8000001f.0.eax.2', '8000001f.0.eax.9', '8000001f.0.eax.10',
  '80000021.0.eax.0', '80000021.0.eax.2', '80000021.0.eax.6', '80000021.0.eax.8', '80000021.0.eax.9',
  '80000021.0.eax.16', '80000021.0.eax.22', '80000021.0.eax.24', '80000021.0.eax.27', '80000021.0.eax.28',
  '80000021.0.eax.29', '80000021.0.eax.30', '80000021.0.eax.31',
]);

/** Flags the kernel may clear although the CPU has the bit: present means 1, absent means unknown. */
const PRESENT_ONLY = new Set([
  'vmx', 'svm', 'smx', 'sgx', 'sgx_lc', 'x2apic', 'apic', 'monitor', 'mwaitx', 'pcid', 'invpcid', 'smep', 'smap', 'umip',
  'pku', 'la57', 'rtm', 'hle', 'mpx', 'tsc_deadline_timer', 'sme', 'sev', 'sev_es', 'sev_snp', 'xsave', 'fsgsbase',
  'user_shstk', 'ibt', 'tme',
]);

/** Linux-defined flags (cpufeatures.h words 3, 7, 8, 11 and later synthetic ones): not one CPUID bit. */
const LINUX_DEFINED = new Set([
  'cxmmx', 'k6_mtrr', 'cyrix_arr', 'centaur_mcr', 'constant_tsc', 'up', 'art', 'arch_perfmon', 'pebs', 'bts', 'rep_good',
  'acc_power', 'nopl', 'xtopology', 'tsc_reliable', 'nonstop_tsc', 'cpuid', 'extd_apicid', 'amd_dcm', 'aperfmperf',
  'rapl', 'nonstop_tsc_s3', 'tsc_known_freq', 'ring3mwait', 'cpuid_fault', 'cpb', 'epb', 'cat_l3', 'cat_l2', 'cdp_l3',
  'invpcid_single', 'hw_pstate', 'proc_feedback', 'pti', 'kernel_ibrs', 'intel_ppin', 'cdp_l2', 'ssbd', 'mba',
  'perfmon_v2', 'ibrs', 'ibpb', 'stibp', 'ibrs_enhanced', 'zen', 'l1tf_pteinv', 'tpr_shadow', 'vnmi', 'flexpriority',
  'ept', 'vpid', 'vmmcall', 'ept_ad', 'vmcall', 'cqm_llc', 'cqm_occup_llc', 'cqm_mbm_total', 'cqm_mbm_local',
  'split_lock_detect', 'amd_lbr_v2', 'amd_lbr_pmc_freeze', 'lfence_rdtsc', 'mfence_rdtsc', 'bpext', 'ptsc',
  'flush_l1d_on_vmexit', 'user_shstk_enabled', 'xenpv', 'amd_ibpb_ret', 'retpoline', 'rethunk', 'srso',
]);

/** x86_power_flags (arch/x86/kernel/cpu/powerflags.c): 0x80000007 EDX bit → name; bit 8 prints nothing. */
const POWER_FLAGS = ['ts', 'fid', 'vid', 'ttp', 'tm', 'stc', '100mhzsteps', 'hwpstate', '', 'cpb', 'eff_freq_ro', 'proc_feedback', 'acc_power'];

export function looksLikeCpuinfo(text: string): boolean {
  return /^processor[ \t]*:/m.test(text) && /^flags[ \t]*:/m.test(text);
}

interface Field {
  readonly value: string;
  readonly line: number;
}

/** The first processor's `key : value` fields (keys lower-cased). */
function firstProcessor(text: string): Map<string, Field> {
  const lines = text.split(/\r?\n/);
  const fields = new Map<string, Field>();
  let started = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (line.trim() === '') {
      if (started && fields.size > 1) break;
      continue;
    }
    if (colon === -1) {
      if (started) throw new ImportError(`expected "<field> : <value>" in the processor block: ${JSON.stringify(line.trim())}`, { format: 'cpuinfo', line: i + 1 });
      continue;
    }
    const key = line.slice(0, colon).trim().toLowerCase();
    if (key === 'processor') {
      if (started) break; // the second processor without a blank line between
      started = true;
    }
    if (!started) continue;
    if (!fields.has(key)) fields.set(key, { value: line.slice(colon + 1).trim(), line: i + 1 });
  }
  if (!started) throw new ImportError('no "processor : <n>" line: not a Linux /proc/cpuinfo', { format: 'cpuinfo' });
  return fields;
}

/** The database entry a /proc/cpuinfo flag names (canonical name or Linux alias), if it is one CPUID bit. */
function entryOfFlag(flag: string): CpuidBitEntry | undefined {
  return findFeature(flag).find((e) => !e.isField && (e.name === flag || (e.aliases.linux ?? []).some((a) => a.toLowerCase() === flag)));
}

function bitKey(e: CpuidBitEntry): string {
  return `${registerKey(e.leaf, e.subleaf, e.register)}.${e.lo}`;
}

export function importCpuinfo(text: string, options: ImportOptions = {}): ImportResult {
  const fields = firstProcessor(text);
  const notes: string[] = [];
  const vendorField = fields.get('vendor_id');
  if (!vendorField) throw new ImportError('the first processor block has no "vendor_id" line', { format: 'cpuinfo' });
  const vendor = vendorFromString(vendorField.value, 'cpuinfo', vendorField.line);
  const flagsField = fields.get('flags');
  if (!flagsField) throw new ImportError('the first processor block has no "flags" line', { format: 'cpuinfo' });
  const flags = flagsField.value.split(/\s+/).filter((f) => f !== '').map((f) => f.toLowerCase());
  if (flags.length === 0) throw new ImportError('the "flags" line is empty', { format: 'cpuinfo', line: flagsField.line });

  const registers = new Map<string, (0 | 1 | undefined)[]>();
  const reg = (key: string): (0 | 1 | undefined)[] => {
    let bits = registers.get(key);
    if (!bits) registers.set(key, (bits = new Array<0 | 1 | undefined>(32).fill(undefined)));
    return bits;
  };
  const present = new Set<string>();
  const unmapped: string[] = [];
  const linuxDefined: string[] = [];
  const notHost: string[] = [];
  for (const flag of flags) {
    if (LINUX_DEFINED.has(flag)) {
      linuxDefined.push(flag);
      continue;
    }
    const e = entryOfFlag(flag);
    if (!e) {
      unmapped.push(flag);
      continue;
    }
    if (NOT_HOST_FEATURES.has(e.name)) {
      notHost.push(flag);
      continue;
    }
    present.add(e.name);
    reg(registerKey(e.leaf, e.subleaf, e.register))[e.lo] = 1;
  }
  // Rule 2: absent flags of mirrored registers.
  const spoken = new Set([...registers.keys()].filter((k) => MIRRORED.has(k)));
  const xsaveDependent = (e: CpuidBitEntry): boolean => requiresClosure(e.name).includes('xsave');
  for (const e of allFeatures()) {
    const key = registerKey(e.leaf, e.subleaf, e.register);
    if (!spoken.has(key) || e.isField || present.has(e.name)) continue;
    if (!e.sources.includes('linux') || HIDDEN.has(bitKey(e)) || NOT_HOST_FEATURES.has(e.name)) continue;
    if (PRESENT_ONLY.has(e.name) || xsaveDependent(e)) continue;
    const bits = reg(key);
    if (bits[e.lo] === undefined) bits[e.lo] = 0;
  }
  // Rule 3: power management (0x80000007 EDX).
  const pm = fields.get('power management');
  if (pm) {
    const bits = reg('80000007.0.edx');
    for (let b = 0; b < 32; b++) if (b !== 8) bits[b] = 0;
    bits[8] = flags.includes('nonstop_tsc') ? 1 : 0;
    for (const token of pm.value.split(/\s+/).filter((t) => t !== '')) {
      const n = /^\[(\d+)\]$/.exec(token);
      const b = n ? Number(n[1]) : POWER_FLAGS.indexOf(token);
      if (b >= 0 && b < 32 && b !== 8) bits[b] = 1;
      else notes.push(`power management: "${token}" not understood, ignored`);
    }
  } else if (flags.includes('nonstop_tsc')) {
    reg('80000007.0.edx')[8] = 1;
  }

  if (unmapped.length > 0) notes.push(`flags not in the bit database, ignored: ${unmapped.join(' ')}`);
  if (linuxDefined.length > 0) notes.push(`Linux-defined flags (not one CPUID bit), ignored: ${linuxDefined.join(' ')}`);
  if (notHost.length > 0) notes.push(`flags that are not host features, left unknown: ${notHost.join(' ')}`);
  const uncertain = [
    'Read from /proc/cpuinfo: bits of absent flags are 0 only where Linux prints the flag and never clears it for non-CPU reasons; a kernel older than the CPU does not know its newest flags, which then read 0.',
    'Bits Linux hides or may clear (VMX/SVM, SGX, x2APIC, PCID, SMEP/SMAP, PKU, TSX, XSAVE-based features...) are unknown when the flag is absent.',
  ];
  if (flags.includes('hypervisor')) {
    notes.push('the "hypervisor" flag is set: this /proc/cpuinfo describes a virtual CPU, not the physical host');
    uncertain.push('Taken inside a virtual machine: the flags are those of the virtual CPU.');
  }

  const brand = fields.get('model name')?.value.replace(/\s+/g, ' ').trim() ?? '';
  const num = (k: string): number | undefined => {
    const v = fields.get(k)?.value;
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const family = num('cpu family');
  const model = num('model');
  const stepping = num('stepping');
  const sig = family !== undefined && model !== undefined && stepping !== undefined ? signatureText(vendor, { family, model, stepping }) : undefined;
  const name = options.name?.trim() || ((brand ? slugFromBrand(brand) : undefined) ?? sig ?? `${vendor}-host`);
  const out: Record<string, string> = {};
  for (const [key, bits] of [...registers.entries()].sort()) {
    if (bits.some((b) => b !== undefined)) out[key] = flagsText(bits);
  }
  const profile: ProfileJson = {
    name,
    vendor,
    kind: 'host',
    title: brand || sig || vendorField.value,
    description: `${brand ? `"${brand}", ` : ''}${vendorField.value}${sig ? ` ${sig}` : ''}. Imported from Linux /proc/cpuinfo (first processor): only the bits the flags speak about are known.`,
    provenance: [{ source: 'imported from Linux /proc/cpuinfo', confidence: 'primary' }],
    uncertain,
    registers: out,
  };
  return { profile, notes };
}
