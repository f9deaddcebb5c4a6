/**
 * The flag legend: the one place that says what each character of a CPUID
 * mask value means. Nothing else in the project hard-codes flag meanings.
 *
 * Sources (see docs/DATA_SOURCES.md and ../shared/reference/vmx-domain-notes.md §1.3):
 * - vSphere API `HostCpuIdInfo` documentation (VMware, primary): x T F 1 0 R H -;
 * - vSphere Client "CPU Identification Mask" dialog (VMware UI, primary): upper-case X in guest-OS defaults;
 * - community recipes and VMware staff posts (secondary): `h` = pass the host's value through.
 */

export type Confidence = 'primary' | 'secondary' | 'community' | 'undocumented';

export type FlagRole =
  /** Leave the bit to VMware's default policy. */
  | 'default'
  /** Force the value the guest sees. */
  | 'forced'
  /** Pass the host's value through. */
  | 'host'
  /** Report 0 to the guest, but hosts must agree for vMotion. */
  | 'reserved'
  /** Requirement strings of the vSphere API; not meant for a .vmx mask. */
  | 'requirement';

export interface FlagMeaning {
  readonly char: string;
  readonly title: string;
  /** What the guest sees, in a sentence. */
  readonly guestSees: string;
  /** What it implies for vMotion, in a sentence. */
  readonly vmotion: string;
  readonly role: FlagRole;
  readonly confidence: Confidence;
  readonly source: string;
  /** Whether VMware documents this character for masks written in a .vmx. */
  readonly meantForVmx: boolean;
}

const API_DOC = 'vSphere API reference, HostCpuIdInfo (VMware)';

export const FLAG_LEGEND: readonly FlagMeaning[] = [
  {
    char: '-',
    title: 'default',
    guestSees: "the value VMware's default policy gives this bit (for most feature bits, the host's value)",
    vmotion: 'a feature the guest sees must exist on the destination; without EVC, user-level features must match',
    role: 'default',
    confidence: 'primary',
    source: `${API_DOC}: "-" in a VM configuration means "use the requirement of the guest OS descriptor"`,
    meantForVmx: true,
  },
  {
    char: '0',
    title: 'forced to 0',
    guestSees: 'always 0 (the feature is hidden)',
    vmotion: 'no constraint from this bit',
    role: 'forced',
    confidence: 'primary',
    source: `${API_DOC}: "0" = reported as disabled to the guest`,
    meantForVmx: true,
  },
  {
    char: '1',
    title: 'forced to 1',
    guestSees: 'always 1, even on hosts that lack the feature (the guest may then fault)',
    vmotion: 'the destination must have the feature',
    role: 'forced',
    confidence: 'primary',
    source: `${API_DOC}: "1" = reported as enabled to the guest; VMware warns it does not promise faithful virtualization`,
    meantForVmx: true,
  },
  {
    char: 'H',
    title: 'host value, must match for vMotion',
    guestSees: "the host's value",
    vmotion: 'source and destination must have the same value',
    role: 'host',
    confidence: 'primary',
    source: `${API_DOC}: "H" = used by the guest; for vMotion the value must be the same on both hosts`,
    meantForVmx: true,
  },
  {
    char: 'h',
    title: 'host value',
    guestSees: "the host's value (pass-through)",
    vmotion: 'a feature the guest sees must exist on the destination',
    role: 'host',
    confidence: 'community',
    source: 'nested-virtualization recipes and VMware staff posts; the exact difference to "H" is not documented',
    meantForVmx: true,
  },
  {
    char: 'R',
    title: 'reserved: hidden, must match for vMotion',
    guestSees: 'always 0',
    vmotion: 'source and destination must have the same value',
    role: 'reserved',
    confidence: 'primary',
    source: `${API_DOC}: "R" = reported as disabled; for vMotion the actual value must be the same on both hosts`,
    meantForVmx: false,
  },
  {
    char: 'x',
    title: 'unused by the guest',
    guestSees: "the host's value; the guest does not rely on it",
    vmotion: 'no constraint from this bit',
    role: 'requirement',
    confidence: 'primary',
    source: `${API_DOC}: "x" = unused by guest software (a guest OS descriptor value)`,
    meantForVmx: false,
  },
  {
    char: 'X',
    title: 'unused by the guest (as the vSphere Client shows it)',
    guestSees: "the host's value; the guest does not rely on it",
    vmotion: 'no constraint from this bit',
    role: 'requirement',
    confidence: 'primary',
    source: 'vSphere Client "CPU Identification Mask" dialog shows upper-case X in the guest-OS default row',
    meantForVmx: false,
  },
  {
    char: 'T',
    title: 'required to be 1',
    guestSees: "the host's value; power-on requires it to be 1",
    vmotion: 'the destination must have the feature',
    role: 'requirement',
    confidence: 'primary',
    source: `${API_DOC}: "T" = feature the guest requires to be enabled`,
    meantForVmx: false,
  },
  {
    char: 'F',
    title: 'required to be 0',
    guestSees: "the host's value; power-on requires it to be 0",
    vmotion: 'the destination must not have the feature',
    role: 'requirement',
    confidence: 'primary',
    source: `${API_DOC}: "F" = feature the guest requires to be disabled`,
    meantForVmx: false,
  },
];

const BY_CHAR = new Map(FLAG_LEGEND.map((f) => [f.char, f]));

export function flagMeaning(char: string): FlagMeaning | undefined {
  return BY_CHAR.get(char);
}

/** Separators allowed between flags: colons and white space. */
export function isSeparator(char: string): boolean {
  return char === ':' || char === ' ' || char === '\t';
}

export const CONFIDENCE_LABEL: Record<Confidence, string> = {
  primary: 'documented by VMware',
  secondary: 'reported by well-informed third parties',
  community: 'community usage, not documented by VMware',
  undocumented: 'undocumented',
};
