// Deterministic generators for the benchmark: realistic .vmx files, the
// equivalent JSON(C) document with a JSON Schema (for the
// vscode-json-languageservice peer), and long-line inputs for the linearity test.
//
// Mix of a generated .vmx (per 100 lines, roughly): 20 cpuid.* lines (register
// masks incl. subleaf keys and .amd variants, a few named cpuid settings),
// 4 featMask lines, 8 comment/blank lines, the rest device and VM keys
// (ethernetN.*, scsiX:Y.*, sataX:Y.*, nvmeX:Y.*, usb, sound, ...). About 1 % of
// the lines carry a deliberate problem (typographic quotes, non-canonical key
// spelling, unknown featMask name, invalid flag character, duplicate key),
// as copied-from-the-web files do.

/** Small fast PRNG (mulberry32), so every run generates the same files. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGS = ['eax', 'ebx', 'ecx', 'edx'];
/** Leaves users really mask, then subleaf-indexed leaves to make many distinct keys. */
const COMMON_MASK_KEYS = [
  'cpuid.0.eax', 'cpuid.1.eax', 'cpuid.1.ebx', 'cpuid.1.ecx', 'cpuid.1.edx', 'cpuid.1.ecx.amd', 'cpuid.1.edx.amd',
  'cpuid.6.eax', 'cpuid.6.ecx', 'cpuid.7.0.ebx', 'cpuid.7.0.ecx', 'cpuid.7.0.edx', 'cpuid.7.1.eax', 'cpuid.7.ebx',
  'cpuid.d.1.eax', 'cpuid.14.0.ebx', 'cpuid.80000001.ecx', 'cpuid.80000001.edx', 'cpuid.80000001.ecx.amd',
  'cpuid.80000001.edx.amd', 'cpuid.80000007.edx', 'cpuid.80000008.ebx', 'cpuid.80000008.ebx.amd', 'cpuid.8000001f.eax.amd',
];
const SUBLEAF_LEAVES = ['4', 'b', 'd', 'f', '10', '12', '14', '18', '1f', '8000001d'];
const NAMED_CPUID = [
  ['cpuid.coresPerSocket', (r) => String(2 ** Math.floor(r() * 4))],
  ['cpuid.brandString', () => 'Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz'],
];
const FEATMASK_NAMES = ['AVX', 'AVX2', 'AES', 'PCLMULQDQ', 'SSE41', 'SSE42', 'POPCNT', 'RDRAND', 'RDSEED', 'FMA', 'BMI1', 'BMI2',
  'MOVBE', 'F16C', 'XSAVE', 'LZCNT', 'ADX', 'SMAP', 'SMEP', 'ERMS', 'INVPCID', 'PDPE1GB', 'RDTSCP', 'LM', 'NX', 'SSE3', 'SSSE3'];
const FLAG_WEIGHTS = [['-', 0.94], ['0', 0.035], ['1', 0.01], ['H', 0.01], ['R', 0.003], ['h', 0.001], ['x', 0.001]];

function flagChar(r) {
  let u = r();
  for (const [c, w] of FLAG_WEIGHTS) if ((u -= w) < 0) return c;
  return '-';
}

export function maskValue(r) {
  const groups = [];
  for (let g = 0; g < 8; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += flagChar(r);
    groups.push(s);
  }
  return groups.join(':');
}

/** An endless sequence of distinct mask keys: the common ones first, then subleaf keys. */
function* maskKeys() {
  yield* COMMON_MASK_KEYS;
  for (let sub = 0; ; sub++) {
    for (const leaf of SUBLEAF_LEAVES) {
      for (const reg of REGS) {
        yield `cpuid.${leaf}.${sub.toString(16)}.${reg}`;
        if (leaf.startsWith('8')) yield `cpuid.${leaf}.${sub.toString(16)}.${reg}.amd`;
      }
    }
  }
}

/** Device and VM keys, as a real .vmx groups them (key prefix runs). */
function* deviceLines(r) {
  yield ['.encoding', 'UTF-8'];
  yield ['config.version', '8'];
  yield ['virtualHW.version', '19'];
  yield ['displayName', 'bench-vm-01'];
  yield ['guestOS', 'windows2019srv-64'];
  yield ['numvcpus', '8'];
  yield ['memsize', '32768'];
  yield ['vhv.enable', 'TRUE'];
  yield ['hypervisor.cpuid.v0', 'FALSE'];
  yield ['monitor_control.restrict_backdoor', 'TRUE'];
  for (let n = 0; ; n++) {
    const nics = ['present', 'virtualDev', 'networkName', 'addressType', 'generatedAddress', 'pciSlotNumber', 'connectionType', 'startConnected', 'wakeOnPcktRcv', 'uptCompatibility'];
    const nicVals = ['TRUE', 'vmxnet3', `VM Network ${n}`, 'generated', `00:0c:29:${(n % 256).toString(16).padStart(2, '0')}:1a:2b`, String(160 + n), 'bridged', 'TRUE', 'FALSE', 'TRUE'];
    for (let i = 0; i < nics.length; i++) yield [`ethernet${n}.${nics[i]}`, nicVals[i]];
    for (let t = 0; t < 4; t++) {
      yield [`scsi${n}:${t}.present`, 'TRUE'];
      yield [`scsi${n}:${t}.fileName`, `bench-vm-01_${n}_${t}.vmdk`];
      yield [`scsi${n}:${t}.deviceType`, 'scsi-hardDisk'];
      yield [`scsi${n}:${t}.redo`, ''];
    }
    yield [`scsi${n}.present`, 'TRUE'];
    yield [`scsi${n}.virtualDev`, r() < 0.5 ? 'pvscsi' : 'lsisas1068'];
    yield [`sata${n}:0.present`, 'TRUE'];
    yield [`sata${n}:0.deviceType`, 'cdrom-image'];
    yield [`sata${n}:0.fileName`, `/vmfs/volumes/datastore1/iso/install-${n}.iso`];
    yield [`nvme${n}:0.present`, 'TRUE'];
    yield [`nvme${n}:0.fileName`, `bench-vm-01_nvme${n}.vmdk`];
    yield [`usb_xhci${n}.present`, 'TRUE'];
    yield [`sound${n}.present`, 'FALSE'];
    yield [`serial${n}.fileType`, 'network'];
    yield [`serial${n}.fileName`, `telnet://0.0.0.0:${7000 + n}`];
    yield [`guestinfo.bench.key${n}`, `value with spaces and a | pipe ${n}`];
    yield [`sched.cpu.affinity${n}`, 'all'];
    yield [`pciPassthru${n}.present`, 'FALSE'];
  }
}

const COMMENTS = [
  '# Masks below hide features the target hosts lack (see change 4711).',
  '# Nested virtualization for the lab hosts.',
  '# ---- storage ----',
  '# Do not edit by hand while the VM is running.',
];

/**
 * A realistic .vmx of `lineCount` lines. Returns { text, entries } where entries
 * are the [key, value, comment?] pairs in order (for the JSON peer) and
 * maskLines the 0-based line numbers of register masks (for hovers and edits).
 */
export function generateVmx(lineCount, seed = 1) {
  const r = rng(seed);
  const keys = maskKeys();
  const devices = deviceLines(r);
  const lines = [];
  const entries = [];
  const maskLines = [];
  let named = 0;
  let featIndex = 0;
  const usedMaskKeys = [];
  while (lines.length < lineCount) {
    const u = r();
    const problem = lines.length >= 10 && r() < 0.01;
    if (lines.length < 10 || u >= 0.32) {
      // Device / VM key (68 %).
      const [key, value] = devices.next().value;
      const quote = problem ? ['\u201d', '\u201d'] : ['"', '"'];
      lines.push(`${key} = ${quote[0]}${value}${quote[1]}`);
      entries.push([key, value]);
    } else if (u < 0.2 && !(u >= 0.185 && named < NAMED_CPUID.length)) {
      // Register mask (about 20 %; named cpuid settings appear once each).
      let key = keys.next().value;
      usedMaskKeys.push(key);
      let value = maskValue(r);
      if (problem) {
        const kind = Math.floor(r() * 3);
        if (kind === 0) key = key.replace('cpuid.', 'CPUID.');
        else if (kind === 1) value = value.slice(0, 10) + 'Q' + value.slice(11);
        else key = usedMaskKeys[Math.floor(r() * usedMaskKeys.length)]; // duplicate
      }
      maskLines.push(lines.length);
      const trailing = r() < 0.05 ? '   # hide from guest' : '';
      lines.push(`${key} = "${value}"${trailing}`);
      entries.push([key, value]);
    } else if (u < 0.2) {
      // Named cpuid setting.
      const [key, make] = NAMED_CPUID[named++ % NAMED_CPUID.length];
      const val = make(r);
      lines.push(`${key} = "${val}"`);
      entries.push([key, val]);
    } else if (u < 0.24) {
      // featMask (4 %).
      const i = featIndex++;
      const name = FEATMASK_NAMES[i % FEATMASK_NAMES.length];
      const key = problem ? `featMask.vm.cpuid.NOT_A_FEATURE_${i}` : i < FEATMASK_NAMES.length ? `featMask.vm.cpuid.${name}` : `featMask.evc.cpuid.${name}_${i}`;
      const value = ['Val:1', 'Min:1', 'Max:0', 'Val:0'][i % 4];
      lines.push(`${key} = "${value}"`);
      entries.push([key, value]);
    } else {
      // Comment or blank (8 %).
      const c = u < 0.3 ? COMMENTS[Math.floor(r() * COMMENTS.length)] : '';
      lines.push(c);
      if (c) entries.push([null, c]);
    }
  }
  return { text: lines.join('\n') + '\n', lineCount: lines.length, entries, maskLines };
}

/**
 * The equivalent JSONC document: one object, same keys and values in the same
 * order, the comments as // comments. (Duplicate keys stay duplicate: the JSON
 * service reports them as the vmx analysis does.)
 */
export function toJsonc(entries) {
  const out = ['{'];
  const n = entries.length;
  for (let i = 0; i < n; i++) {
    const [key, value] = entries[i];
    if (key === null) {
      out.push(`  //${value.slice(1)}`);
      continue;
    }
    out.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  }
  // Drop the trailing comma of the last property.
  for (let i = out.length - 1; i > 0; i--) {
    if (out[i].endsWith(',')) {
      out[i] = out[i].slice(0, -1);
      break;
    }
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** A JSON Schema of comparable strictness: mask values, featMask values, booleans, known device keys. */
export function jsonSchema() {
  const flag = '[-01HhRxXTF]';
  const group = `${flag}{4}`;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      '.encoding': { type: 'string', enum: ['UTF-8', 'windows-1252', 'Shift_JIS', 'GBK', 'Big5'] },
      'config.version': { type: 'string', pattern: '^[0-9]+$' },
      'virtualHW.version': { type: 'string', pattern: '^[0-9]+$' },
      'displayName': { type: 'string' },
      'guestOS': { type: 'string', minLength: 1 },
      'numvcpus': { type: 'string', pattern: '^[0-9]+$' },
      'memsize': { type: 'string', pattern: '^[0-9]+$' },
      'cpuid.coresPerSocket': { type: 'string', pattern: '^[0-9]+$' },
      'cpuid.brandString': { type: 'string', maxLength: 48 },
    },
    patternProperties: {
      '^cpuid\\.[0-9a-f]{1,8}(\\.[0-9a-f]{1,8})?\\.e[abcd]x(\\.amd)?$': {
        type: 'string',
        pattern: `^${group}(:${group}){7}$`,
        description: 'CPUID register mask: 32 flags, high bit first',
      },
      '^featMask\\.(vm|evc)\\.cpuid\\.[A-Za-z0-9_]+$': { type: 'string', pattern: '^(Val|Min|Max):(0x[0-9a-fA-F]+|[0-9]+)$' },
      '\\.present$': { type: 'string', enum: ['TRUE', 'FALSE', 'true', 'false'] },
      '\\.(startConnected|wakeOnPcktRcv|uptCompatibility|enable|v0|restrict_backdoor)$': { type: 'string', enum: ['TRUE', 'FALSE', 'true', 'false'] },
      '^ethernet[0-9]+\\.virtualDev$': { type: 'string', enum: ['vmxnet3', 'e1000', 'e1000e', 'vlance'] },
      '^scsi[0-9]+\\.virtualDev$': { type: 'string', enum: ['pvscsi', 'lsisas1068', 'lsilogic', 'buslogic'] },
      '^ethernet[0-9]+\\.generatedAddress$': { type: 'string', pattern: '^([0-9a-f]{2}:){5}[0-9a-f]{2}$' },
    },
    additionalProperties: { type: 'string' },
  };
}

/**
 * Linearity inputs: one line of about `total` characters vs ten lines of
 * `total / 10` characters, for several line kinds (where the cost per
 * character could differ). Each returns the full document text.
 */
export function longLineCases(total) {
  const tenth = Math.floor(total / 10);
  const repeat = (unit, len) => unit.repeat(Math.ceil(len / unit.length)).slice(0, len);
  const mk = (one, ten) => ({ one, ten });
  return {
    'quoted value': mk(
      `guestinfo.blob = "${repeat('abcdefghij klmnop ', total)}"\n`,
      Array.from({ length: 10 }, (_, i) => `guestinfo.blob${i} = "${repeat('abcdefghij klmnop ', tenth)}"`).join('\n') + '\n',
    ),
    'cpuid mask value': mk(
      `cpuid.1.ecx = "${repeat('----:', total)}"\n`,
      Array.from({ length: 10 }, (_, i) => `cpuid.${(i + 1).toString(16)}.ecx = "${repeat('----:', tenth)}"`).join('\n') + '\n',
    ),
    'value with |XX escapes': mk(
      `guestinfo.esc = "${repeat('a|22b|7Cc ', total)}"\n`,
      Array.from({ length: 10 }, (_, i) => `guestinfo.esc${i} = "${repeat('a|22b|7Cc ', tenth)}"`).join('\n') + '\n',
    ),
    'typographic quotes': mk(
      `guestinfo.typo = \u201c${repeat('\u2014text\u2019s ', total)}\u201d\n`,
      Array.from({ length: 10 }, (_, i) => `guestinfo.typo${i} = \u201c${repeat('\u2014text\u2019s ', tenth)}\u201d`).join('\n') + '\n',
    ),
    'comment': mk(`# ${repeat('comment text ', total)}\n`, Array.from({ length: 10 }, () => `# ${repeat('comment text ', tenth)}`).join('\n') + '\n'),
    'malformed (no =)': mk(`${repeat('garbage', total)}\n`, Array.from({ length: 10 }, () => repeat('garbage', tenth)).join('\n') + '\n'),
    'long key': mk(`${repeat('k.', total)} = "x"\n`, Array.from({ length: 10 }, (_, i) => `${repeat('k.', tenth)}${i} = "x"`).join('\n') + '\n'),
  };
}
