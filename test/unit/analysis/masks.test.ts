import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeOf, rangesOf } from '../../support/caret';
import { applyEdits } from '../../support/applyEdits';
import { problemsOf, problemsWithCode } from '../../support/model';
import { parseMaskValue } from '../../../server/src/model/maskValue';
import type { Problem } from '../../../server/src/analysis/problem';

const MASK_CODES = new Set([
  'mask-key-spelling',
  'mask-key-invalid',
  'mask-length',
  'mask-invalid-flag',
  'mask-requirement-flag',
  'mask-format',
  'mask-register-twice',
  'featmask-value',
  'featmask-unknown-name',
  'featurecompat-enable',
]);

const maskProblems = (text: string): Problem[] => problemsOf(text).filter((p) => MASK_CODES.has(p.code));

function only(text: string, code: string): Problem {
  const all = problemsWithCode(text, code);
  assert.equal(all.length, 1, `expected one ${code} in ${JSON.stringify(text)}, got ${JSON.stringify(all.map((p) => p.message))}`);
  return all[0]!;
}

describe('rule mask-key-spelling', () => {
  const cases: [string, string, RegExp][] = [
    ['cpuid.0x1.eax', 'cpuid.1.eax', /0x prefix/],
    ['cpuid.01.eax', 'cpuid.1.eax', /leading zeros/],
    ['cpuid.8000000A.eax', 'cpuid.8000000a.eax', /upper-case hex/],
    ['cpuid.1.EAX', 'cpuid.1.eax', /register name not in lower case/],
  ];
  for (const [key, canonical, issue] of cases) {
    test(`${key} warns and renames to ${canonical}`, () => {
      const text = `${key} = "----:----:----:----:----:----:----:----"\n`;
      const p = only(text, 'mask-key-spelling');
      assert.equal(p.severity, 'warning');
      assert.deepEqual(p.range, rangeOf(text, `[[${key}]] = "----:----:----:----:----:----:----:----"\n`));
      assert.match(p.message, issue);
      assert.ok(p.message.includes(`VMware's spelling is ${canonical}`), p.message);
      const fix = p.fixes![0]!;
      assert.equal(fix.title, `Rename to ${canonical}`);
      assert.equal(fix.isPreferred, true);
      assert.equal(fix.safe, true);
      const fixed = applyEdits(text, fix.edits);
      assert.equal(fixed, `${canonical} = "----:----:----:----:----:----:----:----"\n`);
      assert.deepEqual(maskProblems(fixed), []);
    });
  }

  test('canonical keys (with subleaf and .amd) have no spelling warning', () => {
    const text = [
      'cpuid.1.ecx = ""',
      'cpuid.7.0.ebx = ""',
      'cpuid.80000001.ecx.amd = ""',
      'cpuid.8000000a.edx = ""',
      'cpuid.d.1.eax = ""',
      '',
    ].join('\n');
    assert.deepEqual(maskProblems(text), []);
  });
});

describe('rule mask-key-invalid', () => {
  const cases: [string, RegExp][] = [
    ['cpuid.8000000A:eax', /":" separates the register; mask keys use dots, as in cpuid\.8000000a\.eax/],
    ['cpuid.7.0.edx.spec_ctrl', /"spec_ctrl" after the register/],
    ['cpuid.1.0.0.eax', /too many numbers before the register/],
    ['cpuid.zz.eax', /"zz" is not a hex leaf number/],
  ];
  for (const [key, reason] of cases) {
    test(`${key} is an error on the key`, () => {
      const text = `memsize = "4096"\n${key} = "----:----:----:----:----:----:----:----"\n`;
      const p = only(text, 'mask-key-invalid');
      assert.equal(p.severity, 'error');
      assert.deepEqual(p.range, rangeOf(text, `memsize = "4096"\n[[${key}]] = "----:----:----:----:----:----:----:----"\n`));
      assert.ok(p.message.startsWith(`VMware cannot read ${key} as a CPUID mask: `), p.message);
      assert.match(p.message, reason);
      assert.equal(maskProblems(text).length, 1, 'an invalid key gets no value diagnostics');
    });
  }
});

describe('keys that are not masks', () => {
  test('named cpuid settings produce no mask diagnostics, whatever their value', () => {
    const text = [
      'cpuid.coresPerSocket = "2"',
      'cpuid.brandString = "Intel(R) Xeon(R) CPU"',
      'cpuid.AVX2 = "1"',
      'cpuid.inhibitDarwinMasks = "TRUE"',
      '',
    ].join('\n');
    assert.deepEqual(maskProblems(text), []);
  });

  test('hostCPUID.1 is a CPUID record, not a mask: 32 hex digits are not a wrong length', () => {
    assert.deepEqual(maskProblems('hostCPUID.1 = "000206d70020080017bee3ffbfebfbff"\nguestCPUID.1 = "000206d70020080017bee3ffbfebfbff"\n'), []);
  });
});

describe('rule mask-length', () => {
  test('a wrong length is an error on the whole value that says how many flags were found', () => {
    const text = 'cpuid.1.edx = "----:----:----:----:----:----:----"\n';
    const p = only(text, 'mask-length');
    assert.equal(p.severity, 'error');
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.1.edx = "[[----:----:----:----:----:----:----]]"\n'));
    assert.match(p.message, /cpuid\.1\.edx has 28 flags, but a mask needs exactly 32/);
  });

  test('33 flags are too many', () => {
    assert.match(only('cpuid.1.edx = "----:----:----:----:----:----:----:-----"\n', 'mask-length').message, /has 33 flags/);
  });

  test('a single flag is "1 flag"', () => {
    assert.match(only('cpuid.1.edx = "0"\n', 'mask-length').message, /has 1 flag, but/);
  });

  test('8-character values from some guides: the note says their handling is not documented', () => {
    const p = only('cpuid.1.ecx = "00000001"\n', 'mask-length');
    assert.match(p.message, /has 8 flags/);
    assert.match(p.message, /8-character values; how VMware reads them is not documented/);
  });

  test('a hex number is not a mask', () => {
    const text = 'cpuid.1.edx = "0x078BFBFF"\n';
    const p = only(text, 'mask-length');
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.1.edx = "[[0x078BFBFF]]"\n'));
    assert.match(p.message, /is a hexadecimal number, but a mask is 32 flag characters/);
    assert.equal(problemsWithCode(text, 'mask-invalid-flag').length, 0, 'the x of 0x is not reported as a flag');
  });

  test('an empty value is fine: every bit keeps its default', () => {
    assert.deepEqual(maskProblems('cpuid.1.edx = ""\n'), []);
  });
});

describe('rule mask-invalid-flag', () => {
  test('an unknown character is an error at its exact column', () => {
    const text = 'cpuid.6.eax = "----:----:----:----:----:--?-:----:----"\n';
    const p = only(text, 'mask-invalid-flag');
    assert.equal(p.severity, 'error');
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.6.eax = "----:----:----:----:----:--[[?]]-:----:----"\n'));
    assert.match(p.message, /"\?" in cpuid\.6\.eax \(column 43\) is not a mask flag/);
    assert.deepEqual(problemsWithCode(text, 'mask-length'), [], '32 characters: the length is right');
  });

  test('two bad characters give two errors, each at its column', () => {
    const text = 'cpuid.1.ecx = "-a--:----:----:----:----:----:----:---b"\n';
    const ranges = rangesOf(text, 'cpuid.1.ecx = "-[[a]]--:----:----:----:----:----:----:---[[b]]"\n');
    assert.deepEqual(problemsWithCode(text, 'mask-invalid-flag').map((p) => p.range), ranges);
  });

  test('lower-case r is undocumented (VMware documents upper-case R)', () => {
    const text = 'cpuid.7.0.ecx = "r---:----:----:----:----:----:----:----"\n';
    const p = only(text, 'mask-invalid-flag');
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.7.0.ecx = "[[r]]---:----:----:----:----:----:----:----"\n'));
    assert.match(p.message, /lower-case r is undocumented/);
    assert.match(p.message, /upper-case R/);
  });

  test('markdown backslashes: one error over all of them, and the fix removes every backslash', () => {
    const text = 'cpuid.80000001.ecx = "\\----:----:----:----:----:----:----:---\\-"\n';
    const p = only(text, 'mask-invalid-flag');
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.80000001.ecx = "[[\\----:----:----:----:----:----:----:---\\]]-"\n'));
    assert.match(p.message, /Backslashes.*Markdown escaping/);
    assert.deepEqual(problemsWithCode(text, 'mask-length'), [], 'without the backslashes there are 32 flags');
    const fix = p.fixes![0]!;
    assert.equal(fix.title, 'Remove the backslashes');
    assert.equal(fix.safe, true);
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, 'cpuid.80000001.ecx = "----:----:----:----:----:----:----:----"\n');
    assert.deepEqual(maskProblems(fixed), []);
  });
});

describe('rule mask-requirement-flag', () => {
  test('requirement characters warn once per character, at the first one, with a count', () => {
    const text = 'cpuid.80000001.edx = "----:TTTT:----:----:----:----:----:---F"\n';
    const ps = problemsWithCode(text, 'mask-requirement-flag');
    assert.deepEqual(
      ps.map((p) => p.range),
      rangesOf(text, 'cpuid.80000001.edx = "----:[[T]]TTT:----:----:----:----:----:---[[F]]"\n'),
    );
    assert.deepEqual(ps.map((p) => p.severity), ['warning', 'warning']);
    assert.match(ps[0]!.message, /"T" \(required to be 1\) in cpuid\.80000001\.edx \(4 times\)/);
    assert.match(ps[0]!.message, /not for masks written in a \.vmx/);
    assert.match(ps[1]!.message, /"F" \(required to be 0\) in cpuid\.80000001\.edx:/);
  });

  test('R, x and X warn too; - 0 1 H h do not', () => {
    const text = 'cpuid.1.eax = "RRRR:HHHH:HHHH:XXXX:RRXX:HHHH:xxxx:XXXX"\n';
    assert.deepEqual(
      problemsWithCode(text, 'mask-requirement-flag').map((p) => p.message.slice(0, 3)),
      ['"R"', '"X"', '"x"'],
    );
    assert.deepEqual(problemsWithCode('cpuid.1.ecx = "-01H:h---:----:----:----:----:----:----"\n', 'mask-requirement-flag'), []);
  });
});

describe('rule mask-format', () => {
  for (const [name, value] of [
    ['space-grouped', '---- ---- ---H ---- ---- ---- ---- ----'],
    ['ungrouped', '-----------H--------------------'],
    ['tab-grouped', '----\t----\t---H\t----\t----\t----\t----\t----'],
  ] as const) {
    test(`a ${name} mask gets a hint whose fix regroups it and keeps every flag`, () => {
      const text = `cpuid.80000001.edx = "${value}"\n`;
      const p = only(text, 'mask-format');
      assert.equal(p.severity, 'hint');
      assert.deepEqual(p.range, rangeOf(text, `cpuid.80000001.edx = "[[${value}]]"\n`));
      assert.match(p.message, /eight groups of four flags separated by ":"/);
      const fixed = applyEdits(text, p.fixes![0]!.edits);
      assert.equal(fixed, 'cpuid.80000001.edx = "----:----:---H:----:----:----:----:----"\n');
      assert.deepEqual(
        parseMaskValue(fixed.slice(22, 61)).flags.map((f) => f.char),
        parseMaskValue(value).flags.map((f) => f.char),
      );
      assert.deepEqual(maskProblems(fixed), []);
    });
  }

  test('no hint for the canonical form, nor for an incomplete value', () => {
    assert.deepEqual(problemsWithCode('cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"\n', 'mask-format'), []);
    assert.deepEqual(problemsWithCode('cpuid.1.ecx = "---- ---- ----"\n', 'mask-format'), []);
  });
});

describe('rule mask-register-twice', () => {
  test('cpuid.1.ecx and cpuid.1.0.ecx name one register', () => {
    const text = 'cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"\nmemsize = "4096"\ncpuid.1.0.ecx = "----:----:----:----:----:----:--0-:----"\n';
    const [first, second] = rangesOf(
      text,
      '[[cpuid.1.ecx]] = "----:----:----:----:----:----:--h-:----"\nmemsize = "4096"\n[[cpuid.1.0.ecx]] = "----:----:----:----:----:----:--0-:----"\n',
    );
    const p = only(text, 'mask-register-twice');
    assert.equal(p.severity, 'warning');
    assert.deepEqual(p.range, second);
    assert.match(p.message, /cpuid\.1\.0\.ecx and cpuid\.1\.ecx \(line 1\) name the same register/);
    assert.match(p.message, /missing subleaf means subleaf 0/);
    assert.deepEqual(p.related?.map((r) => r.range), [first]);
    assert.equal(p.related![0]!.message, 'cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"');
  });

  test('the .amd register and another subleaf are different registers', () => {
    const text = 'cpuid.80000001.ecx = ""\ncpuid.80000001.ecx.amd = ""\ncpuid.7.0.eax = ""\ncpuid.7.1.eax = ""\n';
    assert.deepEqual(problemsWithCode(text, 'mask-register-twice'), []);
  });

  test('the same key twice is a duplicate-key error, not this warning', () => {
    const text = 'cpuid.1.ecx = ""\ncpuid.1.ecx = ""\n';
    assert.deepEqual(problemsWithCode(text, 'mask-register-twice'), []);
    assert.equal(problemsWithCode(text, 'duplicate-key').length, 1);
  });
});

describe('rule featmask-value', () => {
  for (const [value, reason] of [
    ['Val', /"Val" has no operation/],
    ['Foo:1', /"Foo" is not an operation VMware uses in a featMask: use Val, Min or Max/],
    ['Val:x', /"x" is not a number/],
  ] as const) {
    test(`"${value}" is an error on the value`, () => {
      const text = `featMask.vm.cpuid.AVX2 = "${value}"\n`;
      const p = only(text, 'featmask-value');
      assert.equal(p.severity, 'error');
      assert.deepEqual(p.range, rangeOf(text, `featMask.vm.cpuid.AVX2 = "[[${value}]]"\n`));
      assert.ok(p.message.startsWith('featMask.vm.cpuid.AVX2: '), p.message);
      assert.match(p.message, reason);
    });
  }

  test('decimal and hex numbers, Val/Min/Max, and known names are accepted', () => {
    const text = [
      'featMask.vm.cpuid.Intel = "Val:1"',
      'featMask.vm.cpuid.FAMILY = "Val:6"',
      'featMask.vm.cpuid.MODEL = "Val:0x9e"',
      'featMask.vm.cpuid.NUM_EXT_LEVELS = "Val:0x80000008"',
      'featMask.vm.cpuid.AVX2 = "Min:1"',
      'featMask.vm.cpuid.MWAIT = "Max:0"',
      'featMask.vm.cpuid.pdpe1gb = "Val:1"',
      'featMask.vm.hv.capable = "Min:1"',
      'featMask.vm.vt.realmode = "Val:1"',
      '',
    ].join('\n');
    assert.deepEqual(maskProblems(text), []);
  });
});

describe('rule featmask-unknown-name', () => {
  test('AVX3 is not a VMware feature name; AVX2 is suggested and each suggestion is a fix', () => {
    const text = 'featMask.vm.cpuid.AVX3 = "Val:1"\n';
    const p = only(text, 'featmask-unknown-name');
    assert.equal(p.severity, 'warning');
    assert.deepEqual(p.range, rangeOf(text, '[[featMask.vm.cpuid.AVX3]] = "Val:1"\n'));
    assert.match(p.message, /"AVX3" is not a VMware CPU feature name; did you mean .*AVX2/);
    const titles = p.fixes!.map((f) => f.title);
    assert.ok(titles.includes('Change to featMask.vm.cpuid.AVX2'), JSON.stringify(titles));
    const toAvx2 = p.fixes!.find((f) => f.title === 'Change to featMask.vm.cpuid.AVX2')!;
    const fixed = applyEdits(text, toAvx2.edits);
    assert.equal(fixed, 'featMask.vm.cpuid.AVX2 = "Val:1"\n');
    assert.deepEqual(maskProblems(fixed), []);
  });

  test('a name with one close match gets a preferred fix', () => {
    const text = 'featMask.vm.cpuid.PDPE1G = "Val:1"\n';
    const p = only(text, 'featmask-unknown-name');
    assert.match(p.message, /did you mean PDPE1GB\?/);
    assert.equal(p.fixes!.length, 1);
    assert.equal(p.fixes![0]!.isPreferred, true);
    assert.equal(applyEdits(text, p.fixes![0]!.edits), 'featMask.vm.cpuid.PDPE1GB = "Val:1"\n');
  });

  test('a missing name is reported as missing, with no guessed fixes', () => {
    const text = 'featMask.vm.cpuid. = "Val:1"\n';
    const p = only(text, 'featmask-unknown-name');
    assert.deepEqual(p.range, rangeOf(text, '[[featMask.vm.cpuid.]] = "Val:1"\n'));
    assert.equal(p.message, 'featMask.vm.cpuid. has no feature name: write featMask.vm.cpuid.<NAME>, e.g. featMask.vm.cpuid.AVX2');
    assert.equal(p.fixes, undefined);
    assert.match(only('featMask.vm = "Val:1"\n', 'featmask-unknown-name').message, /^featMask\.vm \(incomplete\) is not a featMask name/);
  });

  test('unknown families of featMask.vm warn; host-side featMask.evc lines are not checked', () => {
    const p = only('featMask.vm.hv.capabel = "Min:1"\n', 'featmask-unknown-name');
    assert.match(p.message, /"hv\.capabel" is not a featMask name VMware is known to use/);
    assert.deepEqual(problemsWithCode('featMask.evc.cpuid.WHATEVER = "Val:1"\n', 'featmask-unknown-name'), []);
  });
});

describe('rule featurecompat-enable', () => {
  test('with virtualHW.version 19 it warns on the key', () => {
    const text = 'virtualHW.version = "19"\nfeatureCompat.enable = "FALSE"\n';
    const p = only(text, 'featurecompat-enable');
    assert.equal(p.severity, 'warning');
    assert.deepEqual(p.range, rangeOf(text, 'virtualHW.version = "19"\n[[featureCompat.enable]] = "FALSE"\n'));
    assert.match(p.message, /not allowed for virtual hardware version 9 or later \(this VM has 19\)/);
    assert.match(p.message, /featMask\.vm\.cpuid\.<NAME>/);
  });

  test('with virtualHW.version 8 (or no version) it does not', () => {
    assert.deepEqual(problemsWithCode('virtualHW.version = "8"\nfeatureCompat.enable = "TRUE"\n', 'featurecompat-enable'), []);
    assert.deepEqual(problemsWithCode('featureCompat.enable = "TRUE"\n', 'featurecompat-enable'), []);
  });

  test('version 9 is the first that rejects it', () => {
    assert.equal(problemsWithCode('virtualHW.version = "9"\nfeatureCompat.enable = "TRUE"\n', 'featurecompat-enable').length, 1);
  });
});

describe('mask rules and the rest of the line', () => {
  test('CRLF line endings, trailing comments and unquoted values do not disturb columns or counts', () => {
    const text = 'cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"  # nested VT-x\r\ncpuid.01.edx = --------------------------------\r\n';
    assert.deepEqual(
      maskProblems(text).map((p) => [p.code, p.range]),
      [
        ['mask-key-spelling', rangeOf(text, 'cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"  # nested VT-x\r\n[[cpuid.01.edx]] = --------------------------------\r\n')],
        ['mask-format', rangeOf(text, 'cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"  # nested VT-x\r\ncpuid.01.edx = [[--------------------------------]]\r\n')],
      ],
    );
  });
});
