/**
 * The outline's grouping of keys: the prefix before the first dot
 * (`ethernet0.virtualDev` → `ethernet0`, `scsi0:0.fileName` → `scsi0:0`,
 * `featMask.vm.cpuid.AVX` → `featMask`). Keys without a dot, and keys that
 * start with a dot (`.encoding`), stand alone.
 */
export function keyGroup(key: string): string | undefined {
  const dot = key.indexOf('.');
  return dot > 0 ? key.slice(0, dot) : undefined;
}
