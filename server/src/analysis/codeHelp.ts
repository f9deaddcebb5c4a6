/**
 * Help for every diagnostic code: what SARIF rules (and any other rule
 * browser) show — a name, a full description, an example and the fix, and
 * the section of docs/DIAGNOSTICS.md that explains it. Severity and the
 * one-line summary stay in codes.ts (the single registry); this file only
 * adds words. A unit test keeps it complete.
 *
 * Pure module.
 */
import { codeInfo, DIAGNOSTIC_CODES, DiagnosticCode } from './codes';

export const DIAGNOSTICS_DOC_URL = 'https://github.com/vmx-cpuid/vmx-cpuid/blob/main/docs/DIAGNOSTICS.md';

/** GitHub anchors of the sections of docs/DIAGNOSTICS.md that group the codes. */
export const DIAGNOSTICS_SECTIONS = {
  syntax: 'file-syntax',
  masks: 'cpuid-masks-and-featmask-lines',
  compat: 'power-on-and-vmotion-need-a-source-and-targets',
} as const;

export interface CodeHelp {
  /** PascalCase rule name (SARIF reportingDescriptor.name). */
  readonly name: string;
  /** What the check finds and why it matters, in a few sentences. */
  readonly description: string;
  /** A line that triggers it, as it would appear in a .vmx (or in the configuration). */
  readonly example: string;
  /** What the message says for the example (shortened). */
  readonly exampleMessage: string;
  /** How to fix it. */
  readonly fix: string;
  /** The line after the fix, when one line shows it. */
  readonly fixed?: string;
  readonly section: keyof typeof DIAGNOSTICS_SECTIONS;
}

export const CODE_HELP: Readonly<Record<DiagnosticCode, CodeHelp>> = {
  'malformed-line': {
    name: 'MalformedLine',
    description: 'A line that is neither `name = "value"` nor a comment. VMware keeps such a line in the file and ignores it, so the setting silently does nothing.',
    example: 'monitor_control.restrict_backdoor "TRUE"',
    exampleMessage: 'Missing "=" after "monitor_control.restrict_backdoor": `"TRUE"` follows; a setting is written name = "value". VMware keeps this line but ignores it.',
    fix: 'Write the line as `name = "value"`.',
    fixed: 'monitor_control.restrict_backdoor = "TRUE"',
    section: 'syntax',
  },
  'template-syntax': {
    name: 'TemplateSyntax',
    description: 'Jinja statements, or a line that only parses once its `{{ placeholders }}` are filled in. VMware cannot read the file until the template is rendered.',
    example: "{% if AMD == '1' %}",
    exampleMessage: 'Template syntax: VMware cannot read this line until the template is rendered',
    fix: 'Render the template and check the rendered .vmx.',
    section: 'syntax',
  },
  'problems-capped': {
    name: 'ProblemsCapped',
    description: 'A very large file has more problems than the editor shows: the first ones are shown, errors before warnings, information and hints, and this note on the first line says how many are left out. The CLI (`vmx-cpuid check`) and SARIF output list them all.',
    example: 'numvcpus = "2"   (repeated 5,000 times)',
    exampleMessage: 'Only 1,000 of the 4,999 problems of this file are shown (errors first). Run vmx-cpuid check on the file to list them all.',
    fix: 'Fix the problems shown (they are re-checked as you type), or list them all with the CLI.',
    section: 'syntax',
  },
  'template-placeholder': {
    name: 'TemplatePlaceholder',
    description: 'A value that is a template placeholder. It is not checked until the template is rendered.',
    example: 'numvcpus = "{{CORES}}"',
    exampleMessage: 'The value of numvcpus is a template placeholder ({{CORES}}): it is filled in when the template is rendered, and is not checked until then',
    fix: 'Nothing to fix in the template; check the rendered file.',
    section: 'syntax',
  },
  'duplicate-key': {
    name: 'DuplicateKey',
    description: 'A key set twice (keys ignore case). The VMware Unlocker wiki reports that VMware refuses to start such a VM with a dictionary error. Related locations point at the other occurrences. In templates this is a warning.',
    example: 'numvcpus = "2"\n…\nnumvcpus = "4"',
    exampleMessage: 'Duplicate key "numvcpus": already set on line 6',
    fix: 'Delete one of the lines (quick fix: *Delete line N*).',
    section: 'syntax',
  },
  'typographic-quote': {
    name: 'TypographicQuote',
    description: 'Curly quotes pasted from a word processor or web page. VMware reads them as part of the value, so the mask or setting is wrong.',
    example: 'cpuid.1.ecx = ”----:----:----:----:----:----:----:----”',
    exampleMessage: 'Typographic quote ” where VMware needs "',
    fix: 'Replace them with the ASCII quote `"` (safe quick fix).',
    fixed: 'cpuid.1.ecx = "----:----:----:----:----:----:----:----"',
    section: 'syntax',
  },
  'typographic-dash': {
    name: 'TypographicDash',
    description: 'A typographic dash (— – −) in a `cpuid.*` or `featMask.*` value, where VMware needs the ASCII hyphen `-`. Word processors turn `--` into `—`.',
    example: 'cpuid.1.ecx = "——:——:—-0:——:——:——:——:——"',
    exampleMessage: 'Typographic dash — in a CPUID mask',
    fix: 'Use ASCII hyphens; when each dash evidently stood for an auto-corrected `--` (that makes 32 flags), two (safe quick fix).',
    section: 'syntax',
  },
  'unknown-encoding': {
    name: 'UnknownEncoding',
    description: 'The `.encoding` declaration names an encoding that is not known, so the file cannot be decoded as declared.',
    example: '.encoding = "latin-42"',
    exampleMessage: 'Unknown encoding "latin-42" in .encoding: use a name such as "UTF-8", "windows-1252" …',
    fix: 'Use a known name: `UTF-8`, `windows-1252`, `windows-1251`, `GBK`, `Shift_JIS` …',
    fixed: '.encoding = "windows-1252"',
    section: 'syntax',
  },
  'invalid-bytes': {
    name: 'InvalidBytes',
    description: 'Bytes that are not valid in the declared encoding, at their column (reported by the CLI; the editor decodes the file itself).',
    example: '.encoding = "UTF-8"\ndisplayName = "Caf\\xE9"   # 0xE9 is a windows-1252 byte',
    exampleMessage: 'Bytes that are not valid UTF-8 here (shown as \uFFFD)',
    fix: 'Declare the encoding the file really uses, or re-save it in the declared one.',
    section: 'syntax',
  },
  'encoding-mismatch': {
    name: 'EncodingMismatch',
    description: 'VS Code opened the file with another encoding than its `.encoding` declaration (VS Code only).',
    example: '.encoding = "windows-1252"   # VS Code opened the file as UTF-8',
    exampleMessage: 'The file declares windows-1252 but is open as UTF-8',
    fix: 'Run the command "VMX CPUID: Reopen with Declared Encoding".',
    section: 'syntax',
  },
  'mask-key-spelling': {
    name: 'MaskKeySpelling',
    description: 'A CPUID mask key not spelled as VMware writes it: VMware formats keys as `cpuid.%x.%s` (lower-case hex, no `0x`, no zero padding, lower-case register).',
    example: 'cpuid.0x1.ecx = "----:----:----:----:----:----:----:----"',
    exampleMessage: "cpuid.0x1.ecx is not spelled the way VMware writes mask keys (leaf written with a 0x prefix); VMware's spelling is cpuid.1.ecx",
    fix: 'Rename the key to VMware\'s spelling (safe quick fix).',
    fixed: 'cpuid.1.ecx = "----:----:----:----:----:----:----:----"',
    section: 'masks',
  },
  'mask-key-invalid': {
    name: 'MaskKeyInvalid',
    description: 'A `cpuid.*` key that looks like a register mask but that VMware cannot read as one (a colon instead of a dot, a named bit after the register, too many numbers).',
    example: 'cpuid.8000000A:eax = "hhhh:hhhh:hhhh:hhhh:hhhh:hhhh:hhhh:hhhh"',
    exampleMessage: 'VMware cannot read cpuid.8000000A:eax as a CPUID mask: a ":" separates the register; mask keys use dots, as in cpuid.8000000a.eax',
    fix: 'Write `cpuid.<leaf>[.<subleaf>].<register>[.amd]`.',
    fixed: 'cpuid.8000000a.eax = "hhhh:hhhh:hhhh:hhhh:hhhh:hhhh:hhhh:hhhh"',
    section: 'masks',
  },
  'mask-register-twice': {
    name: 'MaskRegisterTwice',
    description: 'One register masked under two spellings, such as `cpuid.1.ecx` and `cpuid.1.0.ecx`: only one of them takes effect.',
    example: 'cpuid.1.ecx = "----:----:----:----:----:----:----:----"\ncpuid.1.0.ecx = "---0:----:----:----:----:----:----:----"',
    exampleMessage: 'cpuid.1.0.ecx and cpuid.1.ecx (line 1) name the same register (a missing subleaf means subleaf 0); which one VMware applies is not documented — keep one',
    fix: 'Merge the flags into one line and delete the other.',
    section: 'masks',
  },
  'mask-length': {
    name: 'MaskLength',
    description: 'A mask value that is not exactly 32 flags. Hexadecimal values (`0x078BFBFF`) are reported here too: VMware masks are flag strings, not numbers.',
    example: 'cpuid.1.ecx = "00000001"',
    exampleMessage: 'cpuid.1.ecx has 8 flags, but a mask needs exactly 32 (one per bit, bit 31 first) or nothing at all',
    fix: 'Write 32 flags, bit 31 first, in groups of four.',
    fixed: 'cpuid.1.ecx = "----:----:----:----:----:----:----:---1"',
    section: 'masks',
  },
  'mask-invalid-flag': {
    name: 'MaskInvalidFlag',
    description: 'A character in a mask that is not a flag of the legend (`- 0 1 H h R x X T F`), at its exact column. Lower-case `r` is undocumented; Markdown backslashes (`\\----`) are offered a fix that removes them.',
    example: 'cpuid.1.ecx = "----:----:Z---:----:----:----:----:----"',
    exampleMessage: '"Z" in cpuid.1.ecx (column 26) is not a mask flag: use - (default), 0, 1 (force), H or h (host value) …',
    fix: 'Use a flag of the legend: `-` default, `0`/`1` force, `H`/`h` host value.',
    section: 'masks',
  },
  'mask-requirement-flag': {
    name: 'MaskRequirementFlag',
    description: 'A vCenter requirement character (`R x X T F`) in a `.vmx` mask, where VMware does not document its effect.',
    example: 'cpuid.1.ecx = "----:----:----:----:----:----:--T-:----"',
    exampleMessage: '"T" (required to be 1) in cpuid.1.ecx: VMware documents it for vCenter requirement strings and guest-OS defaults, not for masks written in a .vmx …',
    fix: 'Use `-`, `0`, `1`, `H` or `h`, or a `featMask.vm.cpuid.<NAME> = "Min:1"` line for a requirement.',
    section: 'masks',
  },
  'mask-format': {
    name: 'MaskFormat',
    description: 'A valid mask that is not written as eight colon-separated groups of four flags, which makes bits hard to count.',
    example: 'cpuid.80000001.edx = "---- ---- ---H ---- ---- ---- ---- ----"',
    exampleMessage: 'cpuid.80000001.edx: VMware writes masks as eight groups of four flags separated by ":"',
    fix: 'Regroup, keeping every flag (safe quick fix).',
    fixed: 'cpuid.80000001.edx = "----:----:---H:----:----:----:----:----"',
    section: 'masks',
  },
  'featmask-value': {
    name: 'FeatMaskValue',
    description: 'A `featMask` value that is not `Val:n`, `Min:n` or `Max:n`.',
    example: 'featMask.vm.cpuid.AVX = "On"',
    exampleMessage: 'featMask.vm.cpuid.AVX: "On" has no operation: write "Val:<n>", "Min:<n>" or "Max:<n>"',
    fix: 'Write `Val:0`/`Val:1` to set the feature, `Min:1` to require it, `Max:0` to cap it.',
    fixed: 'featMask.vm.cpuid.AVX = "Val:1"',
    section: 'masks',
  },
  'featmask-unknown-name': {
    name: 'FeatMaskUnknownName',
    description: 'A `featMask` feature name that is not in VMware\'s feature vocabulary (with suggestions).',
    example: 'featMask.vm.cpuid.AVX3 = "Val:0"',
    exampleMessage: '"AVX3" is not a VMware CPU feature name; did you mean AVX, AVX2, ADX?',
    fix: 'Rename to a known name (quick fix offers the nearest ones).',
    fixed: 'featMask.vm.cpuid.AVX2 = "Val:0"',
    section: 'masks',
  },
  'featurecompat-enable': {
    name: 'FeatureCompatEnable',
    description: '`featureCompat.enable` with `virtualHW.version` 9 or later, where VMware rejects it ("featureCompat.enable is not allowed for HWversion … 9").',
    example: 'virtualHW.version = "19"\nfeatureCompat.enable = "FALSE"',
    exampleMessage: 'featureCompat.enable is not allowed for virtual hardware version 9 or later (this VM has 19) …',
    fix: 'Delete the line; use `featMask.vm.cpuid.*` lines on modern hardware versions.',
    section: 'masks',
  },
  'config-problem': {
    name: 'ConfigProblem',
    description: 'The configuration (`.vmx-cpuid.json` or the `vmxCpuid.*` settings) names a profile that cannot be loaded, or has a wrong field; the message names the file and field.',
    example: '{ "source": "intel-haswel" }',
    exampleMessage: '.vmx-cpuid.json: source "intel-haswel": not a built-in profile name and no file …/intel-haswel (built-ins: vmx-cpuid profile list)',
    fix: 'Name a built-in profile (`vmx-cpuid profile list`) or an existing profile file.',
    fixed: '{ "source": "intel-haswell" }',
    section: 'compat',
  },
  'mask-featmask-conflict': {
    name: 'MaskFeatMaskConflict',
    description: 'A `featMask` line and a `cpuid` mask ask for different values of the same feature bit.',
    example: 'featMask.vm.cpuid.AVX = "Val:1"\ncpuid.1.ecx = "---0:----:----:----:----:----:----:----"',
    exampleMessage: 'featMask.vm.cpuid.AVX = "Val:1" asks for "1" on AVX, but cpuid.1.ecx bit 28 is "0": which one VMware applies is not documented — make them agree',
    fix: 'Keep one of the two for the feature and delete the other.',
    section: 'masks',
  },
  'power-on-forced-missing': {
    name: 'PowerOnForcedMissing',
    description: 'A feature forced to 1 that the source host lacks: the guest believes it has the feature and may fault when it uses it.',
    example: 'cpuid.1.ecx = "---1:----:----:----:----:----:----:----"   # source: intel-westmere',
    exampleMessage: 'cpuid.1.ecx bit 28 (AVX) is forced to 1, but source intel-westmere lacks AVX: the guest may fault when it uses it (VMware still powers the VM on)',
    fix: 'Drop the forced 1 (set the flag to `-`).',
    fixed: 'cpuid.1.ecx = "----:----:----:----:----:----:----:----"',
    section: 'compat',
  },
  'power-on-requirement': {
    name: 'PowerOnRequirement',
    description: 'A `T`/`F` flag or a `featMask … "Min:1"` line that the source host does not meet: the VM does not power on there.',
    example: 'featMask.vm.cpuid.AVX2 = "Min:1"   # source: intel-sandybridge',
    exampleMessage: 'featMask.vm.cpuid.AVX2 requires AVX2, but source intel-sandybridge lacks it',
    fix: 'Drop the requirement, or power the VM on on a host that meets it.',
    section: 'compat',
  },
  'vmotion-target-lacks': {
    name: 'VmotionTargetLacks',
    description: 'The guest sees a feature that a target host lacks, so the VM cannot move there. For bits no mask mentions, one diagnostic per target at the top of the file lists every feature.',
    example: 'cpuid.1.ecx = "---1:----:----:----:----:----:----:----"   # target: intel-westmere',
    exampleMessage: 'cpuid.1.ecx bit 28 (AVX) is forced to 1, but target intel-westmere lacks AVX: the VM cannot move there',
    fix: 'Hide the bit (flag `0`), reset it to default, or apply *Make compatible with <target>* / *with all targets*, which edits or inserts mask lines.',
    fixed: 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"',
    section: 'compat',
  },
  'vmotion-must-match': {
    name: 'VmotionMustMatch',
    description: 'An `H` or `R` bit whose value differs between source and target: the vSphere API requires them to be equal for vMotion.',
    example: 'cpuid.80000001.edx = "----:----:---H:----:----:----:----:----"   # NX differs between source and target',
    exampleMessage: 'cpuid.80000001.edx bit 20 (NX) is H, but source and target differ',
    fix: 'Hide the bit (flag `0`), or use hosts that agree.',
    fixed: 'cpuid.80000001.edx = "----:----:---0:----:----:----:----:----"',
    section: 'compat',
  },
  'vmotion-no-evc-mismatch': {
    name: 'VmotionNoEvcMismatch',
    description: 'Without EVC, a user-level feature (SSE3, SSSE3, SSE4.1, SSE4.2, AES …) that only one of the two hosts has blocks vMotion, whether or not the VM uses it (vSphere docs).',
    example: '# no mask for SSE4.1; source has it, target lacks it, EVC off',
    exampleMessage: 'without EVC, SSE41 must match: source has it, target lacks it',
    fix: 'Hide it when only the source has it; otherwise enable EVC.',
    fixed: 'cpuid.1.ecx = "----:----:----:0---:----:----:----:----"',
    section: 'compat',
  },
  'vmotion-vendor-mismatch': {
    name: 'VmotionVendorMismatch',
    description: 'The source and a target host have CPUs of different vendors (Intel and AMD). vMotion never moves a running VM across vendors; masks cannot change that.',
    example: '.vmx-cpuid.json: { "source": "intel-haswell", "targets": ["amd-zen3"] }',
    exampleMessage: 'Source intel-haswell is Intel and target amd-zen3 is AMD: vMotion never moves a running VM between CPU vendors',
    fix: 'Choose targets of the same vendor, or move the VM powered off (cold migration).',
    section: 'compat',
  },
  'vmotion-requirement': {
    name: 'VmotionRequirement',
    description: 'A `T`/`F` requirement that a target host does not meet.',
    example: 'featMask.vm.cpuid.AVX2 = "Min:1"   # target: intel-ivybridge',
    exampleMessage: 'featMask.vm.cpuid.AVX2 requires AVX2, but target intel-ivybridge lacks it',
    fix: 'Drop the requirement, or choose targets that meet it.',
    section: 'compat',
  },
  'dependency-missing': {
    name: 'DependencyMissing',
    description: 'The guest sees a feature but not one it depends on (FMA without AVX, AVX512DQ without AVX512F …). AVX2 without AVX is an error: VMware refuses to power on ("requires AVX2 but AVX is not present").',
    example: 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"   # AVX hidden, AVX2 still visible',
    exampleMessage: 'The guest sees AVX2 but not AVX, which it needs …',
    fix: 'Hide the dependent feature too (quick fix), or stop hiding the one it needs.',
    fixed: 'cpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"',
    section: 'compat',
  },
};

export function codeHelp(code: string): CodeHelp | undefined {
  return (CODE_HELP as Record<string, CodeHelp>)[code];
}

export function helpUri(code: string): string {
  const h = codeHelp(code);
  return `${DIAGNOSTICS_DOC_URL}#${h ? DIAGNOSTICS_SECTIONS[h.section] : 'codes'}`;
}

function severityWords(code: string): string {
  const s = codeInfo(code)?.severity;
  return s === 'information' ? 'information' : (s ?? 'warning');
}

/** Plain-text help: description, example and fix. */
export function helpText(code: string): string {
  const h = codeHelp(code);
  if (!h) return codeInfo(code)?.summary ?? code;
  const lines = [
    `${code} (${severityWords(code)}): ${h.description}`,
    '',
    `Example:\n${h.example}\n→ ${h.exampleMessage}`,
    '',
    `Fix: ${h.fix}`,
  ];
  if (h.fixed) lines.push(h.fixed);
  lines.push('', `More: ${helpUri(code)}`);
  return lines.join('\n');
}

/** Markdown help (GitHub code scanning shows it under the alert). */
export function helpMarkdown(code: string): string {
  const h = codeHelp(code);
  if (!h) return codeInfo(code)?.summary ?? code;
  const parts = [
    `**\`${code}\`** (${severityWords(code)}) — ${h.description}`,
    '',
    '**Example**',
    '',
    '```properties',
    h.example,
    '```',
    '',
    `→ *${h.exampleMessage}*`,
    '',
    `**Fix.** ${h.fix}`,
  ];
  if (h.fixed) parts.push('', '```properties', h.fixed, '```');
  parts.push('', `[All diagnostics](${helpUri(code)})`);
  return parts.join('\n');
}

/** Every code with help, in registry order. */
export function documentedCodes(): readonly DiagnosticCode[] {
  return Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
}
