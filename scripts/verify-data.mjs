#!/usr/bin/env node
// Verifies server/data/cpuid-bits.json:
//  1. always: JSON Schema (ajv), no overlapping bits, unique names, every
//     `requires` name exists, leaves.json well-formed;
//  2. when the reference folder exists (../shared/reference relative to the
//     repository, or $VMX_CPUID_REFERENCE): every CPUID feature of libvirt's
//     x86_features.xml and every single-bit feature of x86-cpuid-db inside the
//     catalogued registers sits at the same leaf/subleaf/register/bit in our
//     data; entries no source knows, and source bits we leave out, must be
//     explained in server/data/verify-exceptions.json; none of the sources'
//     description strings may appear in our text (licence rule).
// Exit code 1 on any unexplained disagreement or check failure.
// Usage: node scripts/verify-data.mjs [--quiet]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import Ajv from 'ajv';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(repo, 'server', 'data');
const quiet = process.argv.includes('--quiet');
const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));

const data = readJson(path.join(dataDir, 'cpuid-bits.json'));
const schema = readJson(path.join(dataDir, 'cpuid-bits.schema.json'));
const leaves = readJson(path.join(dataDir, 'leaves.json'));
const exceptionsFile = readJson(path.join(dataDir, 'verify-exceptions.json'));

const errors = [];
const warnings = [];
const explained = [];
const log = (...a) => { if (!quiet) console.log(...a); };
const hex = (n) => '0x' + (n >>> 0).toString(16);
const posText = (leaf, sub, reg, bit) => `${hex(leaf)}.${sub ?? 0}.${reg}[${bit}]`;
const regKey = (leaf, sub, reg) => `${leaf >>> 0}:${sub ?? 0}:${reg}`;

// ---------------------------------------------------------------- 1. internal checks
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
if (!validate(data)) {
  for (const e of validate.errors) errors.push(`schema: ${e.instancePath} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}

const entries = data.entries ?? [];
/** regKey -> array[32] of entry */
const slots = new Map();
const names = new Map();
for (const e of entries) {
  const lo = e.bits ? e.bits[0] : e.bit;
  const hi = e.bits ? e.bits[1] : e.bit;
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo <= hi)) { errors.push(`${e.name}: bad bit range`); continue; }
  if (e.bits && lo === hi) warnings.push(`${e.name}: one-bit field written as bits [${lo}, ${hi}]`);
  const k = regKey(e.leaf, e.subleaf, e.register);
  if (!slots.has(k)) slots.set(k, new Array(32).fill(undefined));
  const s = slots.get(k);
  for (let b = lo; b <= hi; b++) {
    if (s[b]) errors.push(`overlap: ${posText(e.leaf, e.subleaf, e.register, b)} claimed by ${s[b].name} and ${e.name}`);
    else s[b] = e;
  }
  if (names.has(e.name)) errors.push(`duplicate name: ${e.name}`);
  names.set(e.name, e);
}
// the same leaf must not mix subleaf null and numbers
const subleafStyle = new Map();
for (const e of entries) {
  const style = e.subleaf === null ? 'none' : 'numbered';
  const prev = subleafStyle.get(e.leaf);
  if (prev && prev !== style) errors.push(`leaf ${hex(e.leaf)} mixes subleaf null and numbered subleaves (${e.name})`);
  subleafStyle.set(e.leaf, style);
}
for (const e of entries) {
  for (const r of e.requires ?? []) if (!names.has(r)) errors.push(`${e.name}: requires unknown feature "${r}"`);
  if ((e.requires ?? []).includes(e.name)) errors.push(`${e.name}: requires itself`);
  for (const s of e.sources ?? []) if (!(s in (data.sources ?? {}))) errors.push(`${e.name}: source key "${s}" missing from the sources table`);
  for (const n of [...(e.aliases?.libvirt ?? []), ...(e.aliases?.vmware ?? []), ...(e.aliases?.linux ?? [])]) {
    const other = names.get(n.toLowerCase());
    if (other && other !== e) warnings.push(`alias "${n}" of ${e.name} is also the canonical name of ${other.name}`);
  }
  if (e.aliases?.vmware && !e.aliasEvidence?.vmware) errors.push(`${e.name}: VMware alias without aliasEvidence.vmware`);
}
// requires must not form cycles
{
  const state = new Map();
  const visit = (n, stack) => {
    if (state.get(n) === 2) return;
    if (state.get(n) === 1) { errors.push(`requires cycle: ${[...stack, n].join(' -> ')}`); return; }
    state.set(n, 1);
    for (const r of names.get(n)?.requires ?? []) visit(r, [...stack, n]);
    state.set(n, 2);
  };
  for (const n of names.keys()) visit(n, []);
}
// leaves.json
for (const l of leaves.leaves ?? []) {
  if (!/^0x[0-9A-Fa-f]+$/.test(l.leaf) || !l.title || !l.purpose) errors.push(`leaves.json: bad leaf record ${JSON.stringify(l)}`);
}
for (const leaf of new Set(entries.map((e) => e.leaf))) {
  if (!(leaves.leaves ?? []).some((l) => parseInt(l.leaf, 16) === leaf)) errors.push(`leaves.json: no description for catalogued leaf ${hex(leaf)}`);
}

// The registers the issue requires us to cover (all of them must be catalogued).
const REQUIRED = [
  [0x0, 0, 'eax'], [0x0, 0, 'ebx'], [0x0, 0, 'ecx'], [0x0, 0, 'edx'],
  [0x1, 0, 'eax'], [0x1, 0, 'ebx'], [0x1, 0, 'ecx'], [0x1, 0, 'edx'],
  [0x6, 0, 'eax'], [0x7, 0, 'ebx'], [0x7, 0, 'ecx'], [0x7, 0, 'edx'], [0x7, 1, 'eax'], [0x7, 1, 'edx'], [0x7, 2, 'edx'],
  [0xd, 1, 'eax'], [0x14, 0, 'ebx'], [0x14, 0, 'ecx'], [0x19, 0, 'ebx'],
  [0x80000000, 0, 'eax'], [0x80000001, 0, 'ecx'], [0x80000001, 0, 'edx'], [0x80000007, 0, 'edx'], [0x80000008, 0, 'ebx'],
  [0x8000000a, 0, 'edx'], [0x8000001f, 0, 'eax'], [0x80000021, 0, 'eax'],
];
for (const [l, s, r] of REQUIRED) if (!slots.has(regKey(l, s, r))) errors.push(`required register ${hex(l)}.${s}.${r} is not catalogued`);

log(`cpuid-bits.json: ${entries.length} entries (${entries.filter((e) => e.bits).length} fields, ${entries.filter((e) => !e.bits).length} single bits) in ${slots.size} registers; schema ${validate.errors ? 'INVALID' : 'valid'}`);

// ---------------------------------------------------------------- 2. reference comparison
const refDir = process.env.VMX_CPUID_REFERENCE
  ? path.resolve(process.env.VMX_CPUID_REFERENCE)
  : path.resolve(repo, '..', 'shared', 'reference');
const libvirtFile = path.join(refDir, 'libvirt-cpu_map', 'x86_features.xml');
const cpuidDbDir = path.join(refDir, 'x86-cpuid-db', 'db', 'xml');

const exceptions = exceptionsFile.exceptions ?? [];
const usedExceptions = new Set();
const findException = (kind, source, leaf, sub, reg, bit) => {
  const i = exceptions.findIndex((x) => x.kind === kind && x.source === source && parseInt(x.leaf, 16) === leaf && (x.subleaf ?? 0) === (sub ?? 0) && x.register === reg && x.bit === bit);
  if (i >= 0) { usedExceptions.add(i); return exceptions[i]; }
  return undefined;
};
for (const x of exceptions) if (!x.reason || x.reason.length < 20) errors.push(`verify-exceptions.json: exception without a real reason: ${JSON.stringify(x)}`);

if (!fs.existsSync(libvirtFile) || !fs.existsSync(cpuidDbDir)) {
  log(`note: reference data not found at ${refDir} (set VMX_CPUID_REFERENCE); skipping the comparison with libvirt and x86-cpuid-db.`);
} else {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => ['feature', 'cpuid', 'subleaf', 'vendor'].includes(n),
  });
  const sourceTexts = [];
  const knownPositions = new Set(); // positions any source has, for the ours-only check

  // ---- libvirt
  const lv = parser.parse(fs.readFileSync(libvirtFile, 'utf8'));
  let lvTotal = 0, lvSame = 0;
  const lvNoCpuid = [];
  for (const f of lv.cpus.feature) {
    if (!f.cpuid) { lvNoCpuid.push(f.name); continue; }
    for (const c of f.cpuid) {
      const leaf = parseInt(c.eax_in, 16) >>> 0;
      const sub = c.ecx_in !== undefined ? parseInt(c.ecx_in, 16) : 0;
      for (const reg of ['eax', 'ebx', 'ecx', 'edx']) {
        if (c[reg] === undefined) continue;
        const mask = parseInt(c[reg], 16) >>> 0;
        for (let bit = 0; bit < 32; bit++) {
          if (!((mask >>> bit) & 1)) continue;
          lvTotal++;
          knownPositions.add(`${regKey(leaf, sub, reg)}:${bit}`);
          const ours = slots.get(regKey(leaf, sub, reg))?.[bit];
          if (ours && !ours.bits && (ours.aliases?.libvirt ?? []).includes(f.name)) { lvSame++; continue; }
          const why = ours ? (ours.bits ? `inside our field ${ours.name}` : `our entry ${ours.name} lacks libvirt alias "${f.name}"`) : 'absent from our data';
          const ex = findException('source-bit-not-in-data', 'libvirt', leaf, sub, reg, bit);
          if (ex) explained.push(`libvirt ${f.name} at ${posText(leaf, sub, reg, bit)}: ${why} (explained: ${ex.reason})`);
          else errors.push(`libvirt ${f.name} at ${posText(leaf, sub, reg, bit)}: ${why}`);
        }
      }
    }
  }
  const pct = (a, b) => (b === 0 ? 100 : Math.floor((a / b) * 1000) / 10);
  log(`libvirt: ${lvSame}/${lvTotal} features at the same position (${pct(lvSame, lvTotal)}%)` +
    (lvNoCpuid.length ? `; ${lvNoCpuid.length} MSR-only features (no CPUID bit) not applicable: ${lvNoCpuid.join(' ')}` : ''));

  // ---- x86-cpuid-db
  let dbTotal = 0, dbSame = 0, dbExplained = 0, fieldTotal = 0, fieldSame = 0;
  const files = fs.readdirSync(cpuidDbDir).filter((f) => /^leaf_[0-9a-f]+\.xml$/.test(f)).sort();
  for (const file of files) {
    const x = parser.parse(fs.readFileSync(path.join(cpuidDbDir, file), 'utf8'));
    const collectText = (o) => {
      if (o === null || typeof o !== 'object') return;
      for (const [k, v] of Object.entries(o)) {
        if ((k === 'desc' || k === 'text') && typeof v === 'string') sourceTexts.push(v.trim());
        else collectText(v);
      }
    };
    collectText(x);
    const leaf = parseInt(x.leaf.id, 16) >>> 0;
    for (const sl of x.leaf.subleaf ?? []) {
      const sub = parseInt(String(sl.id), 10);
      for (const reg of ['eax', 'ebx', 'ecx', 'edx']) {
        const r = sl[reg];
        if (!r || typeof r !== 'object') continue;
        const ourSlots = slots.get(regKey(leaf, sub, reg));
        if (!ourSlots) continue; // register not catalogued by us (outside scope)
        for (const [k, v] of Object.entries(r)) {
          if (!/^bit\d+$/.test(k)) continue;
          const bit = parseInt(k.slice(3), 10);
          const len = parseInt(v.len, 10);
          if (len > 1) {
            knownPositions.add(`${regKey(leaf, sub, reg)}:${bit}`);
            fieldTotal++;
            const ours = ourSlots[bit];
            if (ours && ours.bits && ours.bits[0] === bit && ours.bits[1] === bit + len - 1) fieldSame++;
            else {
              const ex = findException('source-bit-not-in-data', 'x86-cpuid-db', leaf, sub, reg, bit);
              const why = ours ? `our ${ours.name} covers [${ours.bits ? ours.bits.join('..') : ours.bit}]` : 'absent from our data';
              if (ex) explained.push(`x86-cpuid-db field ${v.id} ${posText(leaf, sub, reg, bit)}+${len}: ${why} (explained: ${ex.reason})`);
              else errors.push(`x86-cpuid-db field ${v.id} at ${hex(leaf)}.${sub}.${reg}[${bit}..${bit + len - 1}]: ${why}`);
            }
            continue;
          }
          dbTotal++;
          knownPositions.add(`${regKey(leaf, sub, reg)}:${bit}`);
          const ours = ourSlots[bit];
          if (ours && !ours.bits) { dbSame++; continue; }
          const why = ours ? `inside our field ${ours.name}` : 'absent from our data';
          const ex = findException('source-bit-not-in-data', 'x86-cpuid-db', leaf, sub, reg, bit);
          if (ex) { dbExplained++; explained.push(`x86-cpuid-db ${v.id} at ${posText(leaf, sub, reg, bit)}: ${why} (explained: ${ex.reason})`); }
          else errors.push(`x86-cpuid-db ${v.id} at ${posText(leaf, sub, reg, bit)}: ${why}`);
        }
      }
    }
  }
  log(`x86-cpuid-db: ${dbSame}/${dbTotal} single-bit features of the catalogued registers at the same position (${pct(dbSame, dbTotal)}%)` +
    (dbExplained ? `, ${dbExplained} left out on purpose (see verify-exceptions.json)` : '') +
    `; multi-bit fields: ${fieldSame}/${fieldTotal} with the same bit range`);

  // ---- VMware names: evc-modes.md §6.2 table (name(bit) per leaf.subleaf.REG)
  const evcFile = path.join(refDir, 'evc-modes.md');
  if (fs.existsSync(evcFile)) {
    const md = fs.readFileSync(evcFile, 'utf8');
    const start = md.indexOf('### 6.2');
    const section = start >= 0 ? md.slice(start, md.indexOf('\n## ', start + 1) >>> 0) : '';
    let vmTotal = 0, vmSame = 0;
    for (const line of section.split('\n')) {
      const m = line.match(/^\| (?:0x)?([0-9A-Fa-f]+)\.(\d+)\.(E[A-D]X)[^|]*\| (.*)\|\s*$/);
      if (!m) continue;
      const leaf = parseInt(m[1], 16) >>> 0, sub = parseInt(m[2], 10), reg = m[3].toLowerCase();
      for (const t of m[4].matchAll(/([A-Z0-9_+]+)\((\d+)/g)) {
        for (const n of t[1].split('+')) {
          vmTotal++;
          const bit = parseInt(t[2], 10);
          const ours = slots.get(regKey(leaf, sub, reg))?.[bit];
          if (ours && (ours.aliases?.vmware ?? []).includes(n)) vmSame++;
          else errors.push(`VMware name ${n} at ${posText(leaf, sub, reg, bit)} (evc-modes.md §6.2): ${ours ? `our ${ours.name} lacks the alias` : 'absent from our data'}`);
        }
      }
    }
    log(`vmware-notes: ${vmSame}/${vmTotal} VMware feature names of evc-modes.md §6.2 at the same position (${pct(vmSame, vmTotal)}%)`);
  }

  // ---- entries no source knows
  let oursOnly = 0;
  for (const e of entries) {
    const lo = e.bits ? e.bits[0] : e.bit;
    if (knownPositions.has(`${regKey(e.leaf, e.subleaf, e.register)}:${lo}`)) continue;
    oursOnly++;
    const ex = findException('data-bit-not-in-sources', 'ours', e.leaf >>> 0, e.subleaf, e.register, lo);
    if (ex) explained.push(`${e.name} at ${posText(e.leaf, e.subleaf, e.register, lo)} is in neither libvirt nor x86-cpuid-db (explained: ${ex.reason})`);
    else errors.push(`${e.name} at ${posText(e.leaf, e.subleaf, e.register, lo)} is in neither libvirt nor x86-cpuid-db and has no exception`);
  }
  log(`our data: ${entries.length - oursOnly}/${entries.length} entries confirmed by libvirt or x86-cpuid-db; ${oursOnly} documented only by the SDM/APM (listed in verify-exceptions.json)`);

  // ---- licence rule: no source description text in our files
  const ourText = [
    ...entries.flatMap((e) => [e.title, e.description, e.notes ?? '']),
    ...(leaves.leaves ?? []).flatMap((l) => [l.title, l.purpose]),
    ...(leaves.ranges ?? []).flatMap((l) => [l.title, l.purpose]),
  ].map((s) => s.toLowerCase());
  const ourTitles = new Set(entries.map((e) => e.title.toLowerCase()));
  let copied = 0, sameAsName = 0;
  for (const t of new Set(sourceTexts)) {
    // Strings shorter than 24 characters are nearly always a feature's official
    // name ("Page Attribute Table", "Safer Mode Extensions"): facts, not prose.
    if (t.length < 24) { if (ourTitles.has(t.toLowerCase())) sameAsName++; continue; }
    const needle = t.toLowerCase().replace(/\s+/g, ' ');
    if (ourText.some((s) => s.includes(needle))) { copied++; errors.push(`licence: x86-cpuid-db text copied verbatim: "${t}"`); }
  }
  log(`licence check: ${new Set(sourceTexts).size} x86-cpuid-db desc/text strings checked, ${copied} of the prose ones (24+ characters) found in our text; ${sameAsName} of our titles equal a short official feature name`);

  exceptions.forEach((x, i) => { if (!usedExceptions.has(i)) warnings.push(`unused exception (stale?): ${JSON.stringify(x)}`); });
}

for (const x of explained) log(`explained: ${x}`);
for (const w of warnings) log(`warning: ${w}`);
if (errors.length) {
  console.error(`\n${errors.length} problem(s):`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
log('verify:data OK');
