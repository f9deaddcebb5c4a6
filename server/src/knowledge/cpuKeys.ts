/**
 * Explanations of the CPU-related .vmx keys that are not register masks.
 * Each carries how sure we are and where the fact comes from (see
 * ../shared/reference/vmx-domain-notes.md §1.1, §1.4, §2); items without a
 * VMware statement say so.
 */
import type { Confidence } from '../model/legend';

export interface CpuKeyInfo {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly confidence: Confidence;
  readonly source: string;
}

const KEYS: readonly CpuKeyInfo[] = [
  {
    key: 'hypervisor.cpuid.v0',
    title: 'Announce the hypervisor to the guest',
    description:
      'FALSE hides the "running under a hypervisor" indication (CPUID.1:ECX bit 31 and the 0x40000000 leaves), the usual fix for "Hyper-V cannot be installed: a hypervisor is already running" inside a VM. Sources disagree on its full effect on VM behaviour.',
    confidence: 'community',
    source: 'community recipes; OC4VM changelog',
  },
  {
    key: 'vhv.enable',
    title: 'Nested hardware virtualization',
    description: 'TRUE exposes VT-x / AMD-V to the guest so it can run its own hypervisor (nested ESXi, Hyper-V, KVM).',
    confidence: 'secondary',
    source: 'VMware nested-virtualization guides (ali5ter/vmware_scripts, many recipes)',
  },
  {
    key: 'cpuid.corespersocket',
    title: 'Cores per virtual socket',
    description: 'Virtual CPU topology: how many cores each virtual socket has (numvcpus / coresPerSocket sockets). It shapes the topology leaves (0x4, 0xB) the guest sees; it is not a feature mask.',
    confidence: 'secondary',
    source: 'every VMware template',
  },
  {
    key: 'cpuid.brandstring',
    title: 'Processor brand string override',
    description: 'Replaces the 48-character brand string of leaves 0x80000002-0x80000004 ("Intel(R) Core(TM) …") that the guest reads.',
    confidence: 'secondary',
    source: 'DrDonk/unlocker templates; third-party analysis of vmware-vmx',
  },
  {
    key: 'cpuid.inhibitdarwinmasks',
    title: 'Disable VMware\'s built-in macOS masks',
    description: 'VMware applies its own CPUID masks to Darwin (macOS) guests on older CPUs; TRUE switches them off so only the masks in this file apply.',
    confidence: 'secondary',
    source: 'third-party analysis of vmware-vmx (macopt); DrDonk templates',
  },
  {
    key: 'monitor_control.enable_fullcpuid',
    title: 'Allow masks on non-default leaves',
    description:
      'Reported by VMware staff to be needed for masks on leaves outside VMware\'s default set. A third-party analysis found no such string in Workstation 26 binaries, so it may be legacy or ESXi-only: uncertain.',
    confidence: 'community',
    source: 'VMware staff post quoted by macopt; community recipes',
  },
  {
    key: 'featurecompat.enable',
    title: 'Legacy feature-compatibility switch',
    description: 'Only allowed for virtual hardware below version 9; on newer hardware VMware rejects it. Advice to set it FALSE is unreliable on modern VMs: use featMask lines instead.',
    confidence: 'secondary',
    source: 'vmware-vmx message strings (third-party extraction); VMware vmFeature test script',
  },
  {
    key: 'featurecompat.vm.completemasks',
    title: 'Per-VM EVC: the featMask set is complete',
    description: 'Written by vCenter with a per-VM EVC baseline: the featMask.vm.* lines of this file are the whole feature set the VM may use.',
    confidence: 'secondary',
    source: 'per-VM EVC blocks written by vCenter (danielewood/misc, szmijews/mfd-esxi)',
  },
  {
    key: 'featmask.vm.hv.capable',
    title: 'Nested virtualization capability (featMask)',
    description: 'Min:1 requires a host that can run nested hypervisors; Val:1 is written by per-VM EVC. Often paired with vhv.enable.',
    confidence: 'secondary',
    source: 'apache/vcl VMware.pm; per-VM EVC blocks',
  },
  {
    key: 'featmask.vm.vt.realmode',
    title: 'Real-mode virtualization capability (featMask)',
    description: 'Written as Val:1 by per-VM EVC: the VM relies on hardware support for running real-mode code (unrestricted guest).',
    confidence: 'secondary',
    source: 'per-VM EVC blocks written by vCenter',
  },
  {
    key: 'evccompatibilitymode',
    title: 'EVC mode recorded at power-on',
    description: 'Written by ESXi: the EVC mode the VM ran under.',
    confidence: 'secondary',
    source: 'ESXi-written .vmx files',
  },
];

const BY_KEY = new Map(KEYS.map((k) => [k.key, k]));

export function cpuKeyInfo(keyLower: string): CpuKeyInfo | undefined {
  return BY_KEY.get(keyLower);
}
