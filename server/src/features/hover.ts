/**
 * Hovers that teach: on a flag, which bit of which register it is, the CPU
 * feature, and what the flag does to the guest; on a mask key, the whole
 * register at a glance; on featMask lines, CPUID records and other CPU keys,
 * what they mean and how sure we are.
 *
 * Extension point: `flagLineProviders` add lines to a flag's hover (the host
 * profile engine adds one line per target host).
 */
import type { Hover, Position, Range } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import type { VmxEntry } from '../parser/vmxDocument';
import {
  CpuidBitEntry,
  dataSources,
  effectiveEnforcement,
  findFeature,
  isCatalogued,
  leafPurpose,
  lookupBit,
  registerLayout,
} from '../knowledge/bitDatabase';
import { cpuKeyInfo } from '../knowledge/cpuKeys';
import { CONFIDENCE_LABEL, flagMeaning, FLAG_LEGEND } from '../model/legend';
import { classifyCpuidKey, sdmRegisterName } from '../model/maskKey';
import type { CpuidRecordLine, FeatMaskLine, MaskLine } from '../model/cpuidView';
import { describeFeatMaskValue } from '../model/featMask';
import { decodeSignature, describeSignature, forcedField, forcedValue, registerAscii } from '../model/signature';
import { lineRange } from '../parser/vmxDocument';
import { hiddenFeatureNames } from './hiddenFeatures';

export interface FlagContext {
  readonly model: DocumentModel;
  readonly mask: MaskLine;
  readonly bit: number;
  readonly flag: string;
  readonly feature?: CpuidBitEntry;
}

/** Adds lines to a flag's hover (e.g. "intel-westmere: absent → blocks vMotion"). */
export type FlagLineProvider = (context: FlagContext) => readonly string[];

export interface HoverOptions {
  readonly flagLineProviders?: readonly FlagLineProvider[];
}

const SDM = 'https://www.intel.com/content/www/us/en/developer/articles/technical/intel-sdm.html';
const APM = 'https://www.amd.com/en/support/tech-docs/amd64-architecture-programmers-manual-volumes-1-5';

function contains(range: Range, p: Position): boolean {
  if (p.line < range.start.line || p.line > range.end.line) return false;
  if (p.line === range.start.line && p.character < range.start.character) return false;
  if (p.line === range.end.line && p.character > range.end.character) return false;
  return true;
}

function markdown(value: string, range?: Range): Hover {
  return { contents: { kind: 'markdown', value }, ...(range ? { range } : {}) };
}

export function computeHover(model: DocumentModel, position: Position, options: HoverOptions = {}): Hover | null {
  const line = model.vmx.lines[position.line];
  const entry = line?.entry;
  if (!entry) return null;
  const view = model.cpuid;
  const mask = view.maskAt(entry.line);
  if (mask) {
    if (contains(entry.valueRange, position)) {
      const flagHover = hoverOnFlag(model, mask, position, options);
      if (flagHover) return flagHover;
    }
    if (contains(entry.keyRange, position) || contains(entry.valueRange, position)) return hoverOnMaskKey(model, mask);
    return null;
  }
  if (!contains(entry.keyRange, position) && !contains(entry.valueRange, position)) return null;
  const feat = view.featMaskAt(entry.line);
  if (feat) return hoverOnFeatMask(feat);
  const record = view.recordAt(entry.line);
  if (record) return hoverOnRecord(record);
  const info = cpuKeyInfo(entry.keyLower);
  const named = !info ? classifyCpuidKey(entry.key) : undefined;
  if (named?.kind === 'named') {
    const feature = findFeature(named.name)[0];
    if (feature) {
      return markdown(
        `**${entry.key}** — VMware's named setting for ${feature.title}  \n${sdmRegisterName(feature.leaf, feature.subleaf, feature.register)}${feature.isField ? ` bits ${feature.hi}–${feature.lo}` : `[${feature.lo}]`} (\`${feature.name}\`)\n\n${feature.description}\n\n_\`cpuid.<NAME>\` keys use VMware's feature vocabulary (the names of \`featMask.vm.cpuid.<NAME>\`); their exact semantics in a .vmx are not documented by VMware (names found in vmware-vmx by a third party)._`,
        entry.keyRange,
      );
    }
  }
  if (invalidMaskKey(model, entry.line)) {
    return markdown(`**${entry.key}** — not a CPUID mask VMware can read: ${invalidMaskKey(model, entry.line)}.`, entry.keyRange);
  }
  if (info) {
    return markdown(
      `**${entry.key}** — ${info.title}\n\n${info.description}\n\n_Source: ${info.source} (${CONFIDENCE_LABEL[info.confidence]})._`,
      entry.keyRange,
    );
  }
  return null;
}

function invalidMaskKey(model: DocumentModel, line: number): string | undefined {
  return model.cpuid.invalidMaskKeys.find((k) => k.entry.line === line)?.reason;
}

// ---------------------------------------------------------------- flags

function hoverOnFlag(model: DocumentModel, mask: MaskLine, position: Position, options: HoverOptions): Hover | null {
  const { entry, value, key } = mask;
  const offset = position.character - entry.valueRange.start.character;
  const index = value.flags.findIndex((f) => offset >= f.offset && offset < f.offset + f.char.length);
  if (index === -1) return null;
  const flag = value.flags[index]!;
  const range = lineRange(entry.line, entry.valueRange.start.character + flag.offset, entry.valueRange.start.character + flag.offset + flag.char.length);
  const meaning = flagMeaning(flag.char);
  if (value.count !== 32) {
    return markdown(
      `**Flag \`${flag.char}\`** in ${entry.key}: ${meaning ? meaning.title : 'not a flag of the legend'}.\n\n` +
        `This value has ${value.count} flags instead of 32, so which bit this flag stands for is unknown (a mask lists bit 31 first).`,
      range,
    );
  }
  const bit = 31 - index;
  const feature = lookupBit(key.leaf, key.subleaf, key.register, bit);
  // Leaves without subleaves (leaf 1) never show ECX=…, however the key is written.
  const reg = sdmRegisterName(key.leaf, feature ? feature.subleaf : key.subleaf, key.register);
  const parts: string[] = [];
  const featureLabel = feature ? featureTitle(feature, bit) : undefined;
  parts.push(`**${reg}[${bit}]${featureLabel ? ` — ${featureLabel}` : ''}**  \n\`${entry.key}\` bit ${bit}${feature?.isField ? ` (bit ${bit - feature.lo} of the ${feature.hi - feature.lo + 1}-bit field ${feature.name}, bits ${feature.hi}–${feature.lo})` : ''}`);
  if (feature) parts.push(feature.description);
  else parts.push(uncataloguedText(key.leaf, key.subleaf, key.register, bit));
  parts.push(`**Flag \`${flag.char}\` — ${meaning ? meaning.title : 'not a flag'}:** ${flagEffect(model, flag.char, feature)}`);
  if (feature?.isField && key.leaf !== 0) {
    const fieldValue = forcedField(value, feature.lo, feature.hi);
    if (fieldValue !== undefined) parts.push(`The forced flags of ${feature.name} (bits ${feature.hi}–${feature.lo}) spell ${fieldValue} (0x${fieldValue.toString(16).toUpperCase()}).`);
  }
  const spoof = spoofNote(model, mask);
  if (spoof) parts.push(spoof);
  if (key.amd) parts.push(amdNote(key.canonical));
  const extra = (options.flagLineProviders ?? []).flatMap((p) => p({ model, mask, bit, flag: flag.char, ...(feature ? { feature } : {}) }));
  if (extra.length > 0) parts.push(extra.map((l) => `- ${l}`).join('\n'));
  if (feature) parts.push(featureFacts(feature, effectiveEnforcement(feature.name, hiddenFeatureNames(model))));
  if (meaning) parts.push(`_Legend: \`${meaning.char}\` = ${meaning.title} — ${CONFIDENCE_LABEL[meaning.confidence]} (${meaning.source})._`);
  parts.push(sourcesLine(feature));
  return markdown(parts.join('\n\n'), range);
}

function featureTitle(feature: CpuidBitEntry, bit: number): string {
  const name = feature.aliases.vmware?.[0] ?? feature.name.toUpperCase();
  if (feature.isField) return `${feature.title} (bits ${feature.hi}–${feature.lo}; this is bit ${bit})`;
  return feature.title.toUpperCase().startsWith(name.toUpperCase()) ? feature.title : `${name} (${feature.title})`;
}

function displayName(feature: CpuidBitEntry | undefined): string {
  if (!feature) return 'this bit';
  return feature.isField ? `“${feature.title}”` : (feature.aliases.vmware?.[0] ?? feature.name.toUpperCase());
}

/** What the flag does to the guest for this feature, in one sentence. */
export function flagEffect(model: DocumentModel, char: string, feature: CpuidBitEntry | undefined): string {
  const name = displayName(feature);
  switch (char) {
    case '0': {
      if (!feature) return 'the guest reads this bit as 0.';
      if (feature.kind === 'os-reflected') return `the guest reads ${name} as 0; this bit mirrors the guest's own control-register setting, so forcing it only misleads software that checks it.`;
      if (feature.isField || feature.enforcement === 'not-applicable') return `the guest reads this bit of ${name} as 0.`;
      const enforcement = effectiveEnforcement(feature.name, hiddenFeatureNames(model));
      if (enforcement === 'advisory') return `the guest will not see ${name} (advisory only: the instruction still runs on hosts that have it).`;
      const gate = feature.gatedBy?.length ? ` (${feature.gatedBy.join(', ')} ${feature.gatedBy.length > 1 ? 'stay' : 'stays'} off)` : '';
      return `the guest will not see ${name}, and cannot use it${gate}.`;
    }
    case '1':
      if (!feature) return 'the guest reads this bit as 1 whatever the host has.';
      if (feature.isField || feature.enforcement === 'not-applicable') return `the guest reads this bit of ${name} as 1 whatever the host has.`;
      return `the guest sees ${name} even on a host that lacks it; software that then uses it faults there. vMotion needs a destination that has it.`;
    case '-':
      return `VMware's default policy decides (for most feature bits the guest sees the host's value; EVC and the guest OS may hide it).`;
    case 'H':
      return `the guest sees the host's ${name}; vMotion requires source and destination to have the same value.`;
    case 'h':
      return `the guest sees the host's ${name} (pass-through). How it differs from H is not documented by VMware.`;
    case 'R':
      return `the guest reads 0, but vMotion still requires both hosts to have the same value. A vCenter requirement character: its effect in a .vmx is not documented.`;
    case 'x':
    case 'X':
      return `"unused by the guest" in vCenter's requirement strings; what a VM does with it in a .vmx is not documented.`;
    case 'T':
      return `"the guest requires ${name} to be 1" in vCenter's requirement strings (power-on and vMotion need hosts with it); not documented for .vmx masks.`;
    case 'F':
      return `"the guest requires ${name} to be 0" in vCenter's requirement strings; not documented for .vmx masks.`;
    case 'r':
      return 'lower-case r is undocumented: no source says what it does (VMware documents upper-case R).';
    default:
      return `"${char}" is not a flag VMware documents; use - 0 1 H or h.`;
  }
}

function uncataloguedText(leaf: number, subleaf: number | null, register: string, bit: number): string {
  const purpose = leafPurpose(leaf);
  const leafHex = `0x${leaf.toString(16).toUpperCase()}`;
  if (isCatalogued(leaf, subleaf, register as 'eax')) {
    return `Bit ${bit} of this register is reserved or not described by Intel or AMD. Leaf ${leafHex}: ${purpose.title}.`;
  }
  return `Leaf ${leafHex}${subleaf !== null ? ` subleaf ${subleaf}` : ''} — **${purpose.title}**: ${purpose.purpose}\n\nThe bits of this register are not catalogued by vmx-cpuid (they hold counts, sizes or descriptors rather than feature flags, or the leaf is vendor-specific).`;
}

/** `enforcement`: in the context of this document (hiding AVX2 with AVX hidden too is enforced). */
function featureFacts(feature: CpuidBitEntry, enforcement = feature.enforcement): string {
  const rows: [string, string][] = [];
  rows.push(['Kind', KIND_LABEL[feature.kind] ?? feature.kind]);
  if (enforcement !== 'not-applicable') {
    const inContext = enforcement !== feature.enforcement ? ' — here, because a feature it needs is hidden too' : '';
    rows.push([
      'Hiding it',
      enforcement === 'enforceable'
        ? `enforceable${feature.gatedBy?.length ? ` (gated by ${feature.gatedBy.join(', ')})` : ''}${inContext}`
        : 'advisory (the instructions still execute when hidden)',
    ]);
  }
  if (feature.requires?.length) rows.push(['Requires', feature.requires.map((r) => `\`${r}\``).join(', ')]);
  rows.push(['Vendors', feature.vendors.map((v) => VENDOR_LABEL[v] ?? v).join(', ')]);
  const first = [feature.firstIntel ? `Intel ${feature.firstIntel}` : '', feature.firstAmd ? `AMD ${feature.firstAmd}` : ''].filter(Boolean).join(' · ');
  if (first) rows.push(['First in', first]);
  const names = [`Linux \`${feature.name}\``];
  if (feature.aliases.libvirt?.length) names.push(`libvirt ${feature.aliases.libvirt.map((n) => `\`${n}\``).join(', ')}`);
  if (feature.aliases.vmware?.length) names.push(`VMware \`featMask.vm.cpuid.${feature.aliases.vmware[0]}\``);
  rows.push(['Names', names.join(' · ')]);
  if (feature.notes) rows.push(['Note', feature.notes]);
  return `| | |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`).join('\n')}`;
}

const KIND_LABEL: Record<string, string> = {
  'user-instructions': 'user-level instructions',
  'os-enabled-state': 'OS-enabled state (XCR0 / CR4 / EFER)',
  system: 'system feature',
  'security-mitigation': 'security mitigation',
  virtualization: 'virtualization',
  informational: 'informational',
  reserved: 'reserved',
  'os-reflected': "reflects the guest OS's own setting (not a host feature)",
  identification: 'identification (vendor / family / model)',
};

const VENDOR_LABEL: Record<string, string> = { intel: 'Intel', amd: 'AMD', hygon: 'Hygon', zhaoxin: 'Zhaoxin', centaur: 'Centaur', transmeta: 'Transmeta' };

const SHORT_SOURCE: Record<string, string> = { linux: 'Linux cpufeatures.h', libvirt: 'libvirt cpu_map', 'x86-cpuid-db': 'x86-cpuid-db', 'vmware-notes': 'VMware feature names' };

function sourcesLine(feature: CpuidBitEntry | undefined): string {
  const links = [`[Intel SDM Vol. 2A, CPUID](${SDM})`, `[AMD APM Vol. 3, App. E](${APM})`];
  const extra = feature ? feature.sources.filter((s) => s !== 'sdm' && s !== 'apm').map((s) => SHORT_SOURCE[s] ?? dataSources()[s]?.title ?? s) : [];
  return `_Sources: ${links.join(' · ')}${extra.length ? `; cross-checked with ${extra.join(', ')}` : ''}._`;
}

function amdNote(canonical: string): string {
  const plain = canonical.slice(0, -'.amd'.length);
  return `**AMD override:** on AMD hosts this register replaces \`${plain}\` as a whole; on Intel hosts it is ignored. (VMware looks \`.amd\` keys up first — a third-party reading of vmware-vmx, not documented by VMware.)`;
}

// ---------------------------------------------------------------- spoofing

/** What forced bits of leaf 0 / leaf 1 EAX spell, when they spell something. */
export function spoofNote(model: DocumentModel, mask: MaskLine): string | undefined {
  const { key, value } = mask;
  if (key.leaf === 0 && key.register !== 'eax') {
    const n = forcedValue(value);
    if (n === undefined) return undefined;
    const vendor = vendorString(model, key.amd);
    return `These 32 forced flags spell **"${registerAscii(n)}"** (a quarter of the vendor string)${vendor ? `; with the other leaf-0 masks the guest reads the vendor **"${vendor}"**` : ''}. Spoofing the vendor is deliberate, not a feature mask: software takes the CPU for another maker's.`;
  }
  if (key.leaf === 0 && key.register === 'eax') {
    const n = forcedValue(value);
    return n === undefined ? undefined : `These flags force the highest basic leaf to 0x${n.toString(16).toUpperCase()} (${n}).`;
  }
  if (key.leaf === 1 && key.register === 'eax') {
    const text = describeSignature(decodeSignature(value));
    return text ? `The forced flags spell the processor signature: **${text}**. The guest takes the CPU for that model.` : undefined;
  }
  if (key.leaf >= 0x80000002 && key.leaf <= 0x80000004) {
    const n = forcedValue(value);
    return n === undefined ? undefined : `These forced flags spell **"${registerAscii(n)}"**, four characters of the processor brand string (\`cpuid.brandString\` is the simpler way to set it).`;
  }
  return undefined;
}

/** The 12-character vendor string when leaf 0 EBX, EDX and ECX are all fully forced. */
export function vendorString(model: DocumentModel, amd: boolean): string | undefined {
  const parts: string[] = [];
  for (const reg of ['ebx', 'edx', 'ecx']) {
    const lines = model.cpuid.masksByRegister.get(`0.0.${reg}${amd ? '.amd' : ''}`);
    const n = lines ? forcedValue(lines[lines.length - 1]!.value) : undefined;
    if (n === undefined) return undefined;
    parts.push(registerAscii(n));
  }
  return parts.join('');
}

// ---------------------------------------------------------------- register table

function hoverOnMaskKey(model: DocumentModel, mask: MaskLine): Hover {
  const { key, value, entry } = mask;
  const purpose = leafPurpose(key.leaf);
  // As for flags: the catalogue knows whether the leaf has subleaves (cpuid.7.ebx is ECX=0, cpuid.1.0.ecx has none).
  const catalogued = registerLayout(key.leaf, key.subleaf, key.register).find((s) => s.entry)?.entry;
  const reg = sdmRegisterName(key.leaf, catalogued ? catalogued.subleaf : key.subleaf, key.register);
  const parts: string[] = [`**${entry.key}** — ${reg} — ${purpose.title}`, purpose.purpose];
  if (value.empty) {
    parts.push('Empty value: every bit keeps VMware\'s default.');
  } else if (value.count !== 32) {
    parts.push(`This value has ${value.count} flags; a mask needs 32 (bit 31 first), so the bits cannot be matched to features.`);
  } else {
    parts.push(registerTable(mask));
  }
  const spoof = spoofNote(model, mask);
  if (spoof) parts.push(spoof);
  if (key.amd) parts.push(amdNote(key.canonical));
  parts.push(`_Flags: ${FLAG_LEGEND.filter((f) => f.meantForVmx).map((f) => `\`${f.char}\` ${f.title}`).join(' · ')}. Bit 31 is the leftmost flag._`);
  return markdown(parts.join('\n\n'), entry.keyRange);
}

function registerTable(mask: MaskLine): string {
  const { key, value } = mask;
  const rows: string[] = ['| bit | feature | flag | guest sees |', '|--:|---|:-:|---|'];
  const slots = [...registerLayout(key.leaf, key.subleaf, key.register)].reverse();
  for (const slot of slots) {
    const flags = value.flags.slice(31 - slot.hi, 32 - slot.lo).map((f) => f.char).join('');
    const bits = slot.hi === slot.lo ? `${slot.lo}` : `${slot.hi}–${slot.lo}`;
    if (!slot.entry) {
      if (slot.hi - slot.lo >= 3 && /^-+$/.test(flags)) {
        rows.push(`| ${bits} | _not catalogued_ | \`${flags}\` | default |`);
      } else {
        for (let bit = slot.hi; bit >= slot.lo; bit--) rows.push(`| ${bit} | _not catalogued_ | \`${value.flags[31 - bit]!.char}\` | ${shortEffect(value.flags[31 - bit]!.char)} |`);
      }
      continue;
    }
    const e = slot.entry;
    const label = e.isField ? `${e.title}` : `${e.aliases.vmware?.[0] ?? e.name.toUpperCase()} — ${e.title}`;
    let sees = e.isField ? fieldEffect(value, e) : shortEffect(flags);
    if (e.kind === 'os-reflected' && flags !== '-') sees += ' (mirrors guest CR4)';
    rows.push(`| ${bits} | ${label.replace(/\|/g, '\\|')} | \`${flags}\` | ${sees} |`);
  }
  return rows.join('\n');
}

function fieldEffect(value: MaskLine['value'], e: CpuidBitEntry): string {
  const n = forcedField(value, e.lo, e.hi);
  if (n !== undefined) return `forced to ${n} (0x${n.toString(16).toUpperCase()})`;
  const flags = value.flags.slice(31 - e.hi, 32 - e.lo).map((f) => f.char);
  if (flags.every((c) => c === '-')) return 'default';
  if (flags.every((c) => c === 'h' || c === 'H')) return 'host value';
  return 'mixed';
}

function shortEffect(flag: string): string {
  switch (flag) {
    case '-':
      return 'default';
    case '0':
      return '**0 (hidden)**';
    case '1':
      return '**1 (forced)**';
    case 'H':
      return 'host value, must match';
    case 'h':
      return 'host value';
    case 'R':
      return '0, must match';
    default:
      return flagMeaning(flag)?.title ?? 'not a flag';
  }
}

// ---------------------------------------------------------------- featMask, records

function hoverOnFeatMask(line: FeatMaskLine): Hover {
  const { entry, key, value } = line;
  const parts: string[] = [];
  const features = key.family.toLowerCase() === 'cpuid' ? findFeature(key.name) : [];
  const info = cpuKeyInfo(entry.keyLower);
  if (features.length > 0) {
    const f = features[0]!;
    const where = f.isField ? `bits ${f.hi}–${f.lo}` : `bit ${f.lo}`;
    parts.push(`**featMask.vm.cpuid.${key.name}** — ${f.title}  \n${sdmRegisterName(f.leaf, f.subleaf, f.register)} ${where} (\`${f.name}\`)`);
    parts.push(f.description);
  } else if (info) {
    parts.push(`**${entry.key}** — ${info.title}`, info.description);
  } else {
    parts.push(`**${entry.key}** — VMware feature \`${key.name}\``, key.family.toLowerCase() === 'cpuid' ? 'No CPUID bit of the catalogue corresponds to this VMware feature name (it may be a VMware-level setting such as NUMLEVELS or an XCR0 state).' : '');
  }
  if (value.ok) parts.push(`**\`${entry.value}\`:** ${describeFeatMaskValue(value.value, key.name)}.`);
  else parts.push(`**Value:** ${value.reason}.`);
  parts.push('_featMask lines are VMware\'s named masks (virtual hardware 9+, per-VM EVC): `Val:n` sets the value, `Min:n` requires at least n at power-on, `Max:n` caps it. Names are VMware\'s feature vocabulary and ignore case._');
  return markdown(parts.filter(Boolean).join('\n\n'), entry.keyRange);
}

function hoverOnRecord(record: CpuidRecordLine): Hover {
  const { entry, kind, leaf, subleaf, registers } = record;
  const who = kind === 'host' ? "the host's CPUID" : kind === 'guest' ? 'the CPUID the guest saw' : 'the CPUID after user masks';
  const parts: string[] = [
    `**${entry.key}** — ${who} for leaf 0x${leaf.toString(16).toUpperCase()}${subleaf !== null ? ` subleaf ${subleaf}` : ''}, recorded by VMware at power-on (not a mask).`,
  ];
  if (!registers) {
    parts.push('The value is not 32 hex digits (EAX EBX ECX EDX), so it cannot be decoded.');
  } else {
    const names = ['eax', 'ebx', 'ecx', 'edx'] as const;
    const rows = ['| register | value | features set |', '|---|---|---|'];
    names.forEach((reg, i) => {
      const n = registers[i]!;
      const set: string[] = [];
      for (let bit = 31; bit >= 0; bit--) {
        if (((n >>> bit) & 1) === 0) continue;
        const e = lookupBit(leaf, subleaf, reg, bit);
        if (e && !e.isField) set.push(e.aliases.vmware?.[0] ?? e.name.toUpperCase());
      }
      const text = leaf === 0 && reg !== 'eax' ? `"${registerAscii(n)}"` : set.length > 0 ? set.join(' ') : '—';
      rows.push(`| ${reg.toUpperCase()} | \`0x${n.toString(16).toUpperCase().padStart(8, '0')}\` | ${text} |`);
    });
    parts.push(rows.join('\n'));
  }
  return markdown(parts.join('\n\n'), entry.keyRange);
}

export type { VmxEntry };
