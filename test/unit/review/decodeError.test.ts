import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeVmotionError, Finding, UNDERSTOOD_FORMS } from '../../../server/src/review/decodeError';
import { PHRASE_TABLE, resolveFeatureName } from '../../../server/src/review/decodeErrorFeatures';
import { flagPosition, hidingMaskValue, planHiding } from '../../../server/src/review/decodeErrorFixes';
import { decodeResultJson, decodeResultMarkdown, decodeResultText } from '../../../server/src/review/decodeErrorRender';
import { featureByName, lookupBit } from '../../../server/src/knowledge/bitDatabase';
import { parseMaskValue, flagAtBit } from '../../../server/src/model/maskValue';
import { classifyCpuidKey } from '../../../server/src/model/maskKey';
import { problemsOf } from '../../support/model';

function only(text: string): Finding {
  const r = decodeVmotionError(text);
  assert.equal(r.recognised, true, 'recognised');
  assert.equal(r.findings.length, 1, `one finding, got ${r.findings.map((f) => f.form).join(', ')}`);
  return r.findings[0]!;
}

function names(f: Finding): string[] {
  return f.features.map((x) => x.name);
}

/** The flag a mask line puts at a bit. */
function flagIn(line: string, bit: number): string {
  const m = /^(\S+) = "([^"]*)"$/.exec(line);
  assert.ok(m, line);
  const v = parseMaskValue(m[2]!);
  assert.ok(v.complete && v.canonical, `${line}: 32 flags in canonical groups`);
  return flagAtBit(v, bit)!.char;
}

function maskLine(f: Finding, key: string): string {
  const m = f.maskLines.find((x) => x.key === key);
  assert.ok(m, `a ${key} line in ${f.maskLines.map((x) => x.key).join(', ')}`);
  return m.line;
}

// A Sandy Bridge VM (AVX, XSAVE) moving to a Westmere host, as vCenter might print it.
const CPU_INCOMPATIBLE_SANDY_TO_WESTMERE = `Migration of virtual machine "erp-app-01" to host esx-wsm-03.lab.local failed.
Host CPU is incompatible with the virtual machine's requirements at CPUID level 0x1 register 'ecx'.
Host bits: 0000:0010:1001:1000:1110:0011:1111:1111
Required: xxx1:x11x:xxx1:1xxx:xxxx:xx1x:xxxx:xx11
Mismatch detected for these features:
 * Advanced Vector Extensions (AVX)
 * XSAVE`;

describe('decodeVmotionError: CpuIncompatible (wording UNVERIFIED, close variants)', () => {
  test('level, register, host bits vs required bits → the features the host lacks and the mask lines that hide them', () => {
    const f = only(CPU_INCOMPATIBLE_SANDY_TO_WESTMERE);
    assert.equal(f.form, 'cpu-incompatible');
    assert.equal(f.line, 2);
    assert.equal(f.wording, 'unverified');
    assert.match(f.wordingNote, /No copy of this message was found; .*CpuIncompatible/);
    assert.equal(f.level, 1);
    assert.equal(f.register, 'ecx');
    assert.equal(f.hostBits, '0000:0010:1001:1000:1110:0011:1111:1111');
    assert.equal(f.requiredBits, 'xxx1:x11x:xxx1:1xxx:xxxx:xx1x:xxxx:xx11');
    assert.deepEqual(names(f), ['avx', 'xsave']);
    const avx = f.features[0]!;
    assert.equal(avx.lacking, 'host');
    assert.equal(avx.hostFlag, '0');
    assert.equal(avx.requiredFlag, '1');
    assert.equal(avx.where, 'CPUID.(EAX=01H):ECX[28]');
    assert.equal(avx.enforcement, 'enforceable');
    assert.match(f.lacks, /host lacks AVX and XSAVE family, which the VM requires/);
    assert.deepEqual(f.unresolved, []);
    // The ready-to-paste line: 0 at AVX (28) and XSAVE (26); dependents in the same register too (FMA 12, F16C 29).
    const line = maskLine(f, 'cpuid.1.ecx');
    for (const bit of [28, 26, 29, 12]) assert.equal(flagIn(line, bit), '0', `bit ${bit}`);
    assert.equal(flagIn(line, 25), '-', 'AES (the host has it) is left alone');
    // AVX2 needs AVX: hidden in cpuid.7.0.ebx, so VMware does not refuse "AVX2 but AVX is not present".
    assert.equal(flagIn(maskLine(f, 'cpuid.7.0.ebx'), 5), '0');
    for (const m of f.maskLines) assert.equal(classifyCpuidKey(m.key)?.kind, 'mask', `${m.key} is a mask key VMware reads`);
    assert.deepEqual(f.featMaskLines, ['featMask.vm.cpuid.AVX = "Val:0"', 'featMask.vm.cpuid.XSAVE = "Val:0"']);
    assert.ok(f.fixes[0]!.includes('EVC'), 'EVC first');
    assert.ok(f.fixes.some((x) => /power the VM off/.test(x) && /merge/.test(x)));
    assert.ok(f.fixes.some((x) => /cold migration/.test(x)));
    assert.ok(f.notes.some((n) => /also hide \d+ features/.test(n) && n.includes('AVX2')));
    assert.ok(!f.notes.some((n) => /advisory only/.test(n)), 'AVX and XSAVE hiding is enforced (XCR0/CR4)');
  });

  test('the pasted mask lines give a .vmx in which the guest sees neither AVX nor anything that needs it', () => {
    const f = only(CPU_INCOMPATIBLE_SANDY_TO_WESTMERE);
    const vmx = ['.encoding = "UTF-8"', 'virtualHW.version = "19"', ...f.maskLines.map((m) => m.line), ''].join('\n');
    const problems = problemsOf(vmx);
    assert.deepEqual(
      problems.filter((p) => p.severity === 'error' || p.code.startsWith('mask-')),
      [],
      `no mask problems: ${problems.map((p) => `${p.code}: ${p.message}`).join('; ')}`,
    );
  });

  test('"level 1, register ecx" and "Required bits:" with an unknown host bit (-)', () => {
    const f = only(`The virtual machine's CPU requirements are not met: level 1, register ecx.
Host bits:     0000:0010:1001:1000:1110:0011:1111:111-
Required bits: xxxx:xxxx:xxx1:1xxx:xxxx:xxxx:xxxx:xxx1`);
    assert.equal(f.level, 1);
    assert.equal(f.register, 'ecx');
    assert.deepEqual(names(f), [], 'SSE4.1/4.2 present on the host; bit 0 unknown');
    assert.match(f.lacks, /unknown \("-"\) for bit 0/);
    assert.deepEqual(f.maskLines, []);
  });

  test('PowerCLI-style fault properties (Level / RegisterName / RegisterBits / DesiredBits): NX on leaf 0x80000001 EDX', () => {
    const f = only(`CpuIncompatible81EDX
Level        : -2147483647
Level        : 0x80000001
RegisterName : edx
RegisterBits : 0010:1000:0000:0000:0000:1000:0000:0000
DesiredBits  : xx1x:xxxx:xxx1:xxxx:xxxx:xxxx:xxxx:xxxx
Host         : HostSystem-host-42`);
    assert.equal(f.level, 0x80000001);
    assert.equal(f.register, 'edx');
    assert.deepEqual(names(f), ['nx']);
    assert.equal(f.features[0]!.where, 'CPUID.(EAX=80000001H):EDX[20]');
    // The same line VMware's own test constants use to hide NX/XD.
    assert.deepEqual(f.maskLines.map((m) => m.line), ['cpuid.80000001.edx = "----:----:---0:----:----:----:----:----"']);
    assert.deepEqual(f.featMaskLines, ['featMask.vm.cpuid.NX = "Val:0"']);
  });

  test('required 0 where the host has 1: the VM must not see it; hiding relaxes the check (KB 1993 note)', () => {
    const f = only(`Host CPU is incompatible with the virtual machine's requirements at CPUID level 0x1 register "ecx".
Host bits: 0000:0000:0001:1000:0000:0010:0000:0001
Required:  xxxx:xxxx:xxx0:0xxx:xxxx:xx1x:xxxx:xxx1`);
    assert.deepEqual(names(f), ['sse4_2', 'sse4_1'], 'bit 31 first, as the mask reads');
    for (const x of f.features) assert.equal(x.lacking, 'vm');
    assert.match(f.lacks, /host has SSE42 .* and SSE41 .*requires to be absent/);
    assert.ok(f.notes.some((n) => /KB 1993/.test(n)));
    assert.ok(f.notes.some((n) => /advisory only/.test(n) && n.includes('SSE41')));
    assert.equal(f.features[1]!.enforcement, 'advisory');
    const line = maskLine(f, 'cpuid.1.ecx');
    assert.equal(flagIn(line, 19), '0');
    assert.equal(flagIn(line, 20), '0');
  });

  test('"Mismatch detected for these features: …" on one line, without the register strings', () => {
    const f = only(`Host CPU is incompatible with the virtual machine's requirements at CPUID level 0x1 register 'ecx'.
Mismatch detected for these features: SSE4.1, SSE4.2, AES`);
    assert.deepEqual(names(f), ['sse4_1', 'sse4_2', 'aes']);
    assert.deepEqual(f.features.map((x) => x.via), ['name', 'name', 'name']);
    assert.equal(flagIn(maskLine(f, 'cpuid.1.ecx'), 25), '0');
  });

  test('the whole message pasted as one line (task pane copy)', () => {
    const f = only(
      "Host CPU is incompatible with the virtual machine's requirements at CPUID level 0x1 register 'ecx'. Host bits: 0000:0010:1001:1000:1110:0011:1111:1111 Required: xxx1:x11x:xxx1:1xxx:xxxx:xx1x:xxxx:xx11 Mismatch detected for these features: AVX, XSAVE",
    );
    assert.equal(f.line, 1);
    assert.equal(f.level, 1);
    assert.equal(f.requiredBits, 'xxx1:x11x:xxx1:1xxx:xxxx:xx1x:xxxx:xx11');
    assert.deepEqual(names(f), ['avx', 'xsave']);
    // "required" in prose does not split a sentence.
    assert.equal(only('The host CPU lacks features required by that mode.').form, 'evc-cpu-features');
  });

  test('a header without level/register still gives the bits, and says what is missing', () => {
    const f = only(`CpuIncompatible
Host bits: 0000:0000:0000:0000:0000:0000:0000:0000
Required:  xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:xxx1`);
    assert.equal(f.level, undefined);
    assert.deepEqual(f.maskLines, []);
    assert.ok(f.notes.some((n) => /level and register/.test(n)));
  });
});

describe('decodeVmotionError: feature requirements (FeatureCompat)', () => {
  test('"Feature \'cpuid.ds\' was absent, but must be present." → DS (CPUID.01H:EDX[21]), where the flag sits, no hiding lines', () => {
    const r = decodeVmotionError(`Feature 'cpuid.ds' was absent, but must be present.
Module 'FeatureCompatLate' power on failed.
Failed to start the virtual machine.`);
    assert.equal(r.findings.length, 1);
    const f = r.findings[0]!;
    assert.equal(f.form, 'feature-absent');
    assert.equal(f.wording, 'verified');
    assert.deepEqual(names(f), ['dts']);
    assert.equal(f.features[0]!.via, 'vmware-key');
    assert.equal(f.features[0]!.where, 'CPUID.01H:EDX[21]'.replace('01H', '(EAX=01H)'));
    assert.match(f.meaning, /did not power on/);
    assert.deepEqual(f.maskLines, []);
    assert.ok(f.fixes[0]!.includes('cpuid.1.edx'));
    assert.ok(f.fixes[0]!.includes(`flag 11 of 32 (bit 21: ${flagPosition(21)}`));
    assert.ok(f.fixes[0]!.includes('featMask.vm.cpuid.DS'));
  });

  test('typographic quotes and "cpuid.SS" in upper case', () => {
    const f = only('Feature ‘cpuid.SS’ was absent, but must be present.');
    assert.deepEqual(names(f), ['ss']);
    assert.equal(f.features[0]!.label, 'SS');
  });

  test('"… was present, but must be absent." → hide it (mask and featMask lines)', () => {
    const f = only("Feature 'cpuid.mwait' was present, but must be absent.");
    assert.equal(f.form, 'feature-present');
    assert.deepEqual(names(f), ['monitor']);
    assert.equal(f.features[0]!.lacking, 'vm');
    assert.deepEqual(f.maskLines.map((m) => m.line), ['cpuid.1.ecx = "----:----:----:----:----:----:----:0---"']);
    assert.deepEqual(f.featMaskLines, ['featMask.vm.cpuid.MWAIT = "Val:0"']);
  });

  test('an unknown feature name is reported, not guessed', () => {
    const f = only("Feature 'cpuid.FROBNICATE' was absent, but must be present.");
    assert.deepEqual(f.features, []);
    assert.deepEqual(f.unresolved, ['cpuid.FROBNICATE']);
  });

  test('"requires AVX2 but AVX is not present" → hide AVX2 (and what needs it) or stop hiding AVX', () => {
    const f = only('This virtual machine requires AVX2 but AVX is not present. This virtual machine cannot be powered on.');
    assert.equal(f.form, 'avx2-without-avx');
    assert.equal(flagIn(maskLine(f, 'cpuid.7.0.ebx'), 5), '0');
    assert.deepEqual(f.featMaskLines, ['featMask.vm.cpuid.AVX2 = "Val:0"']);
    assert.ok(f.fixes.some((x) => /stop hiding AVX/.test(x)));
  });
});

describe('decodeVmotionError: vCenter feature-name lists', () => {
  // What a blog author saw moving a VM from an Ivy Bridge-era host to an Avoton (Westmere-class) host.
  const LIST = `The target host does not support the virtual machine's current hardware requirements.
To resolve CPU incompatibilities, use a cluster with Enhanced vMotion Compatibility (EVC) mode enabled.

PCID
Advanced Vector Extensions (AVX)
Half-precision conversion instructions (F16C)
Instructions to read and write FS and GS base registers
XSAVE SSE State
XSAVE YMM State`;

  test('each printed name maps to its bit: by name, by the short name in parentheses, or by the phrase table', () => {
    const f = only(LIST);
    assert.equal(f.form, 'feature-list');
    assert.deepEqual(names(f), ['pcid', 'avx', 'f16c', 'fsgsbase', 'xcr0_sse', 'xcr0_ymm']);
    assert.deepEqual(f.features.map((x) => x.via), ['name', 'short-name', 'short-name', 'phrase', 'phrase', 'phrase']);
    assert.deepEqual(f.features.map((x) => x.printed), ['PCID', 'Advanced Vector Extensions (AVX)', 'Half-precision conversion instructions (F16C)', 'Instructions to read and write FS and GS base registers', 'XSAVE SSE State', 'XSAVE YMM State']);
    for (const x of f.features) assert.equal(x.lacking, 'host');
    assert.deepEqual(f.unresolved, []);
    assert.match(f.lacks, /destination host lacks PCID \(TLB tagging by address space\), AVX, F16C \(half-precision conversion\), FSGSBASE/);
    assert.ok(f.notes.some((n) => /hide it too — cpuid\.1\.ecx bit 26/.test(n)), 'XSAVE states hidden without XSAVE: a note');
  });

  test('mask lines hide all six; F16C hiding is enforced here because AVX is hidden too', () => {
    const f = only(LIST);
    const ecx = maskLine(f, 'cpuid.1.ecx');
    for (const bit of [17, 28, 29]) assert.equal(flagIn(ecx, bit), '0', `cpuid.1.ecx bit ${bit}`);
    assert.equal(flagIn(maskLine(f, 'cpuid.7.0.ebx'), 0), '0', 'FSGSBASE');
    const xcr0 = maskLine(f, 'cpuid.d.0.eax');
    assert.equal(flagIn(xcr0, 1), '0', 'XCR0 SSE');
    assert.equal(flagIn(xcr0, 2), '0', 'XCR0 YMM');
    assert.deepEqual(f.featMaskLines.slice(0, 6), [
      'featMask.vm.cpuid.PCID = "Val:0"',
      'featMask.vm.cpuid.AVX = "Val:0"',
      'featMask.vm.cpuid.F16C = "Val:0"',
      'featMask.vm.cpuid.FSGSBASE = "Val:0"',
      'featMask.vm.cpuid.XCR0_MASTER_SSE = "Val:0"',
      'featMask.vm.cpuid.XCR0_MASTER_YMM_H = "Val:0"',
    ]);
    assert.equal(f.features.find((x) => x.name === 'f16c')!.enforcement, 'enforceable');
    assert.ok(!f.notes.some((n) => /advisory only/.test(n)));
  });

  test('F16C alone: hiding it is advisory only, and the note says so', () => {
    const f = only('• Half-precision conversion instructions (F16C)');
    assert.equal(f.features[0]!.enforcement, 'advisory');
    assert.ok(f.notes.some((n) => /Hiding F16C is advisory only/.test(n)));
  });

  test('bulleted names after "features that are unsupported or disabled on the target host:" (wording UNVERIFIED), with an unknown one', () => {
    const f = only(`The virtual machine requires hardware features that are unsupported or disabled on the target host:
  * SSE4.1
  * Streaming SIMD Extensions 4.2 (SSE4.2)
  * Frobnication Engine`);
    assert.deepEqual(names(f), ['sse4_1', 'sse4_2']);
    assert.deepEqual(f.unresolved, ['Frobnication Engine']);
    assert.equal(f.wording, 'unverified');
  });

  test('com.vmware.vim.vmfeature.cpuid.* keys', () => {
    const f = only(`com.vmware.vim.vmfeature.cpuid.pcid
com.vmware.vim.vmfeature.cpuid.invpcid`);
    assert.deepEqual(names(f), ['pcid', 'invpcid']);
    assert.deepEqual(f.features.map((x) => x.via), ['vmware-key', 'vmware-key']);
  });

  test('phrase table: every row names catalogued bits, and matches whole names only', () => {
    for (const rule of PHRASE_TABLE) for (const n of rule.features) assert.ok(featureByName(n), `${rule.pattern}: ${n}`);
    assert.equal(resolveFeatureName('Execute Disable')?.entries[0]?.name, 'nx');
    assert.equal(resolveFeatureName('XD')?.entries[0]?.name, 'nx');
    assert.deepEqual(resolveFeatureName('Transactional Synchronization Extensions')?.entries.map((e) => e.name), ['hle', 'rtm']);
    assert.equal(resolveFeatureName('we tried to read and write FS and GS base registers yesterday'), undefined);
    assert.equal(resolveFeatureName('Migration failed'), undefined);
  });
});

describe('decodeVmotionError: EVC admission', () => {
  test('the verified sentence: the host lacks features the EVC mode requires; fix in words, no mask lines', () => {
    const f = only(
      "The host's CPU hardware does not support the cluster's current Enhanced vMotion Compatibility mode. The host CPU lacks features required by that mode.",
    );
    assert.equal(f.form, 'evc-cpu-features');
    assert.equal(f.wording, 'verified');
    assert.deepEqual(f.maskLines, []);
    assert.ok(f.fixes.some((x) => /BIOS/.test(x)));
    assert.ok(f.fixes.some((x) => /lower the cluster's EVC mode/i.test(x)));
    assert.match(f.lacks, /no \.vmx mask helps/);
  });

  test('the mode named in the paste (key or display name) is pointed at with vmx-cpuid profile show', () => {
    const byKey = only(`EVCAdmissionFailedCPUFeaturesForMode: host esx07 cannot be admitted to cluster Prod (EVC mode intel-haswell).`);
    assert.equal(byKey.wording, 'unverified');
    assert.ok(byKey.fixes.some((x) => x.includes('vmx-cpuid profile show intel-haswell')));
    const byName = only(`The host CPU lacks features required by that mode.
Cluster EVC mode: Intel "Broadwell" Generation`);
    assert.ok(byName.fixes.some((x) => x.includes('vmx-cpuid profile show intel-broadwell')));
  });

  test('CPU vendor, CPU model, no CPUID override (wordings UNVERIFIED; fault names accepted)', () => {
    const r = decodeVmotionError(`The host's CPU vendor is not supported by the cluster's current EVC mode.
vim.fault.EVCAdmissionFailedCPUModelForMode
The CPU hardware does not support CPUID override.`);
    assert.deepEqual(r.findings.map((f) => f.form), ['evc-cpu-vendor', 'evc-cpu-model', 'evc-no-cpuid-override']);
    for (const f of r.findings) {
      assert.equal(f.wording, 'unverified');
      assert.deepEqual(f.maskLines, []);
      assert.ok(f.fixes.length > 0);
    }
    assert.ok(r.findings[0]!.fixes.some((x) => /cold migration/.test(x)));
    assert.ok(r.findings[1]!.fixes.some((x) => /update vCenter and ESXi/.test(x)));
  });
});

describe('decodeVmotionError: several messages, nothing, anything', () => {
  test('a paste with several messages gives one finding each, in the order of the text', () => {
    const r = decodeVmotionError(`${CPU_INCOMPATIBLE_SANDY_TO_WESTMERE}

Feature 'cpuid.ss' was absent, but must be present.

The host CPU lacks features required by that mode.`);
    assert.deepEqual(r.findings.map((f) => f.form), ['cpu-incompatible', 'feature-absent', 'evc-cpu-features']);
    assert.deepEqual(r.findings.map((f) => f.line), [2, 9, 11]);
  });

  test('text that is no CPU compatibility error is not recognised', () => {
    for (const text of ['', '   ', 'The operation is not allowed in the current state.', 'Host bits: 0101', 'Error: disk full\nRetry later']) {
      assert.deepEqual(decodeVmotionError(text), { recognised: false, findings: [] }, JSON.stringify(text));
    }
    assert.ok(UNDERSTOOD_FORMS.length >= 5);
  });

  test('never throws, whatever is pasted', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        decodeVmotionError(s);
        decodeVmotionError(`Host CPU is incompatible at CPUID level 0x1 register 'ecx'.\nHost bits: ${s}\nRequired: ${s}\n${s}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decodeError renderers and helpers', () => {
  test('text: title, wording, who lacks what, ready-to-paste lines', () => {
    const text = decodeResultText(decodeVmotionError(CPU_INCOMPATIBLE_SANDY_TO_WESTMERE));
    assert.match(text, /^Decoded 1 finding:\n\n1\. The host's CPUID level 0x1 register ECX/);
    assert.match(text, /Wording: UNVERIFIED — No copy of this message was found/);
    assert.match(text, /Who lacks what: The host lacks AVX/);
    assert.match(text, /\n {5}cpuid\.1\.ecx = "--00:-0--:----:----:---0:----:----:----"\n/);
    assert.match(text, /\n {5}featMask\.vm\.cpuid\.AVX = "Val:0"\n/);
  });

  test('Markdown: excerpt, UNVERIFIED marker, feature table, mask lines in a code block', () => {
    const md = decodeResultMarkdown(decodeVmotionError(CPU_INCOMPATIBLE_SANDY_TO_WESTMERE));
    assert.match(md, /^# vMotion \/ power-on error, decoded/);
    assert.match(md, /\*\*UNVERIFIED\*\*/);
    assert.match(md, /\| \*\*AVX\*\* \| `CPUID\.\(EAX=01H\):ECX\[28\]` \| the host lacks it \| enforced \|/);
    assert.match(md, /```properties\n# hides F16C \(bit 29\), AVX \(bit 28\), XSAVE \(bit 26\), FMA \(bit 12\)\ncpuid\.1\.ecx = "--00:-0--:----:----:---0:----:----:----"\n/);
    const none = decodeResultMarkdown(decodeVmotionError('hello'));
    assert.match(none, /Nothing in the text was recognised/);
  });

  test('JSON: version 1 with the findings', () => {
    const json = JSON.parse(decodeResultJson(decodeVmotionError("Feature 'cpuid.ss' was absent, but must be present."))) as {
      version: number;
      recognised: boolean;
      findings: Finding[];
    };
    assert.equal(json.version, 1);
    assert.equal(json.recognised, true);
    assert.equal(json.findings[0]!.features[0]!.name, 'ss');
  });

  test('hidingMaskValue / flagPosition / planHiding basics', () => {
    assert.equal(hidingMaskValue([31, 0]), '0---:----:----:----:----:----:----:---0');
    assert.equal(flagPosition(27), '----:X---:----:----:----:----:----:----');
    const plan = planHiding([{ leaf: 1, subleaf: null, register: 'eax', bit: 8, entry: lookupBit(1, null, 'eax', 8)! }]);
    assert.deepEqual(plan.maskLines, [], 'the family field cannot be hidden');
    assert.equal(plan.notHideable.length, 1);
    const reserved = planHiding([{ leaf: 1, subleaf: null, register: 'ecx', bit: 16 }]);
    assert.equal(lookupBit(1, null, 'ecx', 16), undefined, 'bit 16 of leaf 1 ECX is reserved');
    assert.deepEqual(reserved.maskLines.map((m) => m.hides), [['bit 16 (not catalogued) (bit 16)']]);
  });
});
