import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { computeHover } from '../../../server/src/features/hover';
import { caret, rangeOf } from '../../support/caret';
import { modelOf } from '../../support/model';

/** The hover at the ⁁ of a document. */
function hoverAt(marked: string): { text: string; hover: Hover | null } {
  const { text, position } = caret(marked);
  return { text, hover: computeHover(modelOf(text), position) };
}

function markdownOf(hover: Hover | null, where: string): string {
  assert.ok(hover, `no hover at ${where}`);
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

/** The markdown of the hover at ⁁, which must exist. */
function hoverText(marked: string): string {
  return markdownOf(hoverAt(marked).hover, marked);
}

/** The `**Flag `c` — …:** effect` paragraph of a flag hover. */
function flagLine(markdown: string): string {
  const line = markdown.split('\n').find((l) => l.startsWith('**Flag `'));
  assert.ok(line, `no flag line in:\n${markdown}`);
  return line;
}

interface BitCase {
  /** One mask line with ⁁ before the flag. */
  readonly doc: string;
  /** SDM-style name of the bit. */
  readonly sdm: string;
  /** Words naming the feature, as in the Intel SDM / AMD APM (case-insensitive). */
  readonly feature: string;
  /** Part of the sentence saying what the flag does to the guest. */
  readonly effect: string;
}

const DEFAULT = "VMware's default policy decides";

/**
 * Each (leaf, register, bit) → feature is checked against the Intel SDM Vol. 2A
 * CPUID tables and the AMD APM Vol. 3 Appendix E (and libvirt's x86_features.xml).
 */
const BIT_CASES: readonly BitCase[] = [
  // leaf 0
  { doc: 'cpuid.0.eax = "----:----:----:----:----:----:----:---⁁1"', sdm: 'CPUID.(EAX=00H):EAX[0]', feature: 'Highest basic leaf', effect: 'the guest reads this bit of “Highest basic leaf” as 1 whatever the host has' },
  { doc: 'cpuid.0.ebx = "----:----:----:----:----:----:----:---⁁-"', sdm: 'CPUID.(EAX=00H):EBX[0]', feature: 'Vendor string', effect: DEFAULT },
  // leaf 1 EAX fields
  { doc: 'cpuid.1.eax = "----:----:----:----:----:--⁁1-:----:----"', sdm: 'CPUID.(EAX=01H):EAX[9]', feature: 'family (bits 11–8; this is bit 9)', effect: 'the guest reads this bit of “Base family” as 1 whatever the host has' },
  { doc: 'cpuid.1.eax = "----:----:----:--⁁0-:----:----:----:----"', sdm: 'CPUID.(EAX=01H):EAX[17]', feature: 'Extended model (bits 19–16; this is bit 17)', effect: 'the guest reads this bit of “Extended model” as 0' },
  // leaf 1 EBX
  { doc: 'cpuid.1.ebx = "----:----:---⁁-:----:----:----:----:----"', sdm: 'CPUID.(EAX=01H):EBX[20]', feature: 'logical processor', effect: DEFAULT },
  // leaf 1 ECX
  { doc: 'cpuid.1.ecx = "----:----:----:----:----:----:--⁁h-:----"', sdm: 'CPUID.(EAX=01H):ECX[5]', feature: 'VMX', effect: "the guest sees the host's VMX (pass-through). How it differs from H is not documented" },
  { doc: 'cpuid.1.ecx = "---⁁0:----:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=01H):ECX[28]', feature: 'AVX', effect: 'the guest will not see AVX, and cannot use it (XCR0.YMM stays off)' },
  { doc: 'cpuid.1.ecx = "⁁0---:----:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=01H):ECX[31]', feature: 'hypervisor', effect: 'the guest reads this bit of HYPERVISOR as 0' },
  { doc: 'cpuid.1.ecx = "----:----:----:⁁0---:----:----:----:----"', sdm: 'CPUID.(EAX=01H):ECX[19]', feature: 'SSE4.1', effect: 'the guest will not see SSE41 (advisory only: the instruction still runs on hosts that have it)' },
  { doc: 'cpuid.1.ecx = "----:⁁0---:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=01H):ECX[27]', feature: 'OSXSAVE', effect: "mirrors the guest's own control-register setting" },
  // leaf 1 EDX
  { doc: 'cpuid.1.edx = "----:--⁁1-:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=01H):EDX[25]', feature: 'SSE', effect: 'the guest sees SSE even on a host that lacks it; software that then uses it faults there' },
  { doc: 'cpuid.1.edx = "---⁁H:----:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=01H):EDX[28]', feature: 'HTT', effect: "the guest sees the host's HT; vMotion requires source and destination to have the same value" },
  // leaf 6 EAX
  { doc: 'cpuid.6.eax = "----:----:----:----:----:----:----:-⁁---"', sdm: 'CPUID.(EAX=06H):EAX[2]', feature: 'always-running APIC timer', effect: DEFAULT },
  { doc: 'cpuid.6.eax = "----:----:----:----:----:----:⁁R---:----"', sdm: 'CPUID.(EAX=06H):EAX[7]', feature: 'HWP', effect: 'the guest reads 0, but vMotion still requires both hosts to have the same value' },
  // leaf 7 subleaf 0 EBX
  { doc: 'cpuid.7.0.ebx = "----:----:----:----:----:----:--⁁0-:----"', sdm: 'CPUID.(EAX=07H,ECX=0):EBX[5]', feature: 'AVX2', effect: 'the guest will not see AVX2 (advisory only' },
  { doc: 'cpuid.7.0.ebx = "----:----:----:----:----:----:⁁0---:----"', sdm: 'CPUID.(EAX=07H,ECX=0):EBX[7]', feature: 'SMEP', effect: 'the guest will not see SMEP, and cannot use it (CR4.SMEP stays off)' },
  { doc: 'cpuid.7.0.ebx = "----:----:----:---⁁1:----:----:----:----"', sdm: 'CPUID.(EAX=07H,ECX=0):EBX[16]', feature: 'AVX-512 Foundation', effect: 'the guest sees AVX512F even on a host that lacks it; software that then uses it faults there' },
  { doc: 'cpuid.7.0.ebx = "--⁁x-:----:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=07H,ECX=0):EBX[29]', feature: 'SHA', effect: '"unused by the guest" in vCenter\'s requirement strings; what a VM does with it in a .vmx is not documented' },
  // leaf 7 subleaf 0 ECX
  { doc: 'cpuid.7.0.ecx = "----:----:----:----:----:----:---⁁1:----"', sdm: 'CPUID.(EAX=07H,ECX=0):ECX[4]', feature: 'OSPKE', effect: 'the guest reads this bit of OSPKE as 1 whatever the host has' },
  { doc: 'cpuid.7.0.ecx = "----:----:----:---⁁T:----:----:----:----"', sdm: 'CPUID.(EAX=07H,ECX=0):ECX[16]', feature: '5-level paging', effect: '"the guest requires LA57 to be 1" in vCenter\'s requirement strings' },
  { doc: 'cpuid.7.0.ecx = "----:----:-⁁0--:----:----:----:----:----"', sdm: 'CPUID.(EAX=07H,ECX=0):ECX[22]', feature: 'RDPID', effect: 'the guest will not see RDPID, and cannot use it' },
  // leaf 7 subleaf 0 EDX
  { doc: 'cpuid.7.0.edx = "----:-⁁0--:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=07H,ECX=0):EDX[26]', feature: 'IBRS and IBPB', effect: 'the guest will not see IBRS, and cannot use it' },
  { doc: 'cpuid.7.0.edx = "----:----:----:----:----:-⁁F--:----:----"', sdm: 'CPUID.(EAX=07H,ECX=0):EDX[10]', feature: 'VERW clears CPU buffers', effect: '"the guest requires MDCLEAR to be 0" in vCenter\'s requirement strings' },
  // leaf 7 subleaf 1 EAX / EDX
  { doc: 'cpuid.7.1.eax = "----:----:----:----:----:----:---⁁0:----"', sdm: 'CPUID.(EAX=07H,ECX=1):EAX[4]', feature: 'AVX-VNNI', effect: 'the guest will not see AVX_VNNI (advisory only' },
  { doc: 'cpuid.7.1.eax = "----:----:----:----:----:----:--⁁--:----"', sdm: 'CPUID.(EAX=07H,ECX=1):EAX[5]', feature: 'AVX-512 BF16', effect: DEFAULT },
  { doc: 'cpuid.7.1.edx = "----:----:----:⁁h---:----:----:----:----"', sdm: 'CPUID.(EAX=07H,ECX=1):EDX[19]', feature: 'AVX10', effect: "the guest sees the host's AVX10 (pass-through)" },
  { doc: 'cpuid.7.1.edx = "----:----:--⁁0-:----:----:----:----:----"', sdm: 'CPUID.(EAX=07H,ECX=1):EDX[21]', feature: 'APX', effect: 'the guest will not see APX_F, and cannot use it' },
  // leaf 7 subleaf 2 EDX
  { doc: 'cpuid.7.2.edx = "----:----:----:----:----:----:----:---⁁H"', sdm: 'CPUID.(EAX=07H,ECX=2):EDX[0]', feature: 'PSFD', effect: "the guest sees the host's PSFD; vMotion requires source and destination to have the same value" },
  { doc: 'cpuid.7.2.edx = "----:----:----:----:----:----:---⁁-:----"', sdm: 'CPUID.(EAX=07H,ECX=2):EDX[4]', feature: 'BHI_DIS_S', effect: DEFAULT },
  // leaf 0xD subleaf 1 EAX
  { doc: 'cpuid.d.1.eax = "----:----:----:----:----:----:----:---⁁0"', sdm: 'CPUID.(EAX=0DH,ECX=1):EAX[0]', feature: 'XSAVEOPT', effect: 'the guest will not see XSAVEOPT (advisory only' },
  { doc: 'cpuid.d.1.eax = "----:----:----:----:----:----:----:⁁0---"', sdm: 'CPUID.(EAX=0DH,ECX=1):EAX[3]', feature: 'XSAVES', effect: 'the guest will not see XSAVES, and cannot use it' },
  // leaf 0x14 subleaf 0 EBX / ECX
  { doc: 'cpuid.14.0.ebx = "----:----:----:----:----:----:---⁁-:----"', sdm: 'CPUID.(EAX=14H,ECX=0):EBX[4]', feature: 'PTWRITE', effect: DEFAULT },
  { doc: 'cpuid.14.0.ecx = "----:----:----:----:----:----:----:---⁁-"', sdm: 'CPUID.(EAX=14H,ECX=0):ECX[0]', feature: 'ToPA', effect: DEFAULT },
  // leaf 0x19 EBX
  { doc: 'cpuid.19.ebx = "----:----:----:----:----:----:----:---⁁-"', sdm: 'CPUID.(EAX=19H):EBX[0]', feature: 'AES Key Locker', effect: DEFAULT },
  // 0x80000000 EAX
  { doc: 'cpuid.80000000.eax = "⁁----:----:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=80000000H):EAX[31]', feature: 'Highest extended leaf', effect: DEFAULT },
  // 0x80000001 ECX / EDX
  { doc: 'cpuid.80000001.ecx = "----:----:----:----:----:----:--⁁0-:----"', sdm: 'CPUID.(EAX=80000001H):ECX[5]', feature: 'LZCNT', effect: 'the guest will not see ABM (advisory only' },
  { doc: 'cpuid.80000001.ecx = "----:----:----:----:----:----:-⁁---:----"', sdm: 'CPUID.(EAX=80000001H):ECX[6]', feature: 'SSE4A', effect: DEFAULT },
  { doc: 'cpuid.80000001.ecx = "----:----:----:---⁁-:----:----:----:----"', sdm: 'CPUID.(EAX=80000001H):ECX[16]', feature: 'FMA4', effect: DEFAULT },
  { doc: 'cpuid.80000001.edx = "----:----:---⁁0:----:----:----:----:----"', sdm: 'CPUID.(EAX=80000001H):EDX[20]', feature: 'NX', effect: 'the guest will not see NX, and cannot use it (EFER.NXE stays off)' },
  { doc: 'cpuid.80000001.edx = "----:⁁0---:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=80000001H):EDX[27]', feature: 'RDTSCP', effect: 'the guest will not see RDTSCP, and cannot use it' },
  { doc: 'cpuid.80000001.edx = "--⁁1-:----:----:----:----:----:----:----"', sdm: 'CPUID.(EAX=80000001H):EDX[29]', feature: 'Long mode', effect: 'the guest sees LM even on a host that lacks it; software that then uses it faults there' },
  // 0x80000007 EDX, 0x80000008 EBX
  { doc: 'cpuid.80000007.edx = "----:----:----:----:----:---⁁-:----:----"', sdm: 'CPUID.(EAX=80000007H):EDX[8]', feature: 'Invariant TSC', effect: DEFAULT },
  { doc: 'cpuid.80000008.ebx = "----:----:----:----:---⁁0:----:----:----"', sdm: 'CPUID.(EAX=80000008H):EBX[12]', feature: 'IBPB', effect: 'the guest will not see IBPB, and cannot use it' },
  { doc: 'cpuid.80000008.ebx = "----:----:----:----:----:--⁁--:----:----"', sdm: 'CPUID.(EAX=80000008H):EBX[9]', feature: 'WBNOINVD', effect: DEFAULT },
  // 0x8000000A EDX
  { doc: 'cpuid.8000000a.edx = "----:----:----:----:----:----:----:---⁁0"', sdm: 'CPUID.(EAX=8000000AH):EDX[0]', feature: 'Nested page tables', effect: 'the guest will not see SVM_NPT, and cannot use it' },
  { doc: 'cpuid.8000000a.edx = "----:----:----:----:--⁁--:----:----:----"', sdm: 'CPUID.(EAX=8000000AH):EDX[13]', feature: 'AVIC', effect: DEFAULT },
  // 0x8000001F EAX
  { doc: 'cpuid.8000001f.eax = "----:----:----:----:----:----:----:--⁁--"', sdm: 'CPUID.(EAX=8000001FH):EAX[1]', feature: 'SEV', effect: DEFAULT },
  { doc: 'cpuid.8000001f.eax = "----:----:----:----:----:----:---⁁-:----"', sdm: 'CPUID.(EAX=8000001FH):EAX[4]', feature: 'SEV-SNP', effect: DEFAULT },
  // 0x80000021 EAX
  { doc: 'cpuid.80000021.eax = "----:----:----:----:----:----:----:-⁁---"', sdm: 'CPUID.(EAX=80000021H):EAX[2]', feature: 'LFENCE always serializing', effect: DEFAULT },
  { doc: 'cpuid.80000021.eax = "----:----:----:----:----:---⁁0:----:----"', sdm: 'CPUID.(EAX=80000021H):EAX[8]', feature: 'Automatic IBRS', effect: 'the guest will not see AUTOMATIC_IBRS, and cannot use it' },
];

describe('feature: hover on a flag names the bit, the feature and the effect', () => {
  for (const c of BIT_CASES) {
    test(`${c.sdm} — ${c.feature}`, () => {
      const { text, hover } = hoverAt(c.doc);
      const md = markdownOf(hover, c.doc);
      const [header, where] = md.split('\n');
      assert.ok(header!.startsWith(`**${c.sdm} — `), `header of ${c.doc}:\n${header}`);
      assert.ok(header!.toLowerCase().includes(c.feature.toLowerCase()), `"${c.feature}" not in header:\n${header}`);
      const key = text.slice(0, text.indexOf(' ='));
      const bit = c.sdm.slice(c.sdm.lastIndexOf('[') + 1, -1);
      assert.ok(where!.startsWith(`\`${key}\` bit ${bit}`), where);
      assert.ok(flagLine(md).includes(c.effect), `effect of ${c.doc}:\n${flagLine(md)}`);
      // the hover covers exactly the flag under the caret
      const { position } = caret(c.doc);
      assert.deepEqual(hover!.range, { start: position, end: { line: position.line, character: position.character + 1 } });
    });
  }

  test(`${BIT_CASES.length} catalogued bits are checked`, () => {
    assert.ok(BIT_CASES.length >= 30);
  });
});

describe('feature: hover on flags, special keys', () => {
  test('cpuid.80000001.ecx.amd bit 2 is SVM, with the AMD-override note', () => {
    const md = hoverText('cpuid.80000001.ecx.amd = "----:----:----:----:----:----:----:-⁁h--"');
    assert.ok(md.startsWith('**CPUID.(EAX=80000001H):ECX[2] — SVM'), md);
    assert.match(md, /AMD-V/);
    assert.ok(flagLine(md).includes("the guest sees the host's SVM (pass-through)"), flagLine(md));
    assert.match(md, /\*\*AMD override:\*\* on AMD hosts this register replaces `cpuid\.80000001\.ecx` as a whole; on Intel hosts it is ignored/);
  });

  test('the plain key has no AMD-override note', () => {
    assert.doesNotMatch(hoverText('cpuid.80000001.ecx = "----:----:----:----:----:----:----:-⁁h--"'), /AMD override/);
  });

  test('cpuid.1.0.ecx explains the same bit as cpuid.1.ecx', () => {
    const plain = hoverText('cpuid.1.ecx = "----:----:----:----:----:----:--⁁h-:----"');
    const subleaf = hoverText('cpuid.1.0.ecx = "----:----:----:----:----:----:--⁁h-:----"');
    assert.ok(plain.startsWith('**CPUID.(EAX=01H):ECX[5] — VMX'), plain);
    assert.equal(subleaf.replaceAll('cpuid.1.0.ecx', 'cpuid.1.ecx'), plain);
  });

  test('cpuid.7.0.ebx and cpuid.7.ebx bit 5 are AVX2 in leaf 7 subleaf 0', () => {
    for (const doc of ['cpuid.7.0.ebx = "----:----:----:----:----:----:--⁁--:----"', 'cpuid.7.ebx = "----:----:----:----:----:----:--⁁--:----"']) {
      const md = hoverText(doc);
      assert.ok(md.startsWith('**CPUID.(EAX=07H,ECX=0):EBX[5] — AVX2**'), md);
    }
  });

  test('AVX2 hidden while AVX stays visible is advisory only', () => {
    const text = ['cpuid.1.ecx = "---H:----:----:----:----:----:----:----"', 'cpuid.7.0.ebx = "----:----:----:----:----:----:--⁁0-:----"'].join('\n');
    assert.ok(flagLine(hoverText(text)).includes('the guest will not see AVX2 (advisory only: the instruction still runs on hosts that have it)'));
  });

  test('AVX2 hidden with AVX hidden in the same file cannot be used', () => {
    const text = ['cpuid.1.ecx = "---0:----:----:----:----:----:----:----"', 'cpuid.7.0.ebx = "----:----:----:----:----:----:--⁁0-:----"'].join('\n');
    const line = flagLine(hoverText(text));
    assert.ok(line.includes('the guest will not see AVX2, and cannot use it'), line);
    assert.doesNotMatch(line, /advisory/);
  });

  test('AVX hidden by a featMask line counts too', () => {
    const text = ['featMask.vm.cpuid.AVX = "Val:0"', 'cpuid.7.0.ebx = "----:----:----:----:----:----:--⁁0-:----"'].join('\n');
    assert.ok(flagLine(hoverText(text)).includes('the guest will not see AVX2, and cannot use it'));
  });

  test('a gate of several controls reads "stay off"', () => {
    const line = flagLine(hoverText('cpuid.7.0.edx = "----:-⁁0--:----:----:----:----:----:----"'));
    assert.ok(line.includes('cannot use it (MSR.IA32_SPEC_CTRL, MSR.IA32_PRED_CMD stay off).'), line);
  });

  test('flags X and r', () => {
    assert.ok(flagLine(hoverText('cpuid.1.ecx = "----:----:----:----:----:----:--⁁X-:----"')).includes('"unused by the guest" in vCenter\'s requirement strings'));
    const r = flagLine(hoverText('cpuid.1.ecx = "----:----:----:----:----:----:--⁁r-:----"'));
    assert.ok(r.startsWith('**Flag `r` — not a flag:** lower-case r is undocumented'), r);
    assert.match(r, /VMware documents upper-case R/);
  });

  test('a reserved bit of a catalogued register says so', () => {
    const md = hoverText('cpuid.1.ecx = "----:----:----:---⁁-:----:----:----:----"');
    assert.ok(md.startsWith('**CPUID.(EAX=01H):ECX[16]**'), md);
    assert.match(md, /Bit 16 of this register is reserved or not described by Intel or AMD/);
  });

  test('a flag of a forced leaf-1 EAX field names the field value and the signature', () => {
    const md = hoverText('cpuid.1.eax = "0000:0000:0000:1001:0000:01⁁10:1110:1010"');
    assert.ok(md.startsWith('**CPUID.(EAX=01H):EAX[9] — Base family (bits 11–8; this is bit 9)**'), md);
    assert.match(md, /\(bit 1 of the 4-bit field family, bits 11–8\)/);
    assert.match(md, /The forced flags of family \(bits 11–8\) spell 6 \(0x6\)/);
    assert.match(md, /processor signature: \*\*family 6 \(0x6\), model 158 \(0x9E\), stepping 10\*\*/);
  });
});

describe('feature: hover on identity spoofing', () => {
  const vendor = [
    'cpuid.0.ebx = "0111:0101:0110:1110:0110:0101:0100:0111"',
    'cpuid.0.edx = "0100:1001:0110:0101:0110:1110:0110:1001"',
    'cpuid.0.ecx = "0110:1100:0110:0101:0111:0100:0110:1110"',
  ];

  test('leaf 0 EBX/EDX/ECX forced: each register spells its quarter and together "GenuineIntel"', () => {
    const md = hoverText([vendor[0]!.replace('"0111', '"⁁0111'), vendor[1], vendor[2]].join('\n'));
    assert.match(md, /These 32 forced flags spell \*\*"Genu"\*\*/);
    assert.match(md, /the guest reads the vendor \*\*"GenuineIntel"\*\*/);
    const ecx = hoverText([vendor[0], vendor[1], vendor[2]!.replace('"0110', '"⁁0110')].join('\n'));
    assert.match(ecx, /spell \*\*"ntel"\*\*/);
  });

  test('with one register not forced, no full vendor string is claimed', () => {
    const md = hoverText([vendor[0]!.replace('"0111', '"⁁0111'), vendor[1]].join('\n'));
    assert.match(md, /spell \*\*"Genu"\*\*/);
    assert.doesNotMatch(md, /reads the vendor/);
  });

  test('leaf 1 EAX forced: the key hover spells family 6 model 0x9E', () => {
    const md = hoverText('cpuid.1.⁁eax = "0000:0000:0000:1001:0000:0110:1110:1010"');
    assert.match(md, /The forced flags spell the processor signature: \*\*family 6 \(0x6\), model 158 \(0x9E\), stepping 10\*\*/);
  });
});

describe('feature: hover on uncatalogued leaves', () => {
  const cases: [string, string, string][] = [
    ['cpuid.2.eax = "----:----:----:----:----:----:----:-⁁---"', 'CPUID.(EAX=02H):EAX[2]', 'Leaf 0x2 — **Cache and TLB descriptors (legacy)**'],
    ['cpuid.4.0.eax = "----:----:----:----:----:----:----:---⁁-"', 'CPUID.(EAX=04H,ECX=0):EAX[0]', 'Leaf 0x4 subleaf 0 — **Deterministic cache parameters**'],
    ['cpuid.b.0.ebx = "----:----:----:----:----:----:----:---⁁-"', 'CPUID.(EAX=0BH,ECX=0):EBX[0]', 'Leaf 0xB subleaf 0 — **Extended topology**'],
    ['cpuid.d.0.ebx = "⁁----:----:----:----:----:----:----:----"', 'CPUID.(EAX=0DH,ECX=0):EBX[31]', 'Leaf 0xD subleaf 0 — **XSAVE state components**'],
    ['cpuid.40000000.ebx = "----:----:----:----:----:----:----:---⁁-"', 'CPUID.(EAX=40000000H):EBX[0]', 'Leaf 0x40000000 — **Hypervisor leaves**'],
    ['cpuid.80860000.eax = "----:----:----:----:----:----:----:---⁁-"', 'CPUID.(EAX=80860000H):EAX[0]', 'Leaf 0x80860000 — **Transmeta leaves**'],
    ['cpuid.c0000000.eax = "----:----:----:----:----:----:----:---⁁-"', 'CPUID.(EAX=C0000000H):EAX[0]', 'Leaf 0xC0000000 — **Centaur / VIA / Zhaoxin leaves**'],
  ];
  for (const [doc, sdm, leaf] of cases) {
    test(`${sdm}: leaf, register and bit, "not catalogued"`, () => {
      const md = hoverText(doc);
      assert.equal(md.split('\n')[0], `**${sdm}**  `);
      assert.ok(md.includes(leaf), md);
      assert.match(md, /The bits of this register are not catalogued by vmx-cpuid/);
      assert.ok(flagLine(md).includes(DEFAULT));
    });
  }
});

describe('feature: hover on values that are not 32 flags', () => {
  test('a value with 8 flags explains that the bits are unknown', () => {
    const { text, hover } = hoverAt('cpuid.1.ecx = "0000000⁁1"');
    const md = markdownOf(hover, text);
    assert.match(md, /\*\*Flag `1`\*\* in cpuid\.1\.ecx: forced to 1/);
    assert.match(md, /This value has 8 flags instead of 32, so which bit this flag stands for is unknown/);
    assert.deepEqual(hover!.range, rangeOf(text, 'cpuid.1.ecx = "0000000[[1]]"'));
  });

  test('the key of an 8-flag value says the bits cannot be matched', () => {
    assert.match(hoverText('cpu⁁id.1.ecx = "00000001"'), /This value has 8 flags; a mask needs 32 \(bit 31 first\), so the bits cannot be matched to features/);
  });

  test('the key of an empty value: every bit keeps the default', () => {
    assert.match(hoverText('cpuid.1.e⁁cx = ""'), /Empty value: every bit keeps VMware's default/);
  });
});

describe('feature: hover on a mask key shows the register table', () => {
  /** Rows of the markdown table: [bits, feature, flags, guest sees]. */
  function rows(md: string): string[][] {
    return md
      .split('\n')
      .filter((l) => /^\| \d/.test(l))
      .map((l) => l.slice(2, -2).split(' | '));
  }

  /** Every bit 31…0 exactly once, in order. */
  function assertCoversAllBits(table: string[][]): void {
    const bits = table.flatMap(([b]) => {
      const [hi, lo] = b!.split('–').map(Number);
      const out: number[] = [];
      for (let i = hi!; i >= (lo ?? hi!); i--) out.push(i);
      return out;
    });
    assert.deepEqual(bits, Array.from({ length: 32 }, (_, i) => 31 - i));
  }

  test('leaf 1 ECX: 32 bits, one row per feature, hidden and host flags spelled out', () => {
    const { text, hover } = hoverAt('cpuid.1.e⁁cx = "--00:----:----:----:---0:----:--H-:----"');
    const md = markdownOf(hover, text);
    assert.equal(md.split('\n')[0], '**cpuid.1.ecx** — CPUID.(EAX=01H):ECX — Processor signature and basic features');
    assert.deepEqual(hover!.range, rangeOf(text, '[[cpuid.1.ecx]] = "--00:----:----:----:---0:----:--H-:----"'));
    const table = rows(md);
    assertCoversAllBits(table);
    const byBit = new Map(table.map((r) => [r[0], r]));
    assert.match(byBit.get('29')![1]!, /F16C/);
    assert.deepEqual(byBit.get('29')!.slice(2), ['`0`', '**0 (hidden)**']);
    assert.match(byBit.get('28')![1]!, /AVX/);
    assert.deepEqual(byBit.get('28')!.slice(2), ['`0`', '**0 (hidden)**']);
    assert.match(byBit.get('12')![1]!, /FMA/);
    assert.deepEqual(byBit.get('12')!.slice(2), ['`0`', '**0 (hidden)**']);
    assert.match(byBit.get('5')![1]!, /VMX/);
    assert.deepEqual(byBit.get('5')!.slice(2), ['`H`', 'host value, must match']);
    assert.deepEqual(byBit.get('16'), ['16', '_not catalogued_', '`-`', 'default']);
    assert.match(md, /Bit 31 is the leftmost flag/);
  });

  test('leaf 1 EAX: fields are summarised in one row each, with their forced value', () => {
    const md = hoverText('cpuid.⁁1.eax = "0000:0000:0000:1001:0000:0110:1110:1010"');
    const table = rows(md);
    assertCoversAllBits(table);
    const byBits = new Map(table.map((r) => [r[0], r]));
    assert.deepEqual(byBits.get('27–20'), ['27–20', 'Extended family', '`00000000`', 'forced to 0 (0x0)']);
    assert.deepEqual(byBits.get('19–16'), ['19–16', 'Extended model', '`1001`', 'forced to 9 (0x9)']);
    assert.deepEqual(byBits.get('11–8'), ['11–8', 'Base family', '`0110`', 'forced to 6 (0x6)']);
    assert.deepEqual(byBits.get('7–4'), ['7–4', 'Base model', '`1110`', 'forced to 14 (0xE)']);
    assert.deepEqual(byBits.get('3–0'), ['3–0', 'Stepping', '`1010`', 'forced to 10 (0xA)']);
  });

  test('the register name follows the catalogue: cpuid.7.ebx is subleaf 0, leaf 1 has no subleaf', () => {
    assert.equal(hoverText('cpuid.⁁7.ebx = ""').split('\n')[0], '**cpuid.7.ebx** — CPUID.(EAX=07H,ECX=0):EBX — Structured extended features');
    assert.equal(hoverText('cpuid.⁁1.0.ecx = ""').split('\n')[0], '**cpuid.1.0.ecx** — CPUID.(EAX=01H):ECX — Processor signature and basic features');
    assert.equal(hoverText('cpuid.⁁4.1.eax = ""').split('\n')[0], '**cpuid.4.1.eax** — CPUID.(EAX=04H,ECX=1):EAX — Deterministic cache parameters');
  });

  test('an uncatalogued register is one run of default bits', () => {
    const table = rows(hoverText('cpuid.⁁4.0.eax = "----:----:----:----:----:----:----:----"'));
    assert.deepEqual(table, [['31–0', '_not catalogued_', '`--------------------------------`', 'default']]);
  });

  test('the .amd key hover carries the AMD-override note', () => {
    assert.match(hoverText('cpuid.8000000a.edx.a⁁md = "----:----:----:----:----:----:----:---h"'), /\*\*AMD override:\*\* on AMD hosts this register replaces `cpuid\.8000000a\.edx`/);
  });
});

describe('feature: hover on featMask lines and CPUID records', () => {
  test('featMask.vm.cpuid.AVX2 = "Min:1" names leaf 7 EBX bit 5 and explains Min', () => {
    const { text, hover } = hoverAt('featMask.vm.cpuid.AV⁁X2 = "Min:1"');
    const md = markdownOf(hover, text);
    assert.ok(md.startsWith('**featMask.vm.cpuid.AVX2** — AVX2'), md);
    assert.match(md, /CPUID\.\(EAX=07H,ECX=0\):EBX bit 5 \(`avx2`\)/);
    assert.match(md, /\*\*`Min:1`:\*\* require AVX2 ≥ 1: the VM does not power on where the host offers less/);
    assert.match(md, /`Min:n` requires at least n at power-on/);
    assert.deepEqual(hover!.range, rangeOf(text, '[[featMask.vm.cpuid.AVX2]] = "Min:1"'));
  });

  test('a featMask field names its bits, and an invalid value says why', () => {
    const md = hoverText('featMask.vm.cpuid.FAMILY = "Val:⁁0x6"');
    assert.match(md, /CPUID\.\(EAX=01H\):EAX bits 11–8/);
    assert.match(md, /set FAMILY to exactly 0x6 \(6\) for the guest/);
    assert.match(hoverText('featMask.vm.cpuid.AVX2 = "V⁁al"'), /\*\*Value:\*\* "Val" has no operation/);
  });

  test('hostCPUID.1 decodes the four registers and lists the features set', () => {
    const { text, hover } = hoverAt('hostCPUID.⁁1 = "000206d70020080017bee3ffbfebfbff"');
    const md = markdownOf(hover, text);
    assert.match(md, /\*\*hostCPUID\.1\*\* — the host's CPUID for leaf 0x1, recorded by VMware at power-on \(not a mask\)/);
    const row = (reg: string) => md.split('\n').find((l) => l.startsWith(`| ${reg} |`))!;
    assert.ok(row('EAX').startsWith('| EAX | `0x000206D7` |'), row('EAX'));
    assert.ok(row('ECX').startsWith('| ECX | `0x17BEE3FF` |'), row('ECX'));
    for (const f of ['AVX', 'XSAVE', 'AES', 'POPCNT', 'SSE42', 'SSE41', 'PCID', 'VMX', 'SSE3']) assert.ok(row('ECX').includes(` ${f} `), `${f} in ${row('ECX')}`);
    assert.ok(!row('ECX').includes(' OSXSAVE '), 'bit 27 is clear in 0x17BEE3FF');
    assert.ok(!row('ECX').includes(' F16C '), 'bit 29 is clear in 0x17BEE3FF');
    assert.ok(row('EDX').startsWith('| EDX | `0xBFEBFBFF` |'), row('EDX'));
    for (const f of ['SSE2', 'SSE', 'FXSR', 'MMX', 'APIC', 'FPU']) assert.ok(row('EDX').includes(` ${f} `), `${f} in ${row('EDX')}`);
    assert.deepEqual(hover!.range, rangeOf(text, '[[hostCPUID.1]] = "000206d70020080017bee3ffbfebfbff"'));
  });

  test('hostCPUID.0 spells the vendor string registers', () => {
    const md = hoverText('hostCPUID.⁁0 = "0000000d756e65476c65746e49656e69"');
    assert.match(md, /\| EBX \| `0x756E6547` \| "Genu" \|/);
    assert.match(md, /\| ECX \| `0x6C65746E` \| "ntel" \|/);
    assert.match(md, /\| EDX \| `0x49656E69` \| "ineI" \|/);
  });
});

describe('feature: no hover where there is nothing to explain', () => {
  const mask = 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"';
  for (const [what, doc] of [
    ['on the = of a mask line', 'cpuid.1.ecx ⁁= "----:----:----:----:----:----:--0-:----"'],
    ['in a trailing comment', `${mask}  # hide V⁁MX`],
    ['on a comment line', `# a comm⁁ent\n${mask}`],
    ['on a blank line', `${mask}\n⁁\n`],
    ['on a key vmx-cpuid knows nothing about', 'displa⁁yName = "My VM"'],
  ] as const) {
    test(what, () => {
      assert.equal(hoverAt(doc).hover, null);
    });
  }
});
