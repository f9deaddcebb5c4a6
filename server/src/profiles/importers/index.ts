/** Host profile importers: CPUID dumps, /proc/cpuinfo, libvirt XML and .vmx hostCPUID records → ProfileJson. */
export { ImportError } from './types';
export type { ImportFormat, ImportOptions, ImportResult } from './types';
export { importCpuidRaw } from './cpuidRaw';
export { importAida64 } from './aida64';
export { importCpuinfo } from './cpuinfo';
export { importLibvirt } from './libvirt';
export { importHostCpuidRecords, importVmxHostRecords } from './vmxHost';
export { detectFormat, importProfile, IMPORT_FORMATS } from './detect';
