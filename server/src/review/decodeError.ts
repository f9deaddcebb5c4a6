/**
 * "Decode vMotion error": what vCenter, ESXi or Workstation printed about CPU
 * compatibility → structured findings: the register and bits, the features,
 * which side lacks them, and the mask lines that would let the VM move.
 *
 * Forms understood (wording sources: ../shared/reference/vmx-domain-notes.md §5):
 * - CpuIncompatible: "… CPUID level 0x1 register 'ecx'" with "Host bits:" and
 *   "Required:" lines and/or "Mismatch detected for these features: …".
 *   The wording is UNVERIFIED (the structure follows the vSphere API fault
 *   CpuIncompatible{level, registerName, registerBits, desiredBits}); close
 *   variants are accepted.
 * - "Feature 'cpuid.X' was absent, but must be present." / "… present, but
 *   must be absent." (strings of vmware-vmx, SECONDARY).
 * - vCenter feature-name lists ("Advanced Vector Extensions (AVX)", "XSAVE
 *   YMM State", "PCID" …; real strings per a blog, SECONDARY).
 * - "This virtual machine requires AVX2 but AVX is not present." (vmware-vmx string).
 * - EVC admission faults (the sentence "The host CPU lacks features required
 *   by that mode." is verified; vendor/model wordings are not).
 *
 * Pure module: no I/O, no editor imports. Lines are scanned once each with
 * short regular expressions.
 */
import { CpuidBitEntry, Enforcement, effectiveEnforcement, formatLeaf, lookupBit } from '../knowledge/bitDatabase';
import { Register, sdmRegisterName } from '../model/maskKey';
import { featureLabel } from '../compat/engine';
import { isBuiltinProfileName } from '../profiles/builtins';
import { cleanName, isBulleted, resolveFeatureName, ResolvedVia, splitNameList } from './decodeErrorFeatures';
import { BitRef, bitRefOf, flagNumber, flagPosition, HidePlan, MaskLine, planHiding } from './decodeErrorFixes';

export type FindingForm =
  | 'cpu-incompatible'
  | 'feature-absent'
  | 'feature-present'
  | 'feature-list'
  | 'avx2-without-avx'
  | 'evc-cpu-features'
  | 'evc-cpu-vendor'
  | 'evc-cpu-model'
  | 'evc-no-cpuid-override';

/** Who lacks the feature: the host named by the message (destination, or power-on host), or the VM's own configuration. */
export type Lacking = 'host' | 'vm' | 'unknown';

export interface DecodedFeature {
  /** The name as the message printed it (absent for bits read from register strings). */
  readonly printed?: string;
  readonly via?: ResolvedVia | 'register-bits';
  /** Canonical name (bit database), or `bit N` when the bit is not catalogued. */
  readonly name: string;
  /** VMware's name where there is one (`SSE41`), else the canonical name in upper case. */
  readonly label: string;
  readonly title: string;
  readonly leaf: number;
  readonly subleaf: number | null;
  readonly register: Register;
  readonly bit: number;
  /** `CPUID.(EAX=01H):ECX[28]` */
  readonly where: string;
  /** Whether hiding it really stops the guest, in the context of everything this finding hides. */
  readonly enforcement: Enforcement | 'unknown';
  readonly lacking: Lacking;
  /** From register strings: the host's flag and the required flag. */
  readonly hostFlag?: string;
  readonly requiredFlag?: string;
}

export interface Finding {
  readonly form: FindingForm;
  /** 1-based line of the pasted text where the finding starts. */
  readonly line: number;
  /** The recognised text, trimmed. */
  readonly excerpt: string;
  /** Whether this wording was seen in a source ('verified', possibly a SECONDARY one: see wordingNote) or not (docs/CI.md, "Forms understood"). */
  readonly wording: 'verified' | 'unverified';
  readonly wordingNote: string;
  readonly title: string;
  readonly meaning: string;
  /** Which side lacks what, in a sentence or two. */
  readonly lacks: string;
  readonly features: readonly DecodedFeature[];
  /** Names in the message that could not be mapped to a CPUID bit. */
  readonly unresolved: readonly string[];
  /** CpuIncompatible only. */
  readonly level?: number;
  readonly register?: Register;
  readonly hostBits?: string;
  readonly requiredBits?: string;
  /** What to do, in words, best first. */
  readonly fixes: readonly string[];
  /** Ready-to-paste `cpuid.*` lines (empty when a mask cannot help). */
  readonly maskLines: readonly MaskLine[];
  /** The same as featMask lines, for virtual hardware 9 and later. */
  readonly featMaskLines: readonly string[];
  readonly notes: readonly string[];
}

export interface DecodeResult {
  readonly recognised: boolean;
  readonly findings: readonly Finding[];
}

/** What the decoder understands, for "nothing recognised" messages. */
export const UNDERSTOOD_FORMS: readonly string[] = [
  `CpuIncompatible: "Host CPU is incompatible with the virtual machine's requirements at CPUID level 0x1 register 'ecx'." with "Host bits: …" / "Required: …" lines and/or "Mismatch detected for these features: …" (wording unverified; close variants such as "level 1, register ecx" are accepted)`,
  `"Feature 'cpuid.SS' was absent, but must be present." and "Feature '…' was present, but must be absent."`,
  `vCenter feature lists, one per line or after "…features:": "PCID", "Advanced Vector Extensions (AVX)", "Half-precision conversion instructions (F16C)", "Instructions to read and write FS and GS base registers", "XSAVE SSE State", "XSAVE YMM State", com.vmware.vim.vmfeature.cpuid.* keys`,
  `"This virtual machine requires AVX2 but AVX is not present."`,
  `EVC admission: "The host CPU lacks features required by that mode.", CPU vendor / model not supported by the EVC mode, "does not support CPUID override" (and the EVCAdmissionFailed* fault names)`,
];

const UNVERIFIED_CPU_INCOMPATIBLE =
  'No copy of this message was found; its structure follows the vSphere API fault CpuIncompatible (level, registerName, registerBits with "-" = unknown, desiredBits with "x" = don\'t care).';

const REGISTER_RE = /\b(e[abcd]x)\b/i;

// ---------------------------------------------------------------------------------------------
// Text clean-up

/** Labels that start a new logical line when a message was pasted as one line ("…'ecx'. Host bits: … Required: …"). */
const SPLIT_BEFORE = /(?<=\S\s*)(?=\b(?:(?:host(?:\s+cpu)?\s+bits|required(?:\s+bits)?|desired\s*bits)\s*[:=]|mismatch detected for\b))/i;

/** Logical lines with the 1-based physical line each comes from. */
function normalise(text: string): { text: string; line: number }[] {
  const physical = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .split('\n');
  const out: { text: string; line: number }[] = [];
  physical.forEach((l, i) => {
    for (const part of l.length <= 2000 ? l.split(SPLIT_BEFORE) : [l]) out.push({ text: part, line: i + 1 });
  });
  return out;
}

function parseLevel(text: string): number | undefined {
  const t = text.trim().replace(/h$/i, '');
  const hex = /^0x([0-9a-f]{1,8})$/i.exec(t) ?? /^([0-9a-f]{1,8})$/i.exec(t);
  // VMware prints levels in hex ("0x1", "80000001"); a bare number is read as hex too.
  return hex ? parseInt(hex[1]!, 16) >>> 0 : undefined;
}

/** 32 flags from a register string, bit 31 first; undefined unless there are exactly 32. */
function parseBits(text: string): string | undefined {
  const flags = [...text.replace(/^["']|["']$/g, '')].filter((c) => c !== ':' && c !== ' ' && c !== '\t' && c !== '"' && c !== "'");
  if (flags.length !== 32 || flags.some((c) => !/[01xX\-TFHRh]/.test(c))) return undefined;
  return flags.join('');
}

function group(bits: string): string {
  return bits.replace(/(.{4})(?=.)/g, '$1:');
}

// ---------------------------------------------------------------------------------------------
// Features

function featureOf(entry: CpuidBitEntry, lacking: Lacking, extra: Partial<DecodedFeature> = {}): DecodedFeature {
  return {
    ...extra,
    name: entry.name,
    label: featureLabel(entry),
    title: entry.title,
    leaf: entry.leaf,
    subleaf: entry.subleaf,
    register: entry.register,
    bit: entry.lo,
    where: `${sdmRegisterName(entry.leaf, entry.subleaf, entry.register)}[${entry.isField ? `${entry.hi}:${entry.lo}` : entry.lo}]`,
    enforcement: entry.enforcement,
    lacking,
  };
}

function uncataloguedFeature(leaf: number, register: Register, bit: number, lacking: Lacking, extra: Partial<DecodedFeature>): DecodedFeature {
  return {
    ...extra,
    name: `bit ${bit}`,
    label: `bit ${bit}`,
    title: 'not catalogued (reserved, or newer than the catalogue)',
    leaf,
    subleaf: null,
    register,
    bit,
    where: `${sdmRegisterName(leaf, null, register)}[${bit}]`,
    enforcement: 'unknown',
    lacking,
  };
}

/** Re-evaluates enforcement in the context of everything the plan hides. */
function withContext(features: readonly DecodedFeature[], plan: HidePlan | undefined): DecodedFeature[] {
  if (!plan) return [...features];
  return features.map((f) =>
    f.enforcement === 'unknown' || f.name.startsWith('bit ') ? f : { ...f, enforcement: effectiveEnforcement(f.name, plan.hiddenNames) ?? f.enforcement },
  );
}

function refOf(f: DecodedFeature): BitRef {
  const entry = f.name.startsWith('bit ') ? undefined : lookupBit(f.leaf, f.subleaf, f.register, f.bit);
  return entry ? bitRefOf(entry) : { leaf: f.leaf, subleaf: f.subleaf, register: f.register, bit: f.bit };
}

/** `AVX`, `F16C (half-precision conversion)`: the label, and the title when it adds something. */
export function featureName(f: Pick<DecodedFeature, 'label' | 'title'>): string {
  return f.title.toLowerCase().startsWith(f.label.toLowerCase()) ? f.title : `${f.label} (${f.title})`;
}

function listLabels(features: readonly DecodedFeature[]): string {
  const labels = [...new Set(features.map(featureName))];
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// Fixes shared by the vMotion forms

const EVC_FIX =
  'Enable EVC on the cluster at a mode every host supports (or per-VM EVC: vSphere 6.7+, virtual hardware 14+), then power-cycle the VM: VMware\'s recommended fix (vmx-cpuid profile list shows the modes).';
const COLD_FIX = 'Or migrate the VM powered off (cold migration): its CPU feature set is worked out again when it next powers on.';
function powerCycle(firstKey: string): string {
  return `Masks take effect at the next power-on: power the VM off, add the lines to its .vmx, power it on and migrate. If the .vmx already has a line for the same register, merge them: put 0 at these positions and keep the other flags. On AMD hosts a .amd line for the register (${firstKey}.amd), if the VM has one, replaces the plain one: put the 0s there too.`;
}

function hideFixes(plan: HidePlan): string[] {
  const fixes: string[] = [];
  if (plan.maskLines.length > 0) fixes.push(`Or hide the features from the VM with the lines below. ${powerCycle(plan.maskLines[0]!.key)}`);
  return fixes;
}

function planNotes(plan: HidePlan): string[] {
  const notes: string[] = [];
  if (plan.dependents.length > 0) {
    const shown = plan.dependents.slice(0, 12).join(', ');
    const more = plan.dependents.length > 12 ? ` and ${plan.dependents.length - 12} more` : '';
    notes.push(
      `The mask lines also hide ${plan.dependents.length} feature${plan.dependents.length === 1 ? '' : 's'} that need${plan.dependents.length === 1 ? 's' : ''} a hidden one (the guest must not see, say, AVX2 without AVX; VMware refuses that): ${shown}${more}. The featMask lines name only the decoded features; add featMask.vm.cpuid.<NAME> = "Val:0" for those too if you use featMask lines alone.`,
    );
  }
  const hidden = new Set(plan.hiddenNames);
  if (!hidden.has('xsave') && plan.hiddenNames.some((n) => n.startsWith('xcr0_')))
    notes.push(
      'XSAVE state components are hidden but XSAVE itself is not: if the destination lacks XSAVE altogether (Westmere-class and older CPUs do), hide it too — cpuid.1.ecx bit 26, or featMask.vm.cpuid.XSAVE = "Val:0".',
    );
  if (plan.withoutVmwareName.length > 0 && plan.featMaskLines.length > 0)
    notes.push(`No VMware featMask name for ${plan.withoutVmwareName.join(', ')}: keep the register mask line for those.`);
  for (const n of plan.notHideable) notes.push(`Cannot be hidden — ${n}.`);
  if (plan.advisory.length > 0)
    notes.push(
      `Hiding ${plan.advisory.join(', ')} is advisory only: ${plan.advisory.length === 1 ? 'its' : 'their'} instructions still run on a host that has them. Software that checks CPUID stops using ${plan.advisory.length === 1 ? 'it' : 'them'}; a program that probes by trying an instruction can still use it and fail after the move.`,
    );
  if (plan.featMaskLines.length > 0)
    notes.push('Use either the cpuid.* lines or the featMask lines for a feature, not both (VMware recommends featMask lines for virtual hardware 9 and later).');
  return notes;
}

// ---------------------------------------------------------------------------------------------
// CpuIncompatible

interface CpuBlock {
  line: number;
  excerpt: string[];
  level?: number;
  register?: Register;
  hostBits?: string;
  requiredBits?: string;
  listed: string[];
}

function cpuIncompatibleFinding(b: CpuBlock): Finding {
  const features: DecodedFeature[] = [];
  const unresolved: string[] = [];
  const lacksParts: string[] = [];
  const hostLacks: DecodedFeature[] = [];
  const hostExtra: DecodedFeature[] = [];
  const unknownOnHost: number[] = [];
  const known = b.level !== undefined && b.register !== undefined;
  if (b.hostBits && b.requiredBits) {
    for (let bit = 31; bit >= 0; bit--) {
      const h = b.hostBits[31 - bit]!;
      const r = b.requiredBits[31 - bit]!;
      const need1 = r === '1' || r === 'T';
      const need0 = r === '0' || r === 'F';
      if (!need1 && !need0) continue;
      if (h === '-') {
        unknownOnHost.push(bit);
        continue;
      }
      if ((need1 && h === '0') || (need0 && h === '1')) {
        const lacking: Lacking = need1 ? 'host' : 'vm';
        const extra = { via: 'register-bits' as const, hostFlag: h, requiredFlag: r };
        const entry = known ? lookupBit(b.level!, 0, b.register!, bit) : undefined;
        const f = entry ? featureOf(entry, lacking, extra) : uncataloguedFeature(b.level ?? 0, b.register ?? 'eax', bit, lacking, extra);
        if (entry && entry.isField && features.some((x) => x.name === entry.name)) continue;
        features.push(f);
        (need1 ? hostLacks : hostExtra).push(f);
      }
    }
  }
  for (const name of b.listed) {
    const r = resolveFeatureName(name);
    if (!r) {
      unresolved.push(name);
      continue;
    }
    for (const e of r.entries) {
      if (features.some((f) => f.name === e.name)) continue;
      const f = featureOf(e, 'host', { printed: r.text, via: r.via });
      features.push(f);
      hostLacks.push(f);
    }
  }
  if (hostLacks.length > 0) lacksParts.push(`The host lacks ${listLabels(hostLacks)}, which the VM requires (required 1, host 0).`);
  if (hostExtra.length > 0)
    lacksParts.push(
      `The host has ${listLabels(hostExtra)}, which the VM requires to be absent (required 0, host 1): without EVC, user-level features must match on both hosts, whether or not the VM uses them.`,
    );
  if (unknownOnHost.length > 0) lacksParts.push(`The host's value is unknown ("-") for bit${unknownOnHost.length === 1 ? '' : 's'} ${unknownOnHost.join(', ')}.`);
  if (lacksParts.length === 0)
    lacksParts.push(
      b.hostBits && b.requiredBits
        ? 'The register strings show no bit where the host contradicts the requirement; the mismatch must be elsewhere (check the other registers named in the message).'
        : 'The message names the register but not the bits; paste the "Host bits" and "Required" lines too, or the feature list.',
    );

  const plan = known || b.listed.length > 0 ? planHiding(features.filter((f) => !(f.name.startsWith('bit ') && !known)).map(refOf)) : undefined;
  const regName = known ? `CPUID level ${formatLeaf(b.level!)} register ${b.register!.toUpperCase()}` : 'a CPUID register (level not given)';
  const fixes = [EVC_FIX, ...(plan ? hideFixes(plan) : []), COLD_FIX];
  const notes = plan ? planNotes(plan) : [];
  if (hostExtra.length > 0)
    notes.push(
      'Hiding a bit the destination has but the source lacks removes the match requirement for it ("relaxing" the check, KB 1993); VMware neither supports nor recommends that for features applications use (SSE3 …).',
    );
  if (!known && features.length > 0) notes.push('Without the level and register the bits cannot be named; paste the whole message.');
  return {
    form: 'cpu-incompatible',
    line: b.line,
    excerpt: b.excerpt.join('\n'),
    wording: 'unverified',
    wordingNote: UNVERIFIED_CPU_INCOMPATIBLE,
    title: `The host's ${regName} does not meet the VM's requirements (CpuIncompatible)`,
    meaning:
      'vCenter compared the host\'s CPUID register with the bits the virtual machine requires. The VM\'s CPU feature set was fixed when it last powered on; required "1"/"0" must match the host, "x" means don\'t care, and "-" in the host bits means unknown.',
    lacks: lacksParts.join(' '),
    features: withContext(features, plan),
    unresolved,
    ...(b.level !== undefined ? { level: b.level } : {}),
    ...(b.register !== undefined ? { register: b.register } : {}),
    ...(b.hostBits ? { hostBits: group(b.hostBits) } : {}),
    ...(b.requiredBits ? { requiredBits: group(b.requiredBits) } : {}),
    fixes,
    maskLines: known || b.listed.length > 0 ? (plan?.maskLines ?? []) : [],
    featMaskLines: plan?.featMaskLines ?? [],
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Feature requirements (FeatureCompat)

function featureRequirementFinding(line: number, excerpt: string, name: string, was: 'absent' | 'present', powerOnContext: boolean): Finding {
  const r = resolveFeatureName(name);
  const entries = r?.entries ?? [];
  const where = powerOnContext ? 'this host (the VM did not power on)' : 'this host';
  if (was === 'absent') {
    const features = entries.map((e) => featureOf(e, 'unknown', { printed: name, via: r!.via }));
    const fixes: string[] = [];
    for (const f of features) {
      const key = `cpuid.${f.leaf.toString(16)}${f.subleaf === null ? '' : `.${f.subleaf.toString(16)}`}.${f.register}`;
      fixes.push(
        `If the .vmx hides ${f.label}, undo that: in ${key}, flag ${flagNumber(f.bit)} of 32 (bit ${f.bit}: ${flagPosition(f.bit)}, X marks it) must not be 0 — set it to "-"; delete a featMask.vm.cpuid.${f.label} = "Val:0" or "Max:0" line.`,
      );
    }
    fixes.push(
      'If the host really lacks it (BIOS setting, older CPU), power the VM on on a host that has it, or drop the requirement: a featMask.vm.cpuid.<NAME> = "Min:1" line, or a T flag in a cpuid.* mask, asks for it.',
    );
    return {
      form: 'feature-absent',
      line,
      excerpt,
      wording: 'verified',
      wordingNote: 'Wording from vmware-vmx ("Feature \'%s\' was absent, but must be present.", msg.featurecompat.requirement.bool.mustBeTrue), as extracted by a third party (SECONDARY).',
      title: `${features[0]?.label ?? name} must be present but is absent (feature requirement, power-on)`,
      meaning: `The VM's feature requirements (its guest OS defaults, or a featMask "Min:1" line) need ${features.length > 0 ? listLabels(features) : `"${name}"`}, but the CPUID the VM gets on ${where} has it at 0: the host lacks it, or the VM's own mask hides it. VMware stops the power-on (module FeatureCompatLate).`,
      lacks: `The VM's CPUID lacks ${features[0]?.label ?? name}: either the host does not have it, or the .vmx hides it.`,
      features,
      unresolved: r ? [] : [name],
      fixes,
      maskLines: [],
      featMaskLines: [],
      notes: features.length === 0 ? [`"${name}" is not a feature name vmx-cpuid knows.`] : [],
    };
  }
  const features = entries.map((e) => featureOf(e, 'vm', { printed: name, via: r!.via }));
  const plan = features.length > 0 ? planHiding(features.map(refOf)) : undefined;
  return {
    form: 'feature-present',
    line,
    excerpt,
    wording: 'verified',
    wordingNote: 'Wording from vmware-vmx ("Feature \'%s\' was present, but must be absent.", msg.featurecompat.requirement.bool.mustBeFalse), as extracted by a third party (SECONDARY).',
    title: `${features[0]?.label ?? name} must be absent but is present (feature requirement, power-on)`,
    meaning: `The VM's feature requirements say ${features.length > 0 ? listLabels(features) : `"${name}"`} must be absent (an F flag, or a featMask line that caps it), but the CPUID the VM gets on ${where} shows it.`,
    lacks: `Nothing is missing: the host has ${features[0]?.label ?? name} and the VM's configuration does not hide it.`,
    features: withContext(features, plan),
    unresolved: r ? [] : [name],
    fixes: [
      ...(plan && plan.maskLines.length > 0 ? [`Hide it with the lines below (power the VM off first; merge with an existing line for the same register).`] : []),
      'Or remove the requirement that forbids it (an F flag at that bit of a cpuid.* mask) if the guest does not need it absent.',
    ],
    maskLines: plan?.maskLines ?? [],
    featMaskLines: plan?.featMaskLines ?? [],
    notes: plan ? planNotes(plan) : [`"${name}" is not a feature name vmx-cpuid knows.`],
  };
}

// ---------------------------------------------------------------------------------------------
// Feature lists (vMotion)

interface ListBlock {
  line: number;
  excerpt: string[];
  names: string[];
  header?: string;
}

function featureListFinding(b: ListBlock): Finding {
  const features: DecodedFeature[] = [];
  const unresolved: string[] = [];
  for (const name of b.names) {
    const r = resolveFeatureName(name);
    if (!r) {
      unresolved.push(name);
      continue;
    }
    for (const e of r.entries) if (!features.some((f) => f.name === e.name)) features.push(featureOf(e, 'host', { printed: r.text, via: r.via }));
  }
  const plan = features.length > 0 ? planHiding(features.map(refOf)) : undefined;
  const listed = features.length > 0 ? features.map((f) => f.label).join(', ') : '(no known feature)';
  return {
    form: 'feature-list',
    line: b.line,
    excerpt: b.excerpt.join('\n'),
    wording: b.header && /lacks features required by/i.test(b.header) ? 'verified' : 'unverified',
    wordingNote:
      'The feature names are real vCenter strings (a blog\'s copy of a vMotion error, SECONDARY); the sentence around them varies by vCenter version and was not verified.',
    title: `vMotion blocked: the destination host lacks ${features.length === 1 ? 'a feature' : 'features'} the VM uses (${listed})`,
    meaning:
      'vCenter lists CPU features that are in the VM\'s current feature set (fixed when it last powered on, on the source host) but that the destination host does not offer. The VM cannot move live while it sees them.',
    lacks: `The destination host lacks ${features.length > 0 ? listLabels(features) : 'the listed features'}; the source host (where the VM powered on) has them.`,
    features: withContext(features, plan),
    unresolved,
    fixes: [EVC_FIX, ...(plan ? hideFixes(plan) : []), COLD_FIX],
    maskLines: plan?.maskLines ?? [],
    featMaskLines: plan?.featMaskLines ?? [],
    notes: [
      ...(plan ? planNotes(plan) : []),
      'Without EVC, vCenter also blocks a move to a host with extra user-level features (SSE4.1 …) that the source lacks; hiding bits in the VM does not help then — use EVC.',
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// EVC admission

function evcModeIn(text: string): string | undefined {
  const key = /\b((?:intel|amd)-[a-z0-9-]+)\b/i.exec(text);
  if (key && isBuiltinProfileName(key[1]!.toLowerCase())) return key[1]!.toLowerCase();
  const display = /\b(Intel|AMD)\b[^"\n]*"([A-Za-z0-9 ]+)"\s+Generation/i.exec(text);
  if (display) {
    const candidate = `${display[1]!.toLowerCase()}-${display[2]!.toLowerCase().replace(/\s+/g, '')}`;
    if (isBuiltinProfileName(candidate)) return candidate;
  }
  return undefined;
}

function evcFinding(form: FindingForm, line: number, excerpt: string, wholeText: string, verified: boolean): Finding {
  const mode = evcModeIn(wholeText);
  const modeHint = mode ? ` (vmx-cpuid profile show ${mode} lists the features ${mode} requires)` : '';
  const common = {
    form,
    line,
    excerpt,
    wording: verified ? ('verified' as const) : ('unverified' as const),
    features: [],
    unresolved: [],
    maskLines: [],
    featMaskLines: [],
  };
  switch (form) {
    case 'evc-cpu-features':
      return {
        ...common,
        wordingNote: verified
          ? 'Wording verified: quoted from a vCenter error in a public issue thread (community.vmware PR #1107); the fault is EVCAdmissionFailedCPUFeaturesForMode.'
          : 'Fault name EVCAdmissionFailedCPUFeaturesForMode (vSphere API, PRIMARY); this sentence was not verified.',
        title: 'EVC admission: the host CPU lacks features the cluster\'s EVC mode requires',
        meaning: `The host's CPU family and model should support the cluster's EVC mode${mode ? ` (${mode})` : ''}, but some CPU features that mode requires are not present — usually because they are switched off in the BIOS (NX/XD, hardware virtualization, AES-NI …) or need a BIOS/microcode update.`,
        lacks: `The host lacks CPU features the EVC mode requires${modeHint}. This is about the host, not a VM: no .vmx mask helps.`,
        fixes: [
          'Enable the missing features in the host\'s BIOS/UEFI (NX/XD "Execute Disable", Intel VT-x / AMD-V, AES-NI …), update the BIOS and microcode, then reconnect the host.',
          `Or lower the cluster's EVC mode to one the host supports${modeHint}.`,
          'Or keep the host out of this cluster.',
        ],
        notes: [],
      };
    case 'evc-cpu-vendor':
      return {
        ...common,
        wordingNote: 'Fault names EVCAdmissionFailedCPUVendor / EVCAdmissionFailedCPUVendorUnknown / EVCModeIllegalByVendor (vSphere API, PRIMARY); the sentence was not verified.',
        title: 'EVC admission: the host\'s CPU vendor does not match the cluster\'s EVC mode',
        meaning: 'An EVC mode belongs to one vendor: Intel modes (intel-*) admit only Intel hosts, AMD modes (amd-*) only AMD hosts. vMotion between Intel and AMD is never possible, whatever the masks.',
        lacks: 'The host is of the other CPU vendor (or its vendor is not recognised).',
        fixes: ['Put the host in a cluster whose EVC mode is of its vendor.', 'Move VMs between Intel and AMD hosts only powered off (cold migration).'],
        notes: [],
      };
    case 'evc-cpu-model':
      return {
        ...common,
        wordingNote: 'Fault names EVCAdmissionFailedCPUModel / EVCAdmissionFailedCPUModelForMode (vSphere API, PRIMARY); the sentence was not verified.',
        title: 'EVC admission: the host\'s CPU model is not supported by the EVC mode',
        meaning: `The host's CPU generation is older than the cluster's EVC mode${mode ? ` (${mode})` : ''}, or newer than this vCenter/ESXi version knows.`,
        lacks: 'The host\'s CPU generation cannot provide the mode\'s baseline, or the software does not know it yet.',
        fixes: [
          `Lower the cluster's EVC mode to the host's generation or older${modeHint}.`,
          'For a CPU newer than the software: update vCenter and ESXi to a release that supports it.',
        ],
        notes: [],
      };
    default:
      return {
        ...common,
        wordingNote: 'Fault EVCUnsupportedByHostHardware ("CPU hardware does not support CPUID override", vSphere API, PRIMARY); the surrounding sentence was not verified.',
        title: 'EVC: the host hardware cannot override CPUID',
        meaning:
          'EVC needs Intel FlexMigration / AMD-V Extended Migration (CPUID masking or CPUID faulting); this host\'s CPU does not offer it, or hardware virtualization is off in the BIOS.',
        lacks: 'The host lacks the CPUID override support EVC needs.',
        fixes: ['Enable hardware virtualization (Intel VT-x / AMD-V) and NX/XD in the BIOS and update the BIOS.', 'Or keep the host out of EVC clusters.'],
        notes: [],
      };
  }
}

// ---------------------------------------------------------------------------------------------
// AVX2 without AVX

function avx2Finding(line: number, excerpt: string): Finding {
  const avx2 = lookupBit(7, 0, 'ebx', 5)!;
  const avx = lookupBit(1, null, 'ecx', 28)!;
  const plan = planHiding([bitRefOf(avx2)]);
  return {
    form: 'avx2-without-avx',
    line,
    excerpt,
    wording: 'verified',
    wordingNote: 'Wording from vmware-vmx (msg.cpuid.guestRequiresAVX2noAVX), as extracted by a third party (SECONDARY).',
    title: 'The VM sees AVX2 but not AVX (power-on refused)',
    meaning: 'AVX2 needs AVX (and its YMM state). The .vmx hides AVX (cpuid.1.ecx bit 28, or featMask.vm.cpuid.AVX) but leaves AVX2 (cpuid.7.0.ebx bit 5) visible, which VMware refuses.',
    lacks: 'The VM\'s configuration hides AVX while AVX2 stays visible.',
    features: [featureOf(avx, 'vm'), featureOf(avx2, 'unknown')],
    unresolved: [],
    fixes: [
      'Hide AVX2 (and what needs it) as well, with the lines below (merge with an existing line for the same register).',
      'Or stop hiding AVX: set flag 4 of cpuid.1.ecx (bit 28) back to "-", or delete featMask.vm.cpuid.AVX = "Val:0".',
    ],
    maskLines: plan.maskLines,
    featMaskLines: plan.featMaskLines,
    notes: planNotes(plan),
  };
}

// ---------------------------------------------------------------------------------------------
// The scanner

const FEATURE_REQ = /feature\s+'([^']+)'\s+was\s+(absent|present),?\s+but\s+must\s+be\s+(?:present|absent)/gi;
const LEVEL_REGISTER = /\blevel\s*[:=]?\s*(0x[0-9a-f]{1,8}|[0-9a-f]{1,8}h?)\b[^\n]*?\bregister(?:\s*name)?\s*[:=]?\s*['"]?(e[abcd]x)\b/i;
const LEVEL_ONLY = /^\s*(?:cpuid\s+)?level\s*[:=]\s*(0x[0-9a-f]{1,8}|[0-9a-f]{1,8}h?)\s*$/i;
const REGISTER_ONLY = /^\s*register\s*(?:name)?\s*[:=]\s*['"]?(e[abcd]x)['"]?\s*$/i;
const HOST_BITS = /\b(?:host(?:\s+cpu)?(?:\s+register)?\s*bits|register\s*bits|host\s*value|host)\s*[:=]\s*(.+)$/i;
const REQUIRED_BITS = /\b(?:required(?:\s+bits)?|desired\s*bits|vm\s+requires?|requirements?)\s*[:=]\s*(.+)$/i;
const MISMATCH = /\bmismatch detected for (?:these|the following) features?\s*:?\s*(.*)$/i;
const LIST_HEADER =
  /(?:does not support the virtual machine's current hardware requirements|(?:features?|hardware features) that (?:are|is) (?:unsupported|not supported)(?: or disabled)? on the (?:target|destination) host|(?:target|destination) host (?:does not support|lacks) (?:these|the following)[^:]*|CPU features? (?:are )?(?:missing|not supported)[^:]*|errors? about)\s*:?\s*(.*)$/i;
const EVC_FEATURES = /lacks features required by (?:that|the|this)[^.]*mode|EVCAdmissionFailedCPUFeaturesForMode|necessary CPU features are not present/i;
const EVC_HOST_MODE = /does not support the cluster's current Enhanced vMotion Compatibility mode/i;
const EVC_VENDOR = /EVCAdmissionFailedCPUVendor(?:Unknown)?|EVCModeIllegalByVendor|\b(?:cpu|processor)\s+vendor\b[^.\n]*(?:not supported|unsupported|unknown|not recogni[sz]ed|does not match|incompatible|differs?)/i;
const EVC_MODEL = /EVCAdmissionFailedCPUModel(?:ForMode)?|\b(?:cpu|processor)\s+model\b[^.\n]*(?:not supported|unsupported|unknown|not recogni[sz]ed|does not support)/i;
const EVC_OVERRIDE = /EVCUnsupportedByHostHardware|does not support CPUID override/i;
const AVX2_NO_AVX = /requires AVX2 but AVX is not present/i;
const CPU_INCOMPATIBLE_WORDS = /\bCpuIncompatible(?:1ECX|81EDX)?\b|incompatible with the virtual machine's requirements/i;

/** Decodes what vCenter/ESXi/Workstation printed. Pure; never throws on any input. */
export function decodeVmotionError(text: string): DecodeResult {
  const lines = normalise(text);
  const findings: Finding[] = [];
  const powerOnContext = /power(?:ed)?[- ]?on|FeatureCompatLate|cannot be powered on/i.test(text);
  let block: CpuBlock | undefined;
  let list: ListBlock | undefined;
  let evcFeaturesSeen = false;
  const blocks: CpuBlock[] = [];
  const lists: ListBlock[] = [];

  const closeList = () => {
    if (list && list.names.length > 0) lists.push(list);
    list = undefined;
  };
  const openBlock = (lineNo: number, line: string): CpuBlock => {
    closeList();
    const b: CpuBlock = { line: lineNo, excerpt: [line], listed: [] };
    block = b;
    blocks.push(b);
    return b;
  };
  /** The open CpuIncompatible block when it can take this line, else a new one. */
  const useBlock = (fits: (b: CpuBlock) => boolean, lineNo: number, line: string): CpuBlock => {
    if (block && fits(block)) {
      closeList();
      block.excerpt.push(line);
      return block;
    }
    return openBlock(lineNo, line);
  };

  lines.forEach(({ text: raw, line: lineNo }) => {
    const line = raw.trim();
    if (line === '') {
      closeList();
      return;
    }
    let consumed = false;

    for (const m of line.matchAll(FEATURE_REQ)) {
      findings.push(featureRequirementFinding(lineNo, m[0], m[1]!, m[2]!.toLowerCase() as 'absent' | 'present', powerOnContext));
      consumed = true;
    }
    if (AVX2_NO_AVX.test(line)) {
      findings.push(avx2Finding(lineNo, line));
      consumed = true;
    }
    if (EVC_FEATURES.test(line) || EVC_HOST_MODE.test(line)) {
      if (!evcFeaturesSeen) findings.push(evcFinding('evc-cpu-features', lineNo, line, text, /lacks features required by that mode|does not support the cluster's current Enhanced vMotion Compatibility mode/i.test(line)));
      evcFeaturesSeen = true;
      consumed = true;
    } else if (EVC_VENDOR.test(line)) {
      findings.push(evcFinding('evc-cpu-vendor', lineNo, line, text, false));
      consumed = true;
    } else if (EVC_MODEL.test(line)) {
      findings.push(evcFinding('evc-cpu-model', lineNo, line, text, false));
      consumed = true;
    } else if (EVC_OVERRIDE.test(line)) {
      findings.push(evcFinding('evc-no-cpuid-override', lineNo, line, text, false));
      consumed = true;
    }
    if (consumed) return;

    const lr = LEVEL_REGISTER.exec(line);
    if (lr) {
      const b = useBlock((x) => x.level === undefined && x.register === undefined && !x.requiredBits, lineNo, line);
      b.level = parseLevel(lr[1]!);
      b.register = lr[2]!.toLowerCase() as Register;
      return;
    }
    const lo = LEVEL_ONLY.exec(line);
    if (lo) {
      useBlock((x) => x.level === undefined, lineNo, line).level = parseLevel(lo[1]!);
      return;
    }
    const ro = REGISTER_ONLY.exec(line);
    if (ro) {
      useBlock((x) => x.register === undefined, lineNo, line).register = ro[1]!.toLowerCase() as Register;
      return;
    }
    if (CPU_INCOMPATIBLE_WORDS.test(line) && !REGISTER_RE.test(line)) {
      openBlock(lineNo, line);
      return;
    }
    const hb = HOST_BITS.exec(line);
    const hostBits = hb ? parseBits(hb[1]!) : undefined;
    if (hostBits) {
      useBlock((x) => !x.hostBits, lineNo, line).hostBits = hostBits;
      return;
    }
    const rb = REQUIRED_BITS.exec(line);
    const requiredBits = rb ? parseBits(rb[1]!) : undefined;
    if (requiredBits) {
      useBlock((x) => !x.requiredBits, lineNo, line).requiredBits = requiredBits;
      return;
    }
    const mm = MISMATCH.exec(line);
    if (mm) {
      const b = useBlock((x) => x.listed.length === 0, lineNo, line);
      b.listed.push(...splitNameList(mm[1]!));
      // Bulleted names on the following lines belong to it too.
      list = { line: lineNo, excerpt: [], names: [], header: 'mismatch' };
      return;
    }
    const lh = LIST_HEADER.exec(line);
    if (lh) {
      closeList();
      list = { line: lineNo, excerpt: [line], names: splitNameList(lh[1]!).filter((n) => resolveFeatureName(n)), header: line };
      return;
    }
    // A list item: a bulleted line, or a whole line that is a feature name.
    const resolved = resolveFeatureName(line);
    if (resolved || (list && isBulleted(raw))) {
      if (list?.header === 'mismatch' && block) {
        block.listed.push(cleanName(line));
        block.excerpt.push(line);
        return;
      }
      if (!list) list = { line: lineNo, excerpt: [], names: [] };
      list.excerpt.push(line);
      list.names.push(cleanName(line));
      return;
    }
    // Anything else ends a list (but not a CpuIncompatible block: its lines may be interleaved with prose).
    closeList();
  });
  closeList();

  for (const b of blocks) findings.push(cpuIncompatibleFinding(b));
  for (const l of lists) findings.push(featureListFinding(l));
  findings.sort((a, b) => a.line - b.line);
  return { recognised: findings.length > 0, findings };
}
