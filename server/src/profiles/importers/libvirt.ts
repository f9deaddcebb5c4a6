/**
 * libvirt host CPU XML:
 * - `virsh capabilities`: `<capabilities><host><cpu>` with `<vendor>`,
 *   `<model>`, `<signature family= model= stepping=>` and `<feature name=…/>`
 *   (features the host has on top of the model);
 * - `virsh domcapabilities`: `<domainCapabilities><cpu><mode name='host-model'>`
 *   with `<model>`, `<vendor>` and `<feature policy='require|disable' name=…/>`;
 * - a bare `<cpu>` element (e.g. `virsh cpu-baseline` output) with policies.
 *
 * The named model implies a feature list of its own (libvirt's cpu_map), which
 * this importer cannot read: only the explicitly listed features become known
 * bits (require/force/no policy → 1, disable/forbid → 0, optional → ignored);
 * the model name goes into the description and the notes say so. Feature
 * names are libvirt's, mapped through the bit database's libvirt aliases.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { findFeature, CpuidBitEntry } from '../../knowledge/bitDatabase';
import { NOT_HOST_FEATURES, ProfileJson, ProfileVendor, registerKey } from '../profile';
import { flagsText, slugify, signatureText } from './registerDump';
import { ImportError, ImportOptions, ImportResult } from './types';

export function looksLikeLibvirt(text: string): boolean {
  return /<(capabilities|domainCapabilities|cpu)[\s>]/.test(text) && /<feature\b|<model\b/.test(text);
}

type Node = Record<string, unknown>;

function asArray(v: unknown): Node[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'object' && x !== null ? (x as Node) : { '#text': String(x) }));
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const t = (v as Node)['#text'];
    return t === undefined ? undefined : String(t).trim();
  }
  return String(v).trim();
}

function libvirtEntry(name: string): CpuidBitEntry | undefined {
  const n = name.toLowerCase();
  const found = findFeature(n).filter((e) => !e.isField);
  return found.find((e) => (e.aliases.libvirt ?? []).some((a) => a.toLowerCase() === n)) ?? found.find((e) => e.name === n);
}

function vendorOf(v: string | undefined): ProfileVendor {
  if (v === undefined) throw new ImportError('the host CPU has no <vendor> element', { format: 'libvirt' });
  const l = v.toLowerCase();
  if (l === 'intel') return 'intel';
  if (l === 'amd' || l === 'hygon') return 'amd';
  throw new ImportError(`unsupported CPU vendor "${v}": only Intel, AMD and Hygon hosts can be imported`, { format: 'libvirt' });
}

export function importLibvirt(xml: string, options: ImportOptions = {}): ImportResult {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ImportError(`not well-formed XML: ${valid.err.msg}`, { format: 'libvirt', line: valid.err.line });
  }
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, processEntities: false }).parse(xml) as Node;
  let cpu: Node | undefined;
  let source: string;
  if (doc['capabilities'] !== undefined) {
    cpu = asArray((asArray((doc['capabilities'] as Node | undefined)?.['host'])[0] ?? {})['cpu'])[0];
    source = 'virsh capabilities (host CPU)';
  } else if (doc['domainCapabilities'] !== undefined) {
    const modes = asArray(asArray((doc['domainCapabilities'] as Node)['cpu'])[0]?.['mode']);
    cpu = modes.find((m) => m['@name'] === 'host-model');
    if (cpu && cpu['@supported'] === 'no') throw new ImportError('domcapabilities: the host-model CPU mode is not supported on this host', { format: 'libvirt' });
    source = 'virsh domcapabilities (host-model)';
  } else {
    cpu = asArray(doc['cpu'])[0];
    source = 'libvirt <cpu> element';
  }
  if (!cpu) throw new ImportError('no host CPU found: expected <capabilities><host><cpu>, <domainCapabilities> with <mode name="host-model">, or <cpu>', { format: 'libvirt' });

  const vendor = vendorOf(text(cpu['vendor']));
  const model = text(cpu['model']);
  const sigNode = asArray(cpu['signature'])[0];
  const sig =
    sigNode && /^\d+$/.test(String(sigNode['@family'])) && /^\d+$/.test(String(sigNode['@model'])) && /^\d+$/.test(String(sigNode['@stepping']))
      ? signatureText(vendor, { family: Number(sigNode['@family']), model: Number(sigNode['@model']), stepping: Number(sigNode['@stepping']) })
      : undefined;

  const registers = new Map<string, (0 | 1 | undefined)[]>();
  const notes: string[] = [];
  const unmapped: string[] = [];
  const optional: string[] = [];
  const notHost: string[] = [];
  let known = 0;
  for (const f of asArray(cpu['feature'])) {
    const name = f['@name'];
    if (typeof name !== 'string' || name === '') continue;
    const policy = typeof f['@policy'] === 'string' ? f['@policy'] : 'require';
    let value: 0 | 1;
    if (policy === 'require' || policy === 'force') value = 1;
    else if (policy === 'disable' || policy === 'forbid') value = 0;
    else {
      optional.push(name);
      continue;
    }
    const e = libvirtEntry(name);
    if (!e) {
      unmapped.push(name);
      continue;
    }
    if (NOT_HOST_FEATURES.has(e.name)) {
      notHost.push(name);
      continue;
    }
    const key = registerKey(e.leaf, e.subleaf, e.register);
    let bits = registers.get(key);
    if (!bits) registers.set(key, (bits = new Array<0 | 1 | undefined>(32).fill(undefined)));
    bits[e.lo] = value;
    known++;
  }
  if (model) {
    notes.push(`the CPU model "${model}" implies further features (libvirt cpu_map) that are not read: only the ${known} explicitly listed feature(s) are known, every other bit is unknown`);
  }
  if (unmapped.length > 0) notes.push(`features not in the bit database (MSR-based or unknown), ignored: ${unmapped.join(' ')}`);
  if (optional.length > 0) notes.push(`features with policy "optional", ignored: ${optional.join(' ')}`);
  if (notHost.length > 0) notes.push(`features that are not host features, left unknown: ${notHost.join(' ')}`);

  const out: Record<string, string> = {};
  for (const [key, bits] of [...registers.entries()].sort()) out[key] = flagsText(bits);
  const name = options.name?.trim() || (model ? `libvirt-${slugify(model)}` : sig ?? `${vendor}-host`);
  const profile: ProfileJson = {
    name,
    vendor,
    kind: 'host',
    title: model ? `${model} (libvirt host CPU)` : `libvirt host CPU${sig ? ` ${sig}` : ''}`,
    description: `Imported from ${source}${model ? `; libvirt CPU model "${model}"` : ''}${sig ? `; signature ${sig}` : ''}. Only the features listed explicitly are known; the model's own feature list is not included.`,
    provenance: [{ source: `imported from ${source}`, confidence: 'primary' }],
    uncertain: [model ? `Features implied by the libvirt CPU model "${model}" are unknown.` : 'Only the listed features are known.'],
    registers: out,
  };
  return { profile, notes };
}
