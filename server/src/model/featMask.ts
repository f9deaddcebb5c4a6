/**
 * Named feature masks (the FeatureMask era, virtual hardware 9 and later;
 * per-VM EVC since vSphere 6.7): `featMask.vm.cpuid.<NAME> = "Val:n"`,
 * `"Min:n"` or `"Max:n"`, numbers decimal or 0x hex.
 */

export type FeatMaskOp = 'Val' | 'Min' | 'Max';

export interface FeatMaskKey {
  /** `vm` for a VM's own masks, `evc` for host-side cluster masks. */
  readonly scope: string;
  /** `cpuid` for CPUID features, `hv` / `vt` for virtualization capabilities. */
  readonly family: string;
  /** The feature name as written (e.g. `AVX2`, `capable`). */
  readonly name: string;
}

export interface FeatMaskValue {
  readonly op: FeatMaskOp;
  readonly number: number;
  /** The op as written, when it differs in case from VMware's spelling. */
  readonly opAsWritten: string;
  readonly hex: boolean;
}

export type ParsedFeatMaskValue = { readonly ok: true; readonly value: FeatMaskValue } | { readonly ok: false; readonly reason: string };

/** Parses `featMask.<scope>.<family>.<name>`; undefined for other keys. */
export function classifyFeatMaskKey(key: string): FeatMaskKey | undefined {
  if (key.length < 9 || key.slice(0, 9).toLowerCase() !== 'featmask.') return undefined;
  const parts = key.slice(9).split('.');
  if (parts.length < 3) return { scope: parts[0] ?? '', family: parts[1] ?? '', name: '' };
  return { scope: parts[0]!, family: parts[1]!, name: parts.slice(2).join('.') };
}

const OPS: Record<string, FeatMaskOp> = { val: 'Val', min: 'Min', max: 'Max' };

export function parseFeatMaskValue(raw: string): ParsedFeatMaskValue {
  const text = raw.trim();
  const colon = text.indexOf(':');
  if (colon === -1) {
    return { ok: false, reason: `"${text}" has no operation: write "Val:<n>", "Min:<n>" or "Max:<n>"` };
  }
  const opText = text.slice(0, colon);
  const op = OPS[opText.toLowerCase()];
  if (!op) return { ok: false, reason: `"${opText}" is not an operation VMware uses in a featMask: use Val, Min or Max` };
  const numberText = text.slice(colon + 1).trim();
  let number: number;
  const hex = /^0x[0-9a-f]+$/i.test(numberText);
  if (hex) number = parseInt(numberText.slice(2), 16);
  else if (/^[0-9]+$/.test(numberText)) number = parseInt(numberText, 10);
  else return { ok: false, reason: `"${numberText}" is not a number (decimal like 6 or hex like 0x9e)` };
  return { ok: true, value: { op, number, opAsWritten: opText, hex } };
}

export function describeFeatMaskValue(v: FeatMaskValue, feature: string): string {
  const n = v.hex ? `0x${v.number.toString(16)} (${v.number})` : String(v.number);
  switch (v.op) {
    case 'Val':
      return v.number === 0 && !v.hex
        ? `hide ${feature} from the guest (value forced to 0)`
        : `set ${feature} to exactly ${n} for the guest`;
    case 'Min':
      return `require ${feature} ≥ ${n}: the VM does not power on where the host offers less`;
    case 'Max':
      return `cap ${feature} at ${n}: the guest never sees more`;
  }
}
