/**
 * The robustness harness shared by the seed-fixed share of `npm test`
 * (fuzz.test.ts next to this file) and `npm run fuzz` (test/fuzz/run.mjs,
 * which loads the compiled form of this module and runs it at scale).
 *
 * It generates documents (structured .vmx lines with masks, featMask lines,
 * records, templates, escapes, typographic characters and mixed line endings;
 * mutated examples; random strings; random bytes decoded like the CLI does;
 * huge documents) and checks that every editor feature, with and without a
 * host configuration, neither throws nor returns a range outside the
 * document, and that every fix keeps the bytes it does not touch.
 *
 * This module has no side effects when imported (node --test loads every
 * file under out/test).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit, CodeAction, WorkspaceEdit } from 'vscode-languageserver-types';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import type { AnalysisOptions } from '../../../server/src/analysis/analyze';
import type { Problem } from '../../../server/src/analysis/problem';
import type { ResolvedConfig } from '../../../server/src/config/config';
import { builtinProfile } from '../../../server/src/profiles/builtins';
import type { Profile } from '../../../server/src/profiles/profile';
import { computeDiagnostics } from '../../../server/src/features/diagnostics';
import { computeCodeActions, fixAllSafe, FIX_ALL_KIND } from '../../../server/src/features/codeActions';
import { computeDocumentSymbols } from '../../../server/src/features/documentSymbols';
import { computeFoldingRanges } from '../../../server/src/features/folding';
import { computeHover } from '../../../server/src/features/hover';
import { computeCompletion } from '../../../server/src/features/completion';
import { computeInlayHints } from '../../../server/src/features/inlayHints';
import { computeCodeLenses } from '../../../server/src/features/codeLens';
import { hostHoverLines } from '../../../server/src/compat/hoverLines';
import { compatibilityMatrix, matrixMarkdown } from '../../../server/src/compat/matrix';
import { decodeVmxBytes } from '../../../server/src/parser/encoding';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import type { VmxEntry } from '../../../server/src/parser/vmxDocument';

export const FUZZ_URI = 'file:///fuzz/vm.vmx';
const BOM = '\uFEFF';

// ------------------------------------------------------------------ configs

function profile(name: string): Profile {
  const p = builtinProfile(name);
  if (!p) throw new Error(`no built-in profile ${name}`);
  return p;
}

export interface NamedConfig {
  readonly name: string;
  readonly config?: ResolvedConfig;
  readonly rules?: AnalysisOptions['rules'];
}

function resolved(source: string | undefined, targets: readonly string[], evc: boolean, rules: ResolvedConfig['rules'] = {}): ResolvedConfig {
  return { ...(source ? { source: profile(source) } : {}), targets: targets.map(profile), evc, rules, problems: [] };
}

let configsCache: NamedConfig[] | undefined;

/** No configuration, and a few built-in source/target combinations (memoised: profiles load once). */
export function fuzzConfigs(): readonly NamedConfig[] {
  configsCache ??= [
    { name: 'none' },
    { name: 'intel-skylake → intel-sandybridge, amd-zen2', config: resolved('intel-skylake', ['intel-sandybridge', 'amd-zen2'], true) },
    { name: 'amd-zen3 → intel-haswell, amd-rev-e, intel-sapphirerapids (no EVC)', config: resolved('amd-zen3', ['intel-haswell', 'amd-rev-e', 'intel-sapphirerapids'], false) },
    { name: 'intel-westmere (source only)', config: resolved('intel-westmere', [], true) },
    { name: 'targets only: intel-merom', config: resolved(undefined, ['intel-merom'], true) },
    {
      name: 'intel-icelake → amd-zen4 with rule overrides',
      config: { ...resolved('intel-icelake', ['amd-zen4'], true, { 'mask-format': 'off' }), problems: [{ where: 'fuzz', message: 'a configuration problem' }] },
      rules: { 'duplicate-key': 'warning', 'typographic-dash': 'off' },
    },
  ];
  return configsCache;
}

export function optionsOf(c: NamedConfig): AnalysisOptions {
  return { ...(c.config ? { config: c.config } : {}), ...(c.rules ? { rules: c.rules } : {}) };
}

// ------------------------------------------------------------------ examples

export interface ExampleFile {
  readonly name: string;
  /** Decoded as the CLI decodes it (the declared encoding, BOM kept). */
  readonly text: string;
}

let examplesCache: ExampleFile[] | undefined;

function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'examples'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
    dir = parent;
  }
}

/** Every examples/**\/*.vmx and *.vmtx, read at run time. */
export function exampleTexts(): readonly ExampleFile[] {
  if (examplesCache) return examplesCache;
  const root = path.join(repoRoot(), 'examples');
  const out: ExampleFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(vmx|vmtx)$/i.test(e.name)) out.push({ name: path.relative(root, full), text: decodeVmxBytes(fs.readFileSync(full)).text });
    }
  };
  walk(root);
  if (out.length === 0) throw new Error(`no examples under ${root}`);
  examplesCache = out;
  return out;
}

// ------------------------------------------------------------------ generators

const EOLS = ['\n', '\r\n', '\r'] as const;

const FLAG_CHARS = ['-', '0', '1', 'H', 'h', 'R', 'r', 'x', 'X', 'T', 't', 'F', 'f'];
const ODD_CHARS = [':', ' ', '\t', '\u2014', '\u2013', '\u2212', '\u2010', '\u2011', '\uFF0D', '"', '\u201C', '\u201D', '\u201E', '\u2033', '\uFF02', '|', '#', '=', 'a', 'é', '\u0000', '\uD83D\uDE00', '\uD800', '\uFEFF', '\u2028', '{', '}', '%'];

const flagChar = fc.constantFrom(...FLAG_CHARS);
const anyMaskChar = fc.oneof({ weight: 4, arbitrary: flagChar }, { weight: 1, arbitrary: fc.constantFrom(...ODD_CHARS) });

function groupFlags(flags: readonly string[], sep = ':'): string {
  return flags.map((f, i) => (i > 0 && i % 4 === 0 ? `${sep}${f}` : f)).join('');
}

/** A mask value: well-formed, slightly wrong, or noise. */
export const maskValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof({ weight: 6, arbitrary: fc.constant('-') }, { weight: 3, arbitrary: flagChar }, { weight: 1, arbitrary: fc.constantFrom('\u2014', '\u2013', '\u2212') }), { minLength: 32, maxLength: 32 }).map((f) => groupFlags(f)) },
  { weight: 1, arbitrary: fc.array(flagChar, { minLength: 32, maxLength: 32 }).map((f) => f.join('')) },
  { weight: 1, arbitrary: fc.array(flagChar, { minLength: 28, maxLength: 36 }).map((f) => groupFlags(f)) },
  { weight: 2, arbitrary: fc.string({ unit: anyMaskChar, maxLength: 48 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '-', '|22|22', '----:----|3A----', '{{ MASK }}', '0x00000000', '——:——:—-0:——:——:——:——:——') },
);

const hexLeaf = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('0', '1', '6', '7', 'd', 'a', '80000000', '80000001', '80000007', '80000008', '8000001f', '40000000', '4', 'b') },
  { weight: 1, arbitrary: fc.constantFrom('0x1', '01', '1F', 'ffffffff', '100000000', '', 'zz', '-1', '0X80000001', '8000_0001', '1 ') },
  { weight: 1, arbitrary: fc.nat().map((n) => n.toString(16)) },
);
const register = fc.constantFrom('eax', 'ebx', 'ecx', 'edx', 'EAX', 'Ecx', 'edX', 'esx', '', 'ecx ', 'rax');

/** `cpuid.*` keys: register masks with subleaf / `.amd`, odd spellings, named settings, broken ones. */
export const cpuidKey: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom('cpuid.', 'cpuid.', 'cpuid.', 'CPUID.', 'Cpuid.'), hexLeaf, fc.option(fc.constantFrom('0', '1', '2', '00', '0x1', 'f', ''), { nil: undefined, freq: 4 }), register, fc.option(fc.constantFrom('.amd', '.AMD', '.amd.amd', '.intel'), { nil: '', freq: 4 }))
      .map(([p, leaf, sub, reg, amd]) => `${p}${leaf}${sub === undefined ? '' : `.${sub}`}.${reg}${amd}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('cpuid.coresPerSocket', 'cpuid.brandString', 'cpuid.AVX2', 'cpuid.SSE3', 'cpuid.', 'cpuid', 'cpuid..', 'cpuid.1', 'cpuid.1.ecx.amd.x', 'cpuid.0.0.0.0.eax') },
);

const FEATURE_NAMES = ['AVX', 'AVX2', 'SSE3', 'SSE41', 'SSE42', 'AES', 'LM', 'NX', 'RDTSCP', 'FAMILY', 'MODEL', 'STEPPING', 'NUMLEVELS', 'NUM_EXT_LEVELS', 'Intel', 'AMD', 'IBRS', 'SVM', 'VMX', 'F16C', 'FMA', 'BMI1', 'ERMS', 'AVX512F', 'XSAVE', 'CMPXCHG16B', 'LAHF64', 'POPCNT', 'NOT_A_FEATURE', 'avx', ''];

export const featMaskKey: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('featMask', 'featmask', 'FEATMASK'), fc.constantFrom('vm', 'VM', 'evc', 'x'), fc.constantFrom('cpuid', 'CPUID', 'hv', 'vt'), fc.constantFrom(...FEATURE_NAMES))
  .map(([a, b, c, d]) => `${a}.${b}.${c}.${d}`);

export const featMaskValue: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('Val', 'Min', 'Max', 'val', 'MIN', 'Foo', ''), fc.constantFrom(':', '：', ' : ', '\u2013'), fc.constantFrom('0', '1', '2', '6', '0x25', '0xb', '0x80000008', '-1', '99999999999999999999', '', 'x', '0x', '\u2212' + '1')).map(([op, s, n]) => `${op}${s}${n}`),
  fc.string({ unit: anyMaskChar, maxLength: 12 }),
);

const recordKey = fc.tuple(fc.constantFrom('hostCPUID', 'guestCPUID', 'userCPUID', 'HOSTCPUID'), fc.constantFrom('0', '1', '7', '7.0', 'd.1', '80000001', '80000008', 'zz', '1.2.3', '')).map(([k, l]) => `${k}.${l}`);
const recordValue = fc.oneof(
  fc.constantFrom('0000000d756e65476c65746e49656e69', '000906ea001008000000000000000000', '00000000000000000000000000000000', 'ffffffffffffffffffffffffffffffff'),
  fc.stringMatching(/^[0-9a-fA-F]{0,34}$/),
  fc.string({ maxLength: 40 }),
);

const otherKey = fc.constantFrom('numvcpus', 'NumVCPUs', 'memsize', 'displayName', '.encoding', '.ENCODING', 'annotation', 'ethernet0.present', 'scsi0:0.present', 'sata0:0.fileName', 'hypervisor.cpuid.v0', 'vhv.enable', 'monitor_control.enable_fullcpuid', 'featureCompat.vm.completeMasks', 'guestOS', 'config.version', 'a');
const otherValue = fc.oneof(
  fc.constantFrom('TRUE', 'FALSE', '4', 'UTF-8', 'windows-1252', 'Shift_JIS', 'bogus-enc', 'Fran|E7ois|0A', '|22|7C|ZZ|', '|', 'café “quoted”', '{{ NAME }}', ''),
  fc.string({ maxLength: 30 }),
);

const keyValue = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(cpuidKey, maskValue) },
  { weight: 3, arbitrary: fc.tuple(featMaskKey, featMaskValue) },
  { weight: 1, arbitrary: fc.tuple(recordKey, recordValue) },
  { weight: 2, arbitrary: fc.tuple(otherKey, otherValue) },
);

const openQuote = fc.constantFrom('"', '"', '"', '"', '"', '\u201C', '\u201D', '\u201E', '\u2033', '\uFF02', '');
const closeQuote = fc.constantFrom('"', '"', '"', '"', '"', '\u201D', '\u201C', '\u2033', '', '""');
const trailing = fc.constantFrom('', '', '', ' # note', '  # the “best” one', '#', ' x', '\t', ' "');

/** One setting line, mostly well-formed. */
export const settingLine: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('', '', '', ' ', '\t'), keyValue, fc.constantFrom(' = ', ' = ', '=', ' =', '\t=\t', ' ', ' == '), openQuote, closeQuote, trailing)
  .map(([lead, [k, v], eq, open, close, tail]) => `${lead}${k}${eq}${open}${v}${open === '' && close === '""' ? '' : close}${tail}`);

const otherLine = fc.oneof(
  fc.constantFrom('', '', '   ', '# comment', '#', '# “quoted” — dashes', '{% if AMD %}', '{%- if x == 1 -%}', '{% elif y %}', '{% else %}', '{% endif %}', '{% for i in r %}', '{% endfor %}', '{% set a = 1 %}', '{# note #}', 'vm.version = "{{ V }}"', '{{ include }}', 'garbage line', '= "x"', 'key', 'a = b c', '"quoted" = 1', '\u00A0', 'cpuid.1.ecx "----"'),
  fc.string({ maxLength: 30 }),
);

export const line: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: settingLine }, { weight: 1, arbitrary: otherLine });

/** A generated document: lines, one line-ending style (or a random mix), optional final EOL and BOM. */
export const generatedDocument: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(line, { maxLength: 24 }),
    fc.constantFrom('\n', '\r\n', '\r', 'mixed'),
    fc.array(fc.constantFrom(...EOLS), { minLength: 24, maxLength: 24 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([lines, style, mix, finalEol, bom]) => {
    let out = bom ? BOM : '';
    lines.forEach((l, i) => {
      out += l;
      const eol = style === 'mixed' ? mix[i]! : style;
      if (i < lines.length - 1 || finalEol) out += eol;
    });
    return out;
  });

const snippet = fc.oneof(
  fc.constantFrom('\n', '\r', '\r\n', '"', '\u201C', '\u201D', '\u2014', '\u2013', '\u2212', '=', '#', ':', '|', '|2', '|22', '{{', '{%', '%}', '}}', '.amd', '.0', 'cpuid.1.ecx = "', '----', '0', '1', 'H', 'R', ' ', '\t', BOM, '\uD800', '\uDC00', '\u0000', 'numvcpus = "1"\n', 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"\r\n'),
  settingLine,
  fc.string({ maxLength: 8 }),
);

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'eol'; to: '\n' | '\r\n' | '\r' }
  | { kind: 'flag'; at: number; char: string }
  | { kind: 'bom' }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: snippet }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('eol' as const), to: fc.constantFrom(...EOLS) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flag' as const), at: fc.nat(), char: anyMaskChar }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

function mutate(text: string, m: Mutation): string {
  const n = text.length;
  switch (m.kind) {
    case 'insert': {
      const at = n === 0 ? 0 : m.at % (n + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete': {
      if (n === 0) return text;
      const at = m.at % n;
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'duplicateLine': {
      const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]!.endsWith('\n') || lines[i]!.endsWith('\r') ? lines[i]! : `${lines[i]!}\n`);
      return lines.join('');
    }
    case 'eol':
      return text.replace(/\r\n|\r|\n/g, m.to);
    case 'flag': {
      // Replace a character inside a quoted value (most likely a mask flag).
      const quotes: number[] = [];
      for (let i = 0; i < n && quotes.length < 64; i++) if (text[i] === '"') quotes.push(i);
      if (quotes.length < 2) return text;
      const q = quotes[(m.at % Math.floor(quotes.length / 2)) * 2]!;
      const close = text.indexOf('"', q + 1);
      if (close <= q + 1) return text;
      const at = q + 1 + (m.at % (close - q - 1));
      return text.slice(0, at) + m.char + text.slice(at + 1);
    }
    case 'bom':
      return text.startsWith(BOM) ? text.slice(1) : BOM + text;
    case 'truncate':
      return n === 0 ? text : text.slice(0, m.at % n);
  }
}

/** An example file with up to six mutations. */
export function mutatedExample(): fc.Arbitrary<string> {
  const examples = exampleTexts();
  return fc.tuple(fc.integer({ min: 0, max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([i, ms]) => ms.reduce(mutate, examples[i]!.text));
}

/** Strings of any kind: any code point (lone surrogates too), graphemes, or the characters that matter here. */
export const randomString: fc.Arbitrary<string> = fc.oneof(
  // Any UTF-16 unit (lone surrogates too) and any code point; built by hand because
  // fc.string({ unit: 'binary' }) takes seconds to construct.
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), maxLength: 100 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: fc.constantFrom(...FLAG_CHARS, ...ODD_CHARS, '\n', '\r', '.', 'c', 'p', 'u', 'i', 'd', '1', 'e', 'x'), maxLength: 300 }),
);

/** Random bytes (invalid UTF-8 included), sometimes after a BOM or an .encoding declaration, decoded as the CLI does. */
export const decodedBytes: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '', '\xEF\xBB\xBF', '.encoding = "UTF-8"\n', '.encoding = "windows-1252"\r\n', '.encoding = "Shift_JIS"\n', '.encoding = "GBK"\n', '.encoding = "utf-16le"\n', '.encoding = "bogus"\n', '\xEF\xBB\xBF.encoding = "windows-1251"\n'),
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom('', 'cpuid.1.ecx = "', 'featMask.vm.cpuid.AVX = "Val:'),
  )
  .map(([prefix, bytes, mid]) => decodeVmxBytes(Buffer.concat([Buffer.from(prefix + mid, 'latin1'), Buffer.from(bytes)])).text);

/** Documents too large for property runs: 1 MB lines and thousands of repeated keys. */
export function hugeDocuments(): { name: string; text: string }[] {
  const MB = 1 << 20;
  const mask = '----:----:----:----:----:----:--0-:----';
  const repeat = (line: string, times: number, eol = '\n') => Array.from({ length: times }, () => line).join(eol) + eol;
  return [
    { name: '1 MB mask value', text: `cpuid.1.ecx = "${'-'.repeat(MB)}"\n` },
    { name: '1 MB of typographic dashes in a mask', text: `cpuid.1.ecx = "${'\u2014'.repeat(MB)}"\r\n` },
    { name: '1 MB of flag characters in a mask', text: `cpuid.80000001.edx = "${'01HRx:'.repeat(MB / 6)}"` },
    { name: '1 MB key without "="', text: `${'k'.repeat(MB)}\n` },
    { name: '1 MB comment', text: `# ${'x'.repeat(MB)}\nnumvcpus = "1"\n` },
    { name: '1 MB unterminated value with stray typographic quotes', text: `a = "${'\u201D '.repeat(MB / 2)}` },
    { name: '1 MB of escapes', text: `annotation = "${'|22'.repeat(MB / 3)}"\n` },
    { name: '1 MB template placeholder line', text: `vm = {{ ${'x'.repeat(MB)}\n` },
    { name: '1 MB featMask value', text: `featMask.vm.cpuid.AVX = "Val:${'9'.repeat(MB)}"\n` },
    { name: '1 MB of typographic quotes', text: `displayName = ${'\u201C'.repeat(MB)}\n` },
    { name: '5000 duplicate mask lines (CRLF)', text: repeat(`cpuid.1.ecx = "${mask}"`, 5000, '\r\n') },
    { name: '5000 duplicate numvcpus', text: repeat('numvcpus = "2"', 5000) },
    { name: '3000 duplicate featMask lines with typographic dashes', text: repeat('featMask.vm.cpuid.AVX = \u201CVal:0\u201D # \u2014', 3000) },
    { name: '2000 masks over 500 registers with dashes', text: Array.from({ length: 2000 }, (_, i) => `cpuid.${(i % 500).toString(16)}.${['eax', 'ebx', 'ecx', 'edx'][i % 4]} = "\u2014${mask.slice(1)}"`).join('\r') },
    { name: '20000 blank and comment lines', text: repeat('# c\n\n{% if x %}\n{% endif %}', 5000) },
  ];
}

// ------------------------------------------------------------------ checks

export class InvariantError extends Error {}

function fail(message: string): never {
  throw new InvariantError(message);
}

/** The editor's view of a text: BOM removed, lines at \n, \r\n or a lone \r (as LSP). */
export class EditorText {
  readonly body: string;
  readonly hasBom: boolean;
  /** Offset of each line start in body. */
  readonly starts: number[] = [0];
  /** Length of each line without its ending. */
  readonly lengths: number[] = [];

  constructor(text: string) {
    this.hasBom = text.startsWith(BOM);
    this.body = this.hasBom ? text.slice(1) : text;
    const b = this.body;
    let lineStart = 0;
    for (let i = 0; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (c === 10 || c === 13) {
        this.lengths.push(i - lineStart);
        if (c === 13 && b.charCodeAt(i + 1) === 10) i++;
        lineStart = i + 1;
        this.starts.push(lineStart);
      }
    }
    this.lengths.push(b.length - lineStart);
  }

  get lineCount(): number {
    return this.lengths.length;
  }

  validPosition(p: Position | undefined): boolean {
    return (
      p !== undefined && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < this.lineCount && p.character >= 0 && p.character <= this.lengths[p.line]!
    );
  }

  offsetAt(p: Position): number {
    return this.starts[p.line]! + p.character;
  }

  checkPosition(p: Position | undefined, what: string): void {
    if (!this.validPosition(p)) {
      fail(`${what}: position ${JSON.stringify(p)} outside the document (${this.lineCount} lines; that line has ${p && this.lengths[p.line] !== undefined ? this.lengths[p.line] : '—'} characters)`);
    }
  }

  checkRange(r: Range | undefined, what: string): void {
    if (!r) fail(`${what}: missing range`);
    this.checkPosition(r.start, `${what} start`);
    this.checkPosition(r.end, `${what} end`);
    if (this.offsetAt(r.end) < this.offsetAt(r.start)) fail(`${what}: range ${JSON.stringify(r)} ends before it starts`);
  }

  /** Applies edits strictly (no clamping, no overlaps); throws on a bad edit. */
  apply(edits: readonly { range: Range; newText: string }[], what: string): string {
    const spans = edits.map((e, order) => {
      this.checkRange(e.range, `${what} edit`);
      if (typeof e.newText !== 'string') fail(`${what}: edit without newText`);
      return { start: this.offsetAt(e.range.start), end: this.offsetAt(e.range.end), newText: e.newText, order };
    });
    spans.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
    for (let i = 1; i < spans.length; i++) {
      if (spans[i]!.start < spans[i - 1]!.end) fail(`${what}: overlapping edits ${JSON.stringify(edits[spans[i - 1]!.order])} and ${JSON.stringify(edits[spans[i]!.order])}`);
    }
    let out = '';
    let at = 0;
    for (const s of spans) {
      out += this.body.slice(at, s.start) + s.newText;
      at = s.end;
    }
    return out + this.body.slice(at);
  }
}

function workspaceEdits(edit: WorkspaceEdit | undefined, what: string): TextEdit[] {
  if (!edit) return [];
  const keys = Object.keys(edit.changes ?? {});
  if (edit.documentChanges) fail(`${what}: unexpected documentChanges`);
  for (const k of keys) if (k !== FUZZ_URI) fail(`${what}: edit for another document ${k}`);
  return edit.changes?.[FUZZ_URI] ?? [];
}

/** Positions inside the document (and, for no-throw checks only, a few outside). */
export interface Probes {
  /** Arbitrary numbers mapped into the document. */
  readonly points: readonly [number, number][];
}

export const probes: fc.Arbitrary<Probes> = fc.record({ points: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }) });

function positionFrom(doc: EditorText, [a, b]: [number, number]): Position {
  const line = a % doc.lineCount;
  return { line, character: b % (doc.lengths[line]! + 1) };
}

const CODE_ACTION_KINDS: readonly (readonly string[] | undefined)[] = [undefined, [], ['quickfix'], ['refactor'], ['refactor.rewrite'], ['source'], ['source.fixAll'], [FIX_ALL_KIND], ['quickfix', 'source.fixAll']];

function checkSymbols(doc: EditorText, symbols: readonly DocumentSymbol[], parent: Range | undefined, what: string): void {
  for (const s of symbols) {
    doc.checkRange(s.range, `${what} ${s.name} range`);
    doc.checkRange(s.selectionRange, `${what} ${s.name} selectionRange`);
    if (doc.offsetAt(s.selectionRange.start) < doc.offsetAt(s.range.start) || doc.offsetAt(s.selectionRange.end) > doc.offsetAt(s.range.end)) {
      fail(`${what} ${s.name}: selectionRange ${JSON.stringify(s.selectionRange)} not inside range ${JSON.stringify(s.range)}`);
    }
    if (parent && (doc.offsetAt(s.range.start) < doc.offsetAt(parent.start) || doc.offsetAt(s.range.end) > doc.offsetAt(parent.end))) {
      fail(`${what} ${s.name}: range ${JSON.stringify(s.range)} not inside its parent ${JSON.stringify(parent)}`);
    }
    if (typeof s.name !== 'string' || s.name.length === 0) fail(`${what}: symbol without a name (VS Code rejects it): ${JSON.stringify(s)}`);
    if (s.children) checkSymbols(doc, s.children, s.range, what);
  }
}

/**
 * Runs every feature on one text with one configuration and checks the
 * invariants. Returns the number of feature calls made.
 */
export function checkAllFeatures(text: string, named: NamedConfig, probe: Probes): number {
  const doc = new EditorText(text);
  const options = optionsOf(named);
  let calls = 0;
  const model = new DocumentModel(FUZZ_URI, 1, text, options);

  // The parser keeps every line, and its lines are the editor's lines.
  const lines = model.vmx.lines;
  if (lines.length !== doc.lineCount) fail(`parser has ${lines.length} lines, the editor ${doc.lineCount}`);
  if (lines.map((l) => l.text + l.eol).join('') !== doc.body) fail('the parsed lines do not reproduce the text');
  if (model.vmx.hasBom !== doc.hasBom) fail('BOM not recognised');

  // Diagnostics.
  const diagnostics = computeDiagnostics(model);
  calls++;
  diagnostics.forEach((d, i) => {
    doc.checkRange(d.range, `diagnostic ${i} (${String(d.code)})`);
    for (const r of d.relatedInformation ?? []) doc.checkRange(r.location.range, `related information of diagnostic ${i} (${String(d.code)})`);
  });
  // Every fix of every problem applies.
  for (const p of model.problems) for (const f of p.fixes ?? []) doc.apply(f.edits, `fix "${f.title}" of ${p.code}`);

  // Symbols, folding, inlay hints, code lens.
  checkSymbols(doc, computeDocumentSymbols(model), undefined, 'document symbol');
  for (const f of computeFoldingRanges(model)) {
    if (!(Number.isInteger(f.startLine) && Number.isInteger(f.endLine) && f.startLine >= 0 && f.endLine < doc.lineCount && f.startLine <= f.endLine)) {
      fail(`folding range ${JSON.stringify(f)} outside the document (${doc.lineCount} lines)`);
    }
  }
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: doc.lineCount - 1, character: doc.lengths[doc.lineCount - 1]! } };
  for (const h of computeInlayHints(model, whole)) doc.checkPosition(h.position, `inlay hint "${typeof h.label === 'string' ? h.label : ''}"`);
  for (const l of computeCodeLenses(model, named.config)) doc.checkRange(l.range, `code lens "${l.command?.title ?? ''}"`);
  if (named.config?.source) matrixMarkdown('vm.vmx', named.config, compatibilityMatrix(model, named.config));
  calls += 5;

  // Fix-all.
  const fixAll = fixAllSafe(model);
  if (fixAll) doc.apply(workspaceEdits(fixAll.edit, 'fix-all'), 'fix-all');

  const hoverOptions = named.config ? { flagLineProviders: [hostHoverLines(named.config)] } : {};
  const pts = probe.points.map((pt) => positionFrom(doc, pt));
  for (const [i, p] of pts.entries()) {
    const hover = computeHover(model, p, hoverOptions);
    if (hover?.range) doc.checkRange(hover.range, `hover at ${JSON.stringify(p)}`);
    if (hover && typeof hover.contents === 'object' && 'value' in hover.contents && typeof hover.contents.value !== 'string') fail('hover without text');
    for (const item of computeCompletion(model, p)) {
      const te = item.textEdit;
      if (te) {
        if ('range' in te) doc.checkRange(te.range, `completion "${item.label}" at ${JSON.stringify(p)}`);
        else {
          doc.checkRange(te.insert, `completion "${item.label}" insert range`);
          doc.checkRange(te.replace, `completion "${item.label}" replace range`);
        }
      }
      for (const e of item.additionalTextEdits ?? []) doc.checkRange(e.range, `completion "${item.label}" additional edit`);
    }
    // Code actions over a range from this point to the next one (or an empty range).
    const q = pts[i + 1] ?? p;
    const range: Range = doc.offsetAt(q) < doc.offsetAt(p) ? { start: q, end: p } : { start: p, end: q };
    const kinds = CODE_ACTION_KINDS[(probe.points[i]![0] + probe.points[i]![1]) % CODE_ACTION_KINDS.length];
    for (const a of computeCodeActions(model, range, kinds)) checkCodeAction(doc, a);
    // Inlay hints of a partial range.
    const inlay: Range = { start: { line: range.start.line, character: 0 }, end: range.end };
    for (const h of computeInlayHints(model, inlay)) {
      doc.checkPosition(h.position, 'inlay hint');
      if (h.position.line < inlay.start.line || h.position.line > inlay.end.line) fail(`inlay hint at ${JSON.stringify(h.position)} outside the requested range ${JSON.stringify(inlay)}`);
    }
    calls += 4;
  }
  // The whole document, every kind.
  for (const a of computeCodeActions(model, whole)) checkCodeAction(doc, a);
  calls++;

  // Positions past the end of a line or of the document (a client racing an edit): no exception.
  const last = doc.lineCount - 1;
  for (const p of [{ line: last, character: doc.lengths[last]! + 3 }, { line: last + 2, character: 7 }]) {
    computeHover(model, p, hoverOptions);
    computeCompletion(model, p);
    computeCodeActions(model, { start: p, end: p });
    computeInlayHints(model, { start: p, end: p });
    calls += 4;
  }
  return calls;
}

function checkCodeAction(doc: EditorText, a: CodeAction): void {
  const what = `code action "${a.title}" (${a.kind ?? 'no kind'})`;
  if (typeof a.title !== 'string' || a.title === '') fail(`${what}: no title`);
  for (const d of a.diagnostics ?? []) {
    if (!d) fail(`${what}: undefined diagnostic`);
    doc.checkRange(d.range, `${what} diagnostic`);
  }
  const edits = workspaceEdits(a.edit, what);
  if (!a.edit && !a.command) fail(`${what}: neither an edit nor a command`);
  doc.apply(edits, what);
}

// ------------------------------------------------------------------ fix round trip

export interface RoundTripFailure {
  readonly fix: string;
  readonly code: string;
  readonly message: string;
}

/** Mapping of original body offsets to fixed-text offsets through non-overlapping edits. */
interface EditSpan {
  readonly start: number;
  readonly end: number;
  readonly newStart: number;
  readonly newEnd: number;
}

function spansOf(doc: EditorText, edits: readonly { range: Range; newText: string }[]): EditSpan[] {
  const raw = edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), len: e.newText.length })).sort((a, b) => a.start - b.start || a.end - b.end);
  let delta = 0;
  return raw.map((s) => {
    const span = { start: s.start, end: s.end, newStart: s.start + delta, newEnd: s.start + delta + s.len };
    delta += s.len - (s.end - s.start);
    return span;
  });
}

/** Where a problem at an original offset is after the edits: an exact new offset, or "inside edit k". */
function mapOffset(spans: readonly EditSpan[], o: number): string {
  let delta = 0;
  for (const [k, s] of spans.entries()) {
    if (o >= s.start && o < s.end) return `edit${k}`;
    if (o < s.end) break;
    delta = s.newEnd - s.end;
  }
  return String(o + delta);
}

function placeAfter(spans: readonly EditSpan[], o: number): string {
  for (const [k, s] of spans.entries()) if (s.newEnd > s.newStart && o >= s.newStart && o < s.newEnd) return `edit${k}`;
  return String(o);
}

function eolsIn(s: string): string[] {
  return s.match(/\r\n|\r|\n/g) ?? [];
}

/**
 * Applies one quick fix and checks: its diagnostic is gone from its place,
 * no error appears, the bytes outside its edits are unchanged (also as a
 * client applies them), the BOM and the line endings are kept.
 */
export function checkQuickFixRoundTrip(text: string, options: AnalysisOptions, action: CodeAction, model: DocumentModel): void {
  const doc = new EditorText(text);
  const what = `quick fix "${action.title}"`;
  const edits = workspaceEdits(action.edit, what);
  const diagnostic = action.diagnostics?.[0];
  if (!diagnostic) fail(`${what}: no diagnostic`);
  const fixedBody = doc.apply(edits, what);

  // As a client applies it (vscode-languageserver-textdocument clamps ranges; it must not need to).
  const clientBody = TextDocument.applyEdits(TextDocument.create(FUZZ_URI, 'vmx', 1, doc.body), edits);
  if (clientBody !== fixedBody) fail(`${what}: a client applies it differently`);

  // Bytes outside the edits are identical.
  const spans = spansOf(doc, edits);
  let prevEnd = 0;
  let prevNewEnd = 0;
  for (const s of spans) {
    if (doc.body.slice(prevEnd, s.start) !== fixedBody.slice(prevNewEnd, s.newStart)) fail(`${what}: text between edits changed`);
    prevEnd = s.end;
    prevNewEnd = s.newEnd;
  }
  if (doc.body.slice(prevEnd) !== fixedBody.slice(prevNewEnd)) fail(`${what}: text after the last edit changed`);

  // BOM and line endings.
  const fixedText = (doc.hasBom ? BOM : '') + fixedBody;
  const after = new DocumentModel(FUZZ_URI, 2, fixedText, options);
  if (after.vmx.hasBom !== doc.hasBom) fail(`${what}: BOM ${doc.hasBom ? 'lost' : 'added'}`);
  const styleBefore = model.vmx.lineEnding;
  const styleAfter = after.vmx.lineEnding;
  if (styleBefore === 'LF' || styleBefore === 'CRLF' || styleBefore === 'CR') {
    if (styleAfter !== styleBefore && !(styleAfter === 'none' && eolsIn(fixedBody).length === 0)) fail(`${what}: line endings changed from ${styleBefore} to ${styleAfter}`);
  }
  const used = new Set(model.vmx.lines.map((l) => l.eol).filter((e) => e !== ''));
  for (const e of edits) {
    for (const eol of eolsIn(e.newText)) {
      if (used.size > 0 ? !used.has(eol as '\n') : eol !== '\n') fail(`${what}: inserts ${JSON.stringify(eol)} into a file whose line endings are ${styleBefore}`);
    }
  }

  // The diagnostic is gone from its place; no error appears.
  const code = String(diagnostic.code);
  const fixedAt = mapOffset(spans, doc.offsetAt(diagnostic.range.start));
  const afterDoc = new EditorText(fixedText);
  const count = (list: Map<string, number>, key: string) => list.set(key, (list.get(key) ?? 0) + 1);
  const before = new Map<string, number>();
  let skipped = false;
  for (const p of model.problems) {
    const place = mapOffset(spans, doc.offsetAt(p.range.start));
    if (!skipped && p.code === code && place === fixedAt && sameRange(p.range, diagnostic.range) && p.message === diagnostic.message) {
      skipped = true; // the fixed one: it must be gone (a smaller residue at its place is no new error)
      if (p.severity === 'error') count(before, `error:${p.code}@${place}`);
      continue;
    }
    if (p.code === code) count(before, `${p.code}@${place}#${p.message}`);
    if (p.severity === 'error') count(before, `error:${p.code}@${place}`);
  }
  const afterCounts = new Map<string, number>();
  for (const p of after.problems) {
    // The mask rules and the compatibility engine do not judge a value that holds typographic
    // characters (one problem at a time); fixing those reveals the value's own problems (its
    // length, its flags against the hosts), which the fix did not add.
    if (code.startsWith('typographic-') && p.range.start.line === diagnostic.range.start.line) continue;
    const place = placeAfter(spans, afterDoc.offsetAt(p.range.start));
    if (p.code === code) count(afterCounts, `${p.code}@${place}#${p.message}`);
    if (p.severity === 'error') count(afterCounts, `error:${p.code}@${place}`);
  }
  // The same diagnostic (code, place and message) is gone. (A compatibility fix is not offered when
  // a change falls in a broken mask: it could not do all its work.)
  const sameKey = `${code}@${fixedAt}#${diagnostic.message}`;
  if ((afterCounts.get(sameKey) ?? 0) > (before.get(sameKey) ?? 0)) fail(`${what}: ${code} still reported at its place after the fix\n${describe(after.problems)}`);
  const codesWithErrors = new Set(model.problems.filter((p) => p.severity === 'error').map((p) => p.code));
  // Errors anchored in text the fix replaced or deleted may move to another place (deleting the
  // second of two duplicate featMask lines moves its compatibility error to the first one).
  const floating = new Map<string, number>();
  for (const p of model.problems) {
    if (p.severity === 'error' && mapOffset(spans, doc.offsetAt(p.range.start)).startsWith('edit')) count(floating, p.code);
  }
  for (const [key, n] of afterCounts) {
    if (!key.startsWith('error:')) continue;
    const [errorCode, place] = key.slice(6).split('@') as [string, string];
    // An error inside the edited text with a code already reported elsewhere is a problem
    // re-anchored (the aggregated "No mask hides …" of another target becomes per-flag
    // problems on an inserted mask line), not a new one.
    if (place.startsWith('edit') && codesWithErrors.has(errorCode)) continue;
    // A "did you mean" rename of a featMask name makes the line name a real feature, which the
    // compatibility engine now judges against the hosts: its verdicts are not damage.
    if (code === 'featmask-unknown-name' && COMPAT_CODE.test(errorCode)) continue;
    const extra = n - (before.get(key) ?? 0);
    if (extra > 0 && (floating.get(errorCode) ?? 0) >= extra) {
      floating.set(errorCode, floating.get(errorCode)! - extra);
      continue;
    }
    if (extra > 0) {
      fail(`${what}: new error ${key.slice(6)} after the fix\nbefore: ${describe(model.problems)}\nafter: ${describe(after.problems)}\nfixed text: ${JSON.stringify(abbrev(fixedText))}`);
    }
  }
}

const COMPAT_CODE = /^(power-on-|vmotion-|dependency-missing$|mask-featmask-conflict$)/;

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function abbrev(s: string): string {
  return s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
}

function describe(problems: readonly Problem[]): string {
  return JSON.stringify(problems.slice(0, 30).map((p) => `${p.severity} ${p.code} @${p.range.start.line}:${p.range.start.character}: ${p.message.slice(0, 120)}`), null, 1);
}

/** The quick fixes a client is offered for a document: one code-action request over each diagnostic. */
export function quickFixesOf(model: DocumentModel): CodeAction[] {
  const seen = new Set<string>();
  const out: CodeAction[] = [];
  for (const p of model.problems) {
    if (!p.fixes) continue;
    for (const a of computeCodeActions(model, p.range, ['quickfix'])) {
      const id = JSON.stringify([a.title, a.diagnostics?.[0]?.code, a.diagnostics?.[0]?.range, a.edit]);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(a);
    }
  }
  return out;
}

/**
 * Checks every quick fix of a text under one configuration (or, with `pick`, only the fixes at
 * those indices modulo their number: the fuzz run samples); returns how many were applied.
 */
export function checkAllQuickFixes(text: string, named: NamedConfig, pick?: readonly number[]): number {
  const options = optionsOf(named);
  const model = new DocumentModel(FUZZ_URI, 1, text, options);
  const all = quickFixesOf(model);
  const actions = pick && all.length > 0 ? [...new Set(pick.map((i) => i % all.length))].map((i) => all[i]!) : all;
  for (const a of actions) checkQuickFixRoundTrip(text, options, a, model);
  return actions.length;
}

// ------------------------------------------------------------------ properties and the runner

export interface FuzzProperty {
  readonly name: string;
  /** Share of the total number of runs. */
  readonly weight: number;
  readonly property: () => fc.IPropertyWithHooks<unknown[]> | fc.IProperty<unknown[]>;
}

const configIndex = () => fc.integer({ min: 0, max: fuzzConfigs().length - 1 });

/** A configuration index: mostly none (cheap), sometimes one of the host configurations. */
const someConfig = () => fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: configIndex() });
/** For the larger (example-sized) documents, where an analysis with hosts costs most. */
const rareConfig = () => fc.oneof({ weight: 7, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: configIndex() });
const pickFixes = fc.array(fc.nat(), { minLength: 1, maxLength: 3 });

// ------------------------------------------------------------------ incremental analysis

/** What a parsed document says, as plain data (entry ranges are built on demand, so read them). */
export function documentSnapshot(model: DocumentModel): unknown {
  const vmx = model.vmx;
  const entry = (e: VmxEntry | undefined) =>
    e && {
      line: e.line, key: e.key, keyLower: e.keyLower, rawValue: e.rawValue, value: e.value, quoted: e.quoted,
      keyRange: e.keyRange, equalsRange: e.equalsRange, valueRange: e.valueRange, openQuoteRange: e.openQuoteRange,
      closeQuoteRange: e.closeQuoteRange, range: e.range, escapes: e.escapes, typographicQuotes: e.typographicQuotes, comment: e.comment,
    };
  return JSON.parse(
    JSON.stringify({
      text: vmx.text,
      hasBom: vmx.hasBom,
      lineEnding: vmx.lineEnding,
      lines: vmx.lines.map((l) => ({ index: l.index, text: l.text, eol: l.eol, kind: l.kind, entry: entry(l.entry), comment: l.comment, problem: l.problem })),
      entries: vmx.entries.map((e) => e.line),
      entriesByKey: [...vmx.entriesByKey].map(([k, es]) => [k, es.map((e) => e.line)]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
      encodingDeclaration: vmx.encodingDeclaration?.line,
      repeatedKeys: [...vmx.repeatedKeys].sort(),
      masks: model.cpuid.masks.map((m) => [m.entry.line, m.key, m.value]),
      featMasks: model.cpuid.featMasks.map((m) => [m.entry.line, m.key, m.value]),
      records: model.cpuid.records.map((r) => [r.entry.line, r.kind, r.leaf, r.subleaf, r.registers]),
      invalidMaskKeys: model.cpuid.invalidMaskKeys.map((m) => [m.entry.line, m.reason]),
      masksByRegister: [...model.cpuid.masksByRegister].map(([id, ms]) => [id, ms.map((m) => m.entry.line)]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
      registersMaskedTwice: [...model.cpuid.registersMaskedTwice].sort(),
      classified: model.vmx.lines.map((l) => (model.cpuid.maskAt(l.index) ? 'm' : model.cpuid.featMaskAt(l.index) ? 'f' : model.cpuid.recordAt(l.index) ? 'r' : '')).join(','),
    }),
  );
}

/** Problems with their fixes (computed on demand) and related locations, as plain data. */
export function problemsSnapshot(model: DocumentModel): unknown {
  return JSON.parse(JSON.stringify(model.problems.map((p) => ({ ...p, fixes: p.fixes }))));
}

/**
 * A document edited step by step, each version's model built from the one
 * before (as the language server does), says exactly what a model built
 * from scratch says: same lines, entries, CPU view, problems and fixes.
 */
export function checkIncrementalEqualsFresh(text: string, edits: readonly Mutation[], named: NamedConfig): number {
  const options = optionsOf(named);
  let model = new DocumentModel(FUZZ_URI, 0, text, options);
  void model.problems;
  let version = 0;
  for (const edit of edits) {
    const next = mutate(model.vmx.hasBom ? BOM + model.vmx.text : model.vmx.text, edit);
    version++;
    const incremental = new DocumentModel(FUZZ_URI, version, next, options, model);
    const fresh = new DocumentModel(FUZZ_URI, version, next, options);
    const where = `after edit ${version} (${JSON.stringify(edit)}) of ${JSON.stringify(text.slice(0, 200))}`;
    assertDeepEqual(documentSnapshot(incremental), documentSnapshot(fresh), `document ${where}`);
    assertDeepEqual(problemsSnapshot(incremental), problemsSnapshot(fresh), `problems ${where}`);
    model = incremental;
  }
  return edits.length;
}

function assertDeepEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a === b) return;
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  throw new Error(`incremental ≠ fresh: ${what}\n  incremental: …${a.slice(Math.max(0, at - 120), at + 200)}\n  fresh:       …${b.slice(Math.max(0, at - 120), at + 200)}`);
}

/** Typing-sized edits (one character, a line break, a pasted line) more often than big ones. */
const editStep: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flag' as const), at: fc.nat(), char: anyMaskChar }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(' ', '-', '0', '"', '#', '\n', '\r\n', 'x'), snippet) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: mutation },
);

/** Several examples one after the other: long enough for edits to leave many lines untouched on both sides. */
export function joinedExamples(): fc.Arbitrary<string> {
  const examples = exampleTexts();
  return fc.array(fc.integer({ min: 0, max: examples.length - 1 }), { minLength: 2, maxLength: 6 }).map((picks) => picks.map((i) => examples[i]!.text.replace(/^\uFEFF/, '')).join('\n'));
}

export const editSequence: fc.Arbitrary<Mutation[]> = fc.array(editStep, { minLength: 1, maxLength: 8 });

/**
 * The properties. Weights are shares of the full run, chosen for its time budget: an analysis
 * with host profiles costs ~10× one without (the compatibility engine), so most documents are
 * checked without a configuration and the configured ones get their own properties.
 */
export function fuzzProperties(): FuzzProperty[] {
  return [
    {
      name: 'generated documents, every feature, no configuration',
      weight: 38,
      property: () => fc.property(generatedDocument, probes, (text, p) => void checkAllFeatures(text, fuzzConfigs()[0]!, p)),
    },
    {
      name: 'generated documents, every feature, with a configuration',
      weight: 8,
      property: () => fc.property(generatedDocument, configIndex(), probes, (text, c, p) => void checkAllFeatures(text, fuzzConfigs()[c]!, p)),
    },
    {
      name: 'mutated examples, every feature',
      weight: 6,
      property: () => fc.property(mutatedExample(), rareConfig(), probes, (text, c, p) => void checkAllFeatures(text, fuzzConfigs()[c]!, p)),
    },
    {
      name: 'random strings, every feature',
      weight: 22,
      property: () => fc.property(randomString, someConfig(), probes, (text, c, p) => void checkAllFeatures(text, fuzzConfigs()[c]!, p)),
    },
    {
      name: 'random bytes decoded by their declared encoding, every feature',
      weight: 18,
      property: () => fc.property(decodedBytes, someConfig(), probes, (text, c, p) => void checkAllFeatures(text, fuzzConfigs()[c]!, p)),
    },
    {
      name: 'incremental analysis after edits equals a fresh analysis',
      weight: 6,
      property: () =>
        fc.property(fc.oneof(generatedDocument, mutatedExample(), joinedExamples()), editSequence, someConfig(), (text, edits, c) => void checkIncrementalEqualsFresh(text, edits, fuzzConfigs()[c]!)),
    },
    {
      name: 'quick-fix round trip on generated documents',
      weight: 6,
      property: () => fc.property(generatedDocument, someConfig(), pickFixes, (text, c, pick) => void checkAllQuickFixes(text, fuzzConfigs()[c]!, pick)),
    },
    {
      name: 'quick-fix round trip on mutated examples',
      weight: 2,
      property: () => fc.property(mutatedExample(), rareConfig(), pickFixes, (text, c, pick) => void checkAllQuickFixes(text, fuzzConfigs()[c]!, pick)),
    },
  ];
}

export interface PropertyResult {
  readonly name: string;
  readonly runs: number;
  readonly failed: boolean;
  readonly report?: string;
  readonly ms: number;
}

export interface FuzzSummary {
  readonly seed: number;
  readonly cases: number;
  readonly results: PropertyResult[];
  readonly huge: { name: string; ok: boolean; error?: string; ms: number }[];
}

/** Runs every property with `total` runs shared by weight, then the huge documents; never throws. */
export function runFuzz(options: {
  total: number;
  seed: number;
  huge: 'all' | 'some' | 'none';
  log?: (line: string) => void;
  /** Run only this slice of each property's runs (worker `part` of `parts`), for parallel runs. */
  part?: number;
  parts?: number;
}): FuzzSummary {
  const log = options.log ?? (() => undefined);
  const props = fuzzProperties();
  const weights = props.reduce((s, p) => s + p.weight, 0);
  const parts = options.parts ?? 1;
  const part = options.part ?? 0;
  const results: PropertyResult[] = [];
  let cases = 0;
  props.forEach((p, i) => {
    const numRuns = Math.max(1, Math.round((options.total * p.weight) / weights / parts));
    const t0 = Date.now();
    const details = fc.check(p.property(), { numRuns, seed: options.seed + 1000 * part + i, endOnFailure: false, verbose: 0 });
    const ms = Date.now() - t0;
    cases += details.numRuns;
    const failed = details.failed;
    const report = failed ? `${fc.defaultReportMessage(details) ?? ''}\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}` : undefined;
    results.push({ name: p.name, runs: details.numRuns, failed, ...(report ? { report } : {}), ms });
    log(`${failed ? 'FAIL' : 'ok  '} ${String(details.numRuns).padStart(7)} runs  ${String(ms).padStart(6)} ms  ${p.name}${parts > 1 ? ` [worker ${part + 1}/${parts}, seed ${options.seed + 1000 * part + i}]` : ` [seed ${options.seed + i}]`}`);
    if (report) log(report);
  });
  const huge: FuzzSummary['huge'] = [];
  if (options.huge !== 'none') {
    const docs = hugeDocuments();
    const selected = (options.huge === 'all' ? docs : docs.filter((_, i) => i % 5 === 0)).filter((_, i) => i % parts === part);
    for (const d of selected) {
      const t0 = Date.now();
      let error: string | undefined;
      try {
        for (const c of [fuzzConfigs()[0]!, fuzzConfigs()[1]!]) {
          checkAllFeatures(d.text, c, { points: [[0, 1 << 19], [1, 40]] });
          cases++;
        }
      } catch (err) {
        error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      }
      const ms = Date.now() - t0;
      huge.push({ name: d.name, ok: !error, ...(error ? { error } : {}), ms });
      log(`${error ? 'FAIL' : 'ok  '} huge: ${d.name} (${ms} ms)${error ? `\n${error}` : ''}`);
    }
  }
  return { seed: options.seed, cases, results, huge };
}
