/**
 * Built-in EVC baselines (server/data/profiles/*.json, docs/PROFILES.md):
 * schema, loading, containment along each vendor's EVC line, and a
 * cross-check against real CPUID dumps when /work/shared/reference/cpuid-dumps
 * exists (test data only: the dumps are read, never copied into the repo).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { allFeatures, featureByName, requiresClosure, CpuidRegister } from '../../../server/src/knowledge/bitDatabase';
import { createProfile, NOT_HOST_FEATURES, ProfileJson } from '../../../server/src/profiles/profile';
import {
  BUILTIN_PROFILE_NAMES,
  builtinProfile,
  builtinProfileJson,
  builtinProfiles,
  isBuiltinProfileName,
} from '../../../server/src/profiles/builtins';

// out/test/unit/profiles -> repository root
const repoRoot = path.resolve(__dirname, '../../../..');
const profilesDir = path.join(repoRoot, 'server/data/profiles');
const schemaPath = path.join(repoRoot, 'server/data/profile.schema.json');
const dumpsDir = process.env['VMX_CPUID_DUMPS'] ?? '/work/shared/reference/cpuid-dumps';

const INTEL_LINE = BUILTIN_PROFILE_NAMES.filter((n) => n.startsWith('intel-'));
const AMD_LINE = BUILTIN_PROFILE_NAMES.filter((n) => n.startsWith('amd-'));

function features(name: string): Set<string> {
  const json = builtinProfileJson(name);
  assert.ok(json, `no built-in profile ${name}`);
  return new Set(json.features ?? []);
}

function loadSchemaValidator() {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true });
  // VS Code editor keywords used in the schema for completion.
  ajv.addVocabulary(['enumDescriptions', 'markdownDescription', 'markdownEnumDescriptions', 'defaultSnippets']);
  return { schema, validate: ajv.compile(schema) };
}

test('built-in names: 23 EVC modes, Intel line then AMD line', () => {
  assert.equal(BUILTIN_PROFILE_NAMES.length, 23);
  assert.deepEqual(INTEL_LINE, [
    'intel-merom', 'intel-penryn', 'intel-nehalem', 'intel-westmere', 'intel-sandybridge', 'intel-ivybridge',
    'intel-haswell', 'intel-broadwell', 'intel-skylake', 'intel-cascadelake', 'intel-icelake', 'intel-sapphirerapids',
  ]);
  assert.deepEqual(AMD_LINE, [
    'amd-rev-e', 'amd-rev-f', 'amd-greyhound-no3dnow', 'amd-greyhound', 'amd-bulldozer', 'amd-piledriver',
    'amd-steamroller', 'amd-zen', 'amd-zen2', 'amd-zen3', 'amd-zen4',
  ]);
  assert.deepEqual([...BUILTIN_PROFILE_NAMES], [...INTEL_LINE, ...AMD_LINE]);
  assert.equal(isBuiltinProfileName('intel-haswell'), true);
  assert.equal(isBuiltinProfileName('intel-graniterapids'), false);
  assert.equal(builtinProfileJson('nope'), undefined);
  assert.equal(builtinProfile('nope'), undefined);
});

test('every JSON file in server/data/profiles is a built-in named like its file', () => {
  const files = fs.readdirSync(profilesDir).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(files, [...BUILTIN_PROFILE_NAMES].map((n) => `${n}.json`).sort());
  for (const file of files) {
    const onDisk = JSON.parse(fs.readFileSync(path.join(profilesDir, file), 'utf8')) as ProfileJson;
    assert.equal(onDisk.name, file.replace(/\.json$/, ''));
    assert.deepEqual(onDisk, builtinProfileJson(onDisk.name), `${file}: bundled copy differs`);
  }
});

test('every baseline validates against profile.schema.json', () => {
  const { validate } = loadSchemaValidator();
  for (const name of BUILTIN_PROFILE_NAMES) {
    const ok = validate(builtinProfileJson(name));
    assert.ok(ok, `${name}: ${JSON.stringify(validate.errors)}`);
  }
});

test('schema rejects malformed profiles and accepts a register-only host', () => {
  const { validate } = loadSchemaValidator();
  const base = { name: 'lab-host', vendor: 'intel', kind: 'host', title: 'Lab host', provenance: [{ source: 'cpuid dump', confidence: 'primary' }] };
  assert.ok(validate({ ...base, registers: { '1.ecx': '0111:1111:1111:1110:1111:1011:1111:1111', '7.0.ebx': '----------------0000000000000000' } }), JSON.stringify(validate.errors));
  assert.ok(validate({ ...base, features: ['sse4_1', 'SSE41'] }), JSON.stringify(validate.errors));
  assert.equal(validate({ ...base }), false, 'neither features nor registers');
  assert.equal(validate({ ...base, name: 'Lab Host', features: [] }), false, 'name pattern');
  assert.equal(validate({ ...base, vendor: 'via', features: [] }), false, 'vendor enum');
  assert.equal(validate({ ...base, kind: 'cluster', features: [] }), false, 'kind enum');
  assert.equal(validate({ ...base, provenance: [{ source: 'x', confidence: 'sure' }], features: [] }), false, 'confidence enum');
  assert.equal(validate({ ...base, registers: { '0x1.ecx': '0'.repeat(32) } }), false, 'register key with 0x');
  assert.equal(validate({ ...base, registers: { '1.ecx': '0'.repeat(31) } }), false, '31 flags');
  assert.equal(validate({ ...base, registers: { '1.ecx': 'x'.repeat(32) } }), false, 'flag character');
  assert.equal(validate({ ...base, features: ['avx', 'avx'] }), false, 'duplicate feature');
  assert.equal(validate({ ...base, features: [], extra: 1 }), false, 'unknown property');
});

test('schema feature completion list names only catalogued single bits', (t) => {
  const { schema } = loadSchemaValidator();
  const items = (schema['properties'] as Record<string, { items: { anyOf: { enum?: string[]; enumDescriptions?: string[] }[] } }>)['features']!.items;
  const list = items.anyOf[0]!;
  assert.ok(list.enum && list.enumDescriptions && list.enum.length === list.enumDescriptions.length);
  for (const name of list.enum) {
    const e = featureByName(name);
    assert.ok(e && !e.isField, `schema completion lists "${name}", which is not a single-bit entry of the bit database`);
    assert.ok(!NOT_HOST_FEATURES.has(name), `schema completion lists non-host feature ${name}`);
  }
  const listed = new Set(list.enum);
  const missing = allFeatures().filter((e) => !e.isField && !NOT_HOST_FEATURES.has(e.name) && !listed.has(e.name));
  // New database entries are still accepted (the string branch); they only lack completion.
  if (missing.length > 0) t.diagnostic(`not offered for completion yet: ${missing.map((e) => e.name).join(', ')}`);
});

test('every baseline loads with createProfile: names are canonical, kind/vendor consistent', () => {
  const profiles = builtinProfiles();
  assert.equal(profiles.length, BUILTIN_PROFILE_NAMES.length);
  for (const p of profiles) {
    const json = p.json;
    assert.equal(json.kind, 'evc-baseline', p.name);
    assert.equal(p.vendor, p.name.startsWith('intel-') ? 'intel' : 'amd', p.name);
    assert.ok(json.features && json.features.length > 0 && json.registers === undefined, `${p.name}: written as features`);
    assert.equal(new Set(json.features).size, json.features.length, `${p.name}: duplicate feature`);
    for (const f of json.features) {
      const e = featureByName(f);
      assert.ok(e, `${p.name}: "${f}" is not a canonical bit-database name`);
      assert.ok(!e.isField, `${p.name}: "${f}" is a multi-bit field`);
      assert.equal(p.has(f), true, `${p.name}: has(${f})`);
      // A feature's prerequisites belong to the same baseline (avx -> xsave, avx512bw -> avx512f ...).
      for (const dep of requiresClosure(f)) assert.ok(json.features.includes(dep), `${p.name}: ${f} requires ${dep}`);
    }
    assert.ok(json.provenance.length > 0 && (json.uncertain?.length ?? 0) > 0, `${p.name}: provenance and uncertainty`);
    assert.equal(builtinProfile(p.name), p, 'memoised');
  }
  // Same JSON through createProfile gives the same answers.
  const again = createProfile(builtinProfileJson('intel-haswell')!);
  assert.equal(again.has('avx2'), true);
  assert.equal(again.has('adx'), false); // leaf 7 EBX is described: ADX is a Broadwell addition
});

test('no baseline lists bits that are not host features (osxsave, ospke, hypervisor, syscall)', () => {
  for (const name of BUILTIN_PROFILE_NAMES) {
    for (const f of features(name)) assert.ok(!NOT_HOST_FEATURES.has(f), `${name} lists ${f}`);
  }
  assert.deepEqual([...NOT_HOST_FEATURES].sort(), ['hypervisor', 'ospke', 'osxsave', 'syscall']);
});

test(
  'speculation-control bits a baseline does not list stay unknown (microcode / patch level, not generation)',
  () => {
    for (const p of builtinProfiles()) {
      const listed = new Set(p.json.features ?? []);
      for (const e of allFeatures()) {
        if (e.isField || e.kind !== 'security-mitigation' || listed.has(e.name)) continue;
        assert.equal(p.bit(e.leaf, e.subleaf, e.register, e.lo), undefined, `${p.name}: ${e.name}`);
      }
    }
  },
);

/**
 * Where a later EVC mode does NOT contain the one listed before it. Each entry:
 * the features of `previous` missing from `mode`, and why.
 */
const CONTAINMENT_EXCEPTIONS: readonly { mode: string; previous: string; missing: readonly string[]; source: string }[] = [
  {
    mode: 'amd-greyhound-no3dnow',
    previous: 'amd-rev-f',
    missing: ['3dnow', '3dnowext'],
    source:
      'KB 1003212 (copy): "Opteron Gen. 3 (no 3DNow!)" is common to the A0-A3 and B0+ sequences; evc-modes.md §2.2, §5 (3DNOW/3DNOWPLUS removed)',
  },
  {
    mode: 'amd-bulldozer',
    previous: 'amd-greyhound',
    missing: ['3dnow', '3dnowext'],
    source: 'KB 1003212 (copy): Generation 4 hosts support the no-3DNow! Gen. 3 baseline, not Gen. 3; bulldozer follows greyhound-no3dnow (evc-modes.md §2.2, §5)',
  },
  {
    mode: 'amd-zen',
    previous: 'amd-steamroller',
    missing: ['xop', 'fma4', 'tbm'],
    source: 'AMD family 17h (Zen) does not implement XOP, FMA4, TBM; confirmed by the EPYC 7551P dump (docs/PROFILES.md)',
  },
];

/**
 * Where the list order is not the superset chain: the mode each of these really contains
 * (KB 1003212 copy: greyhound, level A3, still supports rev-f; bulldozer and later build on
 * the no-3DNow! baseline that both AMD sequences share).
 */
const SUPERSET_OF: Readonly<Record<string, string>> = {
  'amd-greyhound': 'amd-rev-f',
  'amd-bulldozer': 'amd-greyhound-no3dnow',
};

for (const [line, names] of [['Intel', INTEL_LINE], ['AMD', AMD_LINE]] as const) {
  test(`${line} line: each baseline contains the one before it, except the documented exceptions`, () => {
    for (let i = 1; i < names.length; i++) {
      const mode = names[i]!;
      const previous = names[i - 1]!;
      const missing = [...features(previous)].filter((f) => !features(mode).has(f)).sort();
      const exception = CONTAINMENT_EXCEPTIONS.find((x) => x.mode === mode && x.previous === previous);
      assert.deepEqual(missing, [...(exception?.missing ?? [])].sort(), `${mode} vs ${previous}`);
      assert.ok(features(mode).size > features(previous).size - missing.length, `${mode} adds something over ${previous}`);
      const chainPrevious = SUPERSET_OF[mode];
      if (chainPrevious !== undefined) {
        const gap = [...features(chainPrevious)].filter((f) => !features(mode).has(f));
        assert.deepEqual(gap, [], `${mode} must contain ${chainPrevious}`);
      }
    }
  });
}

test('AMD: greyhound is no-3DNow! plus 3DNow!, and bulldozer onwards never has 3DNow!', () => {
  const g = features('amd-greyhound');
  const n = features('amd-greyhound-no3dnow');
  assert.deepEqual([...g].filter((f) => !n.has(f)).sort(), ['3dnow', '3dnowext']);
  assert.deepEqual([...n].filter((f) => !g.has(f)), []);
  for (const name of AMD_LINE.slice(AMD_LINE.indexOf('amd-bulldozer'))) {
    assert.ok(!features(name).has('3dnow') && !features(name).has('3dnowext'), name);
  }
  for (const name of AMD_LINE.slice(AMD_LINE.indexOf('amd-zen'))) {
    for (const f of ['xop', 'fma4', 'tbm']) assert.ok(!features(name).has(f), `${name} has ${f}`);
  }
});

test('vCenter-written sets: intel-westmere and intel-sandybridge match their feature bits', () => {
  // The CPUID feature names of the per-VM EVC blocks (evc-modes.md §3.1, §3.2), without the
  // identification values (FAMILY, MODEL ...), hv.capable / vt.realmode, and the microcode-dependent
  // speculation-control bits (IBPB, IBRS, STIBP, SSBD, FCMD, MDCLEAR).
  const westmere = ['CMPXCHG16B', 'DS', 'LAHF64', 'LM', 'MWAIT', 'NX', 'SS', 'SSE3', 'SSSE3', 'SSE41', 'POPCNT', 'RDTSCP', 'SSE42', 'VMX', 'AES', 'PCLMULQDQ'];
  const sandy = [...westmere, 'AVX', 'PCID', 'XSAVE', 'XCR0_MASTER_SSE', 'XCR0_MASTER_YMM_H'];
  for (const [mode, names] of [['intel-westmere', westmere], ['intel-sandybridge', sandy]] as const) {
    const p = builtinProfile(mode)!;
    for (const vm of names) assert.equal(p.has(vm), true, `${mode} lacks VMware ${vm}`);
  }
  // PDPE1GB is on the hardware but not in the Sandy Bridge block: the mode hides it.
  assert.equal(builtinProfile('intel-sandybridge')!.has('pdpe1gb'), false);
  // The intel-broadwell requirement sample (evc-modes.md §3.3) is a lower bound of the mode.
  const broadwell = builtinProfile('intel-broadwell')!;
  for (const vm of ['3DNPREFETCH', 'ABM', 'ADX', 'AES', 'AVX', 'AVX2', 'BMI1', 'BMI2', 'CMPXCHG16B', 'ENFSTRG', 'F16C', 'FMA', 'FSGSBASE', 'INVPCID', 'LAHF64', 'LM', 'MOVBE', 'NX', 'PCID', 'PCLMULQDQ', 'PDPE1GB', 'POPCNT', 'RDRAND', 'RDSEED', 'RDTSCP', 'SMAP', 'SMEP', 'SS', 'SSE3', 'SSE41', 'SSE42', 'SSSE3', 'XCR0_MASTER_SSE', 'XCR0_MASTER_YMM_H', 'XSAVE', 'XSAVEOPT']) {
    assert.equal(broadwell.has(vm), true, `intel-broadwell lacks VMware ${vm}`);
  }
});

// ---------------------------------------------------------------------------
// Real-dump cross-check
// ---------------------------------------------------------------------------

type DumpRegisters = Map<string, [number, number, number, number]>;

/**
 * Registers of the first logical CPU of an InstLatx64-style dump:
 * `CPUID <leaf>: EAX-EBX-ECX-EDX [SL nn]`. The block ends at the second leaf-0
 * line. Without a `[SL nn]` marker only the first line of a leaf is taken (as
 * subleaf 0): repeated unmarked lines of a leaf cannot be told apart.
 */
function parseDump(text: string): DumpRegisters {
  const regs: DumpRegisters = new Map();
  let leafZeroSeen = 0;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*CPUID ([0-9A-Fa-f]{8}):\s*([0-9A-Fa-f]{8})-([0-9A-Fa-f]{8})-([0-9A-Fa-f]{8})-([0-9A-Fa-f]{8})(.*)$/.exec(line);
    if (!m) continue;
    const leaf = parseInt(m[1]!, 16) >>> 0;
    if (leaf === 0 && ++leafZeroSeen > 1) break;
    const sl = /\[SL ([0-9A-Fa-f]+)\]/.exec(m[6]!);
    const subleaf = sl ? parseInt(sl[1]!, 16) : 0;
    const key = `${leaf}.${subleaf}`;
    if (regs.has(key)) continue;
    regs.set(key, [parseInt(m[2]!, 16), parseInt(m[3]!, 16), parseInt(m[4]!, 16), parseInt(m[5]!, 16)]);
  }
  return regs;
}

const REG_INDEX: Readonly<Record<CpuidRegister, number>> = { eax: 0, ebx: 1, ecx: 2, edx: 3 };

/** Canonical names of the catalogued single-bit features set in the dump. */
function dumpFeatures(regs: DumpRegisters): Set<string> {
  const out = new Set<string>();
  for (const e of allFeatures()) {
    if (e.isField) continue;
    const r = regs.get(`${e.leaf >>> 0}.${e.subleaf ?? 0}`);
    if (r !== undefined && ((r[REG_INDEX[e.register]]! >>> e.lo) & 1) === 1) out.add(e.name);
  }
  return out;
}

/** Each dump, its own generation's baseline (must be a subset) and the next mode (must not be). */
const DUMP_CHECKS: readonly { file: string; cpu: string; own: string; next: string }[] = [
  { file: 'GenuineIntel00006F4_Woodcrest_CPUID.txt', cpu: 'Xeon 5140 (Woodcrest)', own: 'intel-merom', next: 'intel-penryn' },
  { file: 'GenuineIntel00106A2_Nehalem-EP_CPUID.txt', cpu: 'Xeon X5550 (Nehalem-EP)', own: 'intel-nehalem', next: 'intel-westmere' },
  { file: 'GenuineIntel00206D5_SandyBridgeEP_CPUID.txt', cpu: 'Sandy Bridge-EP', own: 'intel-sandybridge', next: 'intel-ivybridge' },
  { file: 'GenuineIntel00306F2_HaswellEP_00_CPUID.txt', cpu: 'Xeon E5-2630 v3 (Haswell-EP)', own: 'intel-haswell', next: 'intel-broadwell' },
  { file: 'GenuineIntel0050654_SkylakeXeon_CPUID.txt', cpu: 'Xeon Gold 6154 (Skylake-SP)', own: 'intel-skylake', next: 'intel-cascadelake' },
  { file: 'AuthenticAMD0600F12_Interlagos_CPUID.txt', cpu: 'Opteron 6274 (Interlagos)', own: 'amd-bulldozer', next: 'amd-piledriver' },
  { file: 'AuthenticAMD0800F12_K17_Zen_CPUID.txt', cpu: 'EPYC 7551P (Zen)', own: 'amd-zen', next: 'amd-zen2' },
  { file: 'AuthenticAMD0A00F11_K19_Milan_02_CPUID.txt', cpu: 'EPYC 7763 (Milan)', own: 'amd-zen3', next: 'amd-zen4' },
];

const dumpsAvailable = fs.existsSync(dumpsDir);

test('dump parser: leaf 1 and marked subleaves of the first logical CPU', { skip: !dumpsAvailable && 'no cpuid-dumps folder' }, () => {
  const regs = parseDump(fs.readFileSync(path.join(dumpsDir, 'GenuineIntel00006F4_Woodcrest_CPUID.txt'), 'utf8'));
  const leaf1 = regs.get('1.0');
  assert.ok(leaf1);
  assert.equal(leaf1[0] >>> 0, 0x6f4); // family 6, model 0xF, stepping 4
  const skx = parseDump(fs.readFileSync(path.join(dumpsDir, 'GenuineIntel0050654_SkylakeXeon_CPUID.txt'), 'utf8'));
  assert.equal((skx.get('13.1')?.[0] ?? 0) & 0xf, 0xf); // XSAVEOPT/XSAVEC/XGETBV1/XSAVES
  assert.ok(dumpFeatures(skx).has('avx512f'));
});

for (const c of DUMP_CHECKS) {
  test(`dump ${c.cpu} has every feature of ${c.own}, and lacks some of ${c.next}`, { skip: !dumpsAvailable && 'no cpuid-dumps folder' }, () => {
    const file = path.join(dumpsDir, c.file);
    if (!fs.existsSync(file)) return;
    const has = dumpFeatures(parseDump(fs.readFileSync(file, 'utf8')));
    const missing = [...features(c.own)].filter((f) => !has.has(f));
    assert.deepEqual(missing, [], `${c.cpu} lacks features of ${c.own}`);
    const nextOnly = [...features(c.next)].filter((f) => !features(c.own).has(f));
    assert.ok(nextOnly.some((f) => !has.has(f)), `${c.cpu} already has everything ${c.next} adds`);
  });
}

test('dumps: older generations lack the newer baselines (Nehalem-EP has no AVX/AVX2/AES)', { skip: !dumpsAvailable && 'no cpuid-dumps folder' }, () => {
  const nehalem = dumpFeatures(parseDump(fs.readFileSync(path.join(dumpsDir, 'GenuineIntel00106A2_Nehalem-EP_CPUID.txt'), 'utf8')));
  for (const f of ['aes', 'avx', 'avx2', 'fma', 'movbe', 'bmi1', 'xsave']) assert.equal(nehalem.has(f), false, f);
  const interlagos = dumpFeatures(parseDump(fs.readFileSync(path.join(dumpsDir, 'AuthenticAMD0600F12_Interlagos_CPUID.txt'), 'utf8')));
  for (const f of ['avx2', 'bmi1', 'fma', 'sha_ni', '3dnow']) assert.equal(interlagos.has(f), false, f);
  const zen = dumpFeatures(parseDump(fs.readFileSync(path.join(dumpsDir, 'AuthenticAMD0800F12_K17_Zen_CPUID.txt'), 'utf8')));
  for (const f of ['xop', 'fma4', 'tbm']) assert.equal(zen.has(f), false, `Zen has ${f}`);
});
