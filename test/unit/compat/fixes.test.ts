/**
 * Quick fixes of the compatibility engine, round trip: apply the edits the
 * way an editor does, analyse again. The diagnostic is gone, no new error
 * appears, the edits change single flag characters or insert whole lines
 * (with the file's line ending), and flags other than the changed ones stay.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../support/applyEdits';
import { offsetAt } from '../../support/caret';
import { modelOf } from '../../support/model';
import type { Fix, Problem } from '../../../server/src/analysis/problem';
import type { ResolvedConfig } from '../../../server/src/config/config';
import { configOf, describeProblems, host } from './helpers';
import { compatibilityMatrix } from '../../../server/src/compat/matrix';

const AVX_FAMILY = ['avx', 'avx2', 'fma', 'f16c'];
const haswell = host('esx-haswell', { has: [...AVX_FAMILY, 'xsave', 'movbe', 'aes', 'vmx'] });
const westmere = host('esx-westmere', { has: ['xsave', 'aes', 'vmx'], lacks: [...AVX_FAMILY, 'movbe'] });
const ivy = host('esx-ivy', { has: ['xsave', 'aes', 'vmx', 'avx', 'f16c'], lacks: ['avx2', 'fma', 'movbe'] });

const errors = (text: string, config: ResolvedConfig): Problem[] => modelOf(text, { config }).problems.filter((p) => p.severity === 'error');
const key = (p: Problem) => `${p.code}: ${p.message}`;

function fixNamed(problem: Problem, title: RegExp): Fix {
  const fix = problem.fixes?.find((f) => title.test(f.title));
  assert.ok(fix, `no fix ${title} on ${problem.code} (fixes: ${JSON.stringify(problem.fixes?.map((f) => f.title))})`);
  return fix;
}

function find(text: string, config: ResolvedConfig, code: string, message: RegExp): Problem {
  const all = modelOf(text, { config }).problems;
  const p = all.find((x) => x.code === code && message.test(x.message));
  assert.ok(p, `no ${code} matching ${message} in ${describeProblems(all)}`);
  return p;
}

/**
 * Applies a fix and checks the invariants every fix must keep. Returns the fixed text.
 * `changedBits`: how many flag characters the fix may replace in existing lines.
 */
function roundTrip(text: string, config: ResolvedConfig, problem: Problem, fix: Fix): string {
  const crlf = text.includes('\r\n');
  const fixed = applyEdits(text, fix.edits);
  assert.notEqual(fixed, text, `fix "${fix.title}" changes nothing`);

  // Edits: single flag characters inside existing values, featMask values or lines, or whole new lines at a line boundary.
  const deleted = new Set<string>();
  for (const e of fix.edits) {
    const start = offsetAt(text, e.range.start);
    const end = offsetAt(text, e.range.end);
    if (end > start) {
      const old = text.slice(start, end);
      const line = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
      if (e.newText === '' && /^(\r?\n)?featMask\.[^\n]*(\r?\n)?$/i.test(old)) {
        // Dropping a featMask line (its "default"): the whole line with one line ending.
        assert.ok(old.endsWith('\n') ? start === 0 || text[start - 1] === '\n' : end === text.length, `"${fix.title}" deletes a partial line`);
        deleted.add(old.replace(/\r?\n/g, ''));
      } else if (/^featMask\./i.test(line.trimStart())) assert.match(e.newText, /^(Val|Min|Max):\d+$/, `featMask edit of "${fix.title}"`);
      else {
        assert.equal(old.length, 1, `edit of "${fix.title}" replaces more than one flag: ${JSON.stringify(old)}`);
        assert.match(old, /^[-01hHRTFxX]$/);
        assert.match(e.newText, /^[-0]$/);
        assert.match(line, /^\s*cpuid\.[^=]+=\s*"[^"]*$/, 'the replaced character is inside a cpuid mask value');
      }
    } else {
      const eol = crlf ? '\r\n' : '\n';
      const atLineStart = start === 0 || text[start - 1] === '\n';
      const atEnd = start === text.length;
      assert.ok(atLineStart || atEnd, `insertion of "${fix.title}" is not at a line boundary`);
      const lines = e.newText.split(eol);
      const body = lines.filter((l) => l !== '');
      assert.ok(body.length >= 1);
      for (const l of body) assert.match(l, /^cpuid\.[0-9a-f]+(\.[0-9a-f]+)?\.e[abcd]x = "([-0]{4}:){7}[-0]{4}"$/, `inserted line ${JSON.stringify(l)}`);
      if (!crlf) assert.ok(!e.newText.includes('\r'), 'LF file: no CR inserted');
    }
  }
  // Line endings: a CRLF file stays CRLF throughout.
  if (crlf) assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, `a bare LF after "${fix.title}": ${JSON.stringify(fixed)}`);
  // Every original line is still there, in order (only flag characters may differ).
  const before = text.split('\n');
  const after = fixed.split('\n');
  let j = 0;
  for (const line of before) {
    if (deleted.has(line.replace(/\r$/, ''))) continue;
    while (j < after.length && !sameExceptFlags(line, after[j]!)) j++;
    assert.ok(j < after.length, `line ${JSON.stringify(line)} is gone after "${fix.title}":\n${fixed}`);
    j++;
  }

  // The diagnostic is gone; no error that was not there before. vMotion errors are compared as
  // blockers (target, feature, why): a fix may turn "No mask hides AVX, FMA…" into one diagnostic
  // per bit once the register has a mask line, which is the same blocker, not a new one.
  const beforeKeys = new Set(errors(text, config).map(key));
  const afterErrors = errors(fixed, config);
  assert.ok(!afterErrors.some((p) => key(p) === key(problem)), `"${fix.title}" leaves ${key(problem)}`);
  // A dependency error is the same error while the same prerequisite is missing (with fewer dependants).
  const depKey = (p: Problem) => (p.code === 'dependency-missing' ? `${p.code}: not ${/ but not (.+?), which /.exec(p.message)?.[1]}` : key(p));
  const beforeDeps = new Set(errors(text, config).map(depKey));
  const fresh = afterErrors.filter((p) => !p.code.startsWith('vmotion-') && !beforeKeys.has(key(p)) && !beforeDeps.has(depKey(p)));
  assert.deepEqual(fresh.map(key), [], `"${fix.title}" brings new errors:\n${fixed}`);
  const blockersBefore = new Set(blockers(text, config));
  assert.deepEqual(blockers(fixed, config).filter((b) => !blockersBefore.has(b)), [], `"${fix.title}" brings new vMotion blockers:\n${fixed}`);
  const made = /^Make compatible with (.+) \(hide/.exec(fix.title)?.[1];
  if (made) {
    const left = blockers(fixed, config).filter((b) => (made === 'all targets' || b.startsWith(`${made}|`)) && /\|(target-lacks|must-match)$/.test(b));
    assert.deepEqual(left, [], `"${fix.title}" leaves blockers`);
  }
  // Host-free rules (mask syntax) stay clean.
  const syntax = modelOf(fixed).problems.filter((p) => p.severity === 'error');
  assert.deepEqual(syntax.map(key), []);
  return fixed;
}

/** What blocks vMotion, as `target|feature|why` (the matrix view's rows). */
function blockers(text: string, config: ResolvedConfig): string[] {
  return compatibilityMatrix(modelOf(text), config).flatMap((row) => row.blockers.map((b) => `${row.target.name}|${b.feature}|${b.why}`));
}

function sameExceptFlags(a: string, b: string): boolean {
  // The last line may gain a line ending when a line is appended after it.
  a = a.replace(/\r$/, '');
  b = b.replace(/\r$/, '');
  if (a === b) return true;
  if (a.length !== b.length || !/^\s*cpuid\./.test(a)) return /^\s*featMask\./i.test(a) && a.replace(/"[^"]*"/, '') === b.replace(/"[^"]*"/, '');
  return [...a].every((c, i) => c === b[i] || (/[-01hHRTFxX]/.test(c) && /[-0]/.test(b[i]!)));
}

/** Flags of a mask line in `text`, bit 31 first without separators. */
function flagsOf(text: string, keyName: string): string {
  const m = new RegExp(`^${keyName.replace(/\./g, '\\.')} = "([^"]*)"`, 'm').exec(text);
  assert.ok(m, `no ${keyName} in ${JSON.stringify(text)}`);
  return m[1]!.replace(/:/g, '');
}

const flagAt = (text: string, keyName: string, bit: number) => flagsOf(text, keyName)[31 - bit];

describe('compat fixes: on an existing mask', () => {
  // AVX forced to 1; nested virtualisation passed through (h on VMX, bit 5); everything else default.
  const text = 'displayName = "db01"\ncpuid.1.ecx = "---1:----:----:----:----:----:--h-:----"\nmemsize = "4096"\n';
  const config = configOf(haswell, [westmere]);
  const avx = () => find(text, config, 'vmotion-target-lacks', /^cpuid\.1\.ecx bit 28 \(AVX\) is forced to 1/);

  test('hide the bit: AVX and everything that needs it, other flags untouched', () => {
    const fixed = roundTrip(text, config, avx(), fixNamed(avx(), /^Hide AVX/));
    assert.equal(flagAt(fixed, 'cpuid.1.ecx', 28), '0');
    assert.equal(flagAt(fixed, 'cpuid.1.ecx', 5), 'h', 'the h on VMX stays');
    assert.equal(modelOf(fixed, { config }).problems.filter((p) => p.code === 'dependency-missing').length, 0);
  });

  test('reset to default is offered only where the default would move', () => {
    // The source has AVX: "-" would pass it and still block. Not a fix here.
    assert.equal(avx().fixes?.some((f) => /^Reset AVX/.test(f.title)), false, JSON.stringify(avx().fixes?.map((f) => f.title)));
    // A source without AVX: "-" hides it from the guest, so resetting removes the block.
    const noAvx = configOf(westmere, [host('esx-none', { lacks: ['avx'] })]);
    const forced = find(text, noAvx, 'vmotion-target-lacks', /bit 28 \(AVX\) is forced to 1/);
    const fixed = roundTrip(text, noAvx, forced, fixNamed(forced, /^Reset AVX to the default/));
    assert.equal(flagAt(fixed, 'cpuid.1.ecx', 28), '-');
    assert.equal(flagAt(fixed, 'cpuid.1.ecx', 5), 'h');
  });

  test('make compatible with the target: every feature it lacks is hidden, in place or on a new line', () => {
    const p = avx();
    const fixed = roundTrip(text, config, p, fixNamed(p, /^Make compatible with esx-westmere \(hide 5 features\)$/));
    assert.deepEqual(errors(fixed, config), []);
    for (const bit of [29, 28, 22, 12]) assert.equal(flagAt(fixed, 'cpuid.1.ecx', bit), '0', `bit ${bit}`);
    assert.equal(flagAt(fixed, 'cpuid.1.ecx', 5), 'h');
    assert.equal(flagAt(fixed, 'cpuid.7.0.ebx', 5), '0');
    assert.equal(fixed, 'displayName = "db01"\ncpuid.1.ecx = "--00:----:-0--:----:---0:----:--h-:----"\ncpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"\nmemsize = "4096"\n');
  });

  test('power-on-forced-missing: drop the forced 1', () => {
    const c = configOf(westmere, []);
    const p = find(text, c, 'power-on-forced-missing', /bit 28 \(AVX\)/);
    const fixed = roundTrip(text, c, p, fixNamed(p, /^Drop the forced 1 on AVX/));
    assert.equal(fixed, text.replace('---1:', '----:'));
  });

  test('vmotion-must-match: hide it', () => {
    const t = 'cpuid.1.ecx = "----:----:-H--:----:----:----:--h-:----"\ncpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"\n';
    const c = configOf(ivy, [host('esx-ivy-2', { has: ['xsave', 'aes', 'vmx', 'avx', 'f16c', 'movbe'], lacks: ['avx2', 'fma'] })]);
    const p = find(t, c, 'vmotion-must-match', /MOVBE/);
    const fixed = roundTrip(t, c, p, fixNamed(p, /^Hide MOVBE/));
    assert.equal(flagAt(fixed, 'cpuid.1.ecx', 22), '0');
  });

  test('a featMask line is fixed in its value', () => {
    const t = 'featMask.vm.cpuid.MOVBE = "Val:1"\n';
    const c = configOf(haswell, [host('esx-x', { lacks: ['movbe'] })]);
    const p = find(t, c, 'vmotion-target-lacks', /^featMask\.vm\.cpuid\.MOVBE/);
    assert.equal(roundTrip(t, c, p, fixNamed(p, /^Hide MOVBE/)), 'featMask.vm.cpuid.MOVBE = "Val:0"\n');
  });
});

describe('compat fixes: files with no mask for the register (a line is inserted)', () => {
  const config = configOf(haswell, [westmere]);
  const implicit = (text: string, c = config) => find(text, c, 'vmotion-target-lacks', /^No mask hides/);

  test('LF file: new lines after the last setting', () => {
    const text = '# db01\ndisplayName = "db01"\nmemsize = "4096"\n';
    const p = implicit(text);
    const fixed = roundTrip(text, config, p, fixNamed(p, /^Make compatible with esx-westmere/));
    assert.equal(
      fixed,
      '# db01\ndisplayName = "db01"\nmemsize = "4096"\ncpuid.1.ecx = "--00:----:-0--:----:---0:----:----:----"\ncpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"\n',
    );
    assert.deepEqual(errors(fixed, config), []);
  });

  test('new lines go after the last cpuid line when there is one', () => {
    const text = 'cpuid.80000001.edx = "----:----:----:----:----:----:----:----"\nmemsize = "4096"\n';
    const p = implicit(text);
    const fixed = roundTrip(text, config, p, fixNamed(p, /^Make compatible with esx-westmere/));
    assert.match(fixed, /^cpuid\.80000001\.edx = .*\ncpuid\.1\.ecx = .*\ncpuid\.7\.0\.ebx = .*\nmemsize = "4096"\n$/);
  });

  test('CRLF file: the inserted lines use CRLF', () => {
    const text = 'displayName = "db01"\r\nmemsize = "4096"\r\n';
    const p = implicit(text);
    const fixed = roundTrip(text, config, p, fixNamed(p, /^Make compatible with esx-westmere/));
    assert.equal(fixed, 'displayName = "db01"\r\nmemsize = "4096"\r\ncpuid.1.ecx = "--00:----:-0--:----:---0:----:----:----"\r\ncpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"\r\n');
  });

  test('CRLF file with a mask in the middle: the inserted line uses CRLF', () => {
    const text = 'cpuid.1.ecx = "--00:----:-0--:----:---0:----:----:----"\r\nmemsize = "4096"\r\n';
    const p = implicit(text);
    const fixed = roundTrip(text, config, p, fixNamed(p, /^Make compatible with esx-westmere \(hide 1 feature\)/));
    assert.equal(fixed, 'cpuid.1.ecx = "--00:----:-0--:----:---0:----:----:----"\r\ncpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"\r\nmemsize = "4096"\r\n');
  });

  test('a file without a final newline', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = `displayName = "db01"${eol}memsize = "4096"`;
      const p = implicit(text);
      const fixed = roundTrip(text, config, p, fixNamed(p, /^Make compatible with esx-westmere/));
      assert.equal(fixed, `displayName = "db01"${eol}memsize = "4096"${eol}cpuid.1.ecx = "--00:----:-0--:----:---0:----:----:----"${eol}cpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"`);
    }
  });

  test('an empty file', () => {
    const text = '';
    const p = implicit(text);
    const fixed = roundTrip(text, config, p, fixNamed(p, /^Make compatible with esx-westmere/));
    assert.deepEqual(errors(fixed, config), []);
  });

  test('make compatible with all targets', () => {
    const c = configOf(haswell, [westmere, ivy]);
    const text = 'displayName = "db01"\n';
    const p = implicit(text, c);
    const fixed = roundTrip(text, c, p, fixNamed(p, /^Make compatible with all targets/));
    assert.deepEqual(errors(fixed, c), []);
    // Only what one of the targets lacks is hidden: nothing both have.
    assert.equal(flagAt(fixed, 'cpuid.1.ecx', 25), '-', 'AES stays');
    // Per-target fix: only what that target lacks.
    const toIvy = modelOf(text, { config: c }).problems.find((x) => x.message.includes('target esx-ivy lacks'))!;
    const ivyFixed = applyEdits(text, fixNamed(toIvy, /^Make compatible with esx-ivy/).edits);
    assert.equal(flagAt(ivyFixed, 'cpuid.1.ecx', 28), '-', 'AVX stays for esx-ivy');
    assert.equal(flagAt(ivyFixed, 'cpuid.1.ecx', 12), '0', 'FMA hidden for esx-ivy');
  });
});

describe('compat fixes: dependency-missing', () => {
  test('hide the dependants too (AVX2 on a new line, FMA/F16C in place)', () => {
    const text = 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\n';
    const c = configOf(haswell, []);
    const p = find(text, c, 'dependency-missing', /but not AVX/);
    const fixed = roundTrip(text, c, p, fixNamed(p, /^Hide .* too$/));
    assert.equal(fixed, 'cpuid.1.ecx = "--00:----:----:----:---0:----:----:----"\ncpuid.7.0.ebx = "----:----:----:----:----:----:--0-:----"\n');
    assert.deepEqual(modelOf(fixed, { config: c }).problems.filter((x) => x.code === 'dependency-missing'), []);
  });

  test('transitive dependants are hidden as well (AVX512DQ needs AVX512F needs AVX)', () => {
    const skx = host('esx-skx', { has: [...AVX_FAMILY, 'xsave', 'avx512f', 'avx512dq'] });
    const text = 'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\n';
    const c = configOf(skx, []);
    const p = find(text, c, 'dependency-missing', /but not AVX,/);
    const fixed = roundTrip(text, c, p, fixNamed(p, /^Hide .* too$/));
    assert.deepEqual(modelOf(fixed, { config: c }).problems.filter((x) => x.code === 'dependency-missing').map(key), []);
  });
});

describe('compat fixes: every fix offered, round trip', () => {
  const skx = host('esx-skx', { has: [...AVX_FAMILY, 'xsave', 'movbe', 'aes', 'vmx', 'avx512f', 'avx512dq'] });
  const documents = [
    'displayName = "db01"\n',
    'cpuid.1.ecx = "---1:----:-H--:----:----:----:--h-:----"\nmemsize = "4096"\n',
    'cpuid.1.ecx = "---0:----:----:----:----:----:----:----"\r\nnumvcpus = "2"\r\n',
    'featMask.vm.cpuid.AVX2 = "Val:1"\nfeatMask.vm.cpuid.MOVBE = "Val:1"\ncpuid.7.0.ebx = "----:----:----:---1:----:----:----:----"',
    'cpuid.1.ecx = "----:----:-R--:----:---1:----:----:----"\n',
  ];
  const configs = [configOf(skx, [westmere, ivy]), configOf(haswell, [westmere], false), configOf(westmere, [haswell], false), configOf(ivy, [haswell, westmere])];

  test('each fix removes its diagnostic, brings no new error and keeps the rest of the file', () => {
    let checked = 0;
    for (const text of documents) {
      for (const config of configs) {
        for (const p of modelOf(text, { config }).problems) {
          if (!p.code.startsWith('vmotion-') && !p.code.startsWith('power-on-') && p.code !== 'dependency-missing') continue;
          for (const fix of p.fixes ?? []) {
            roundTrip(text, config, p, fix);
            checked++;
          }
        }
      }
    }
    assert.ok(checked >= 100, `${checked} fixes checked`);
  });
});

describe('compat fixes: dropping a forced 1 without EVC', () => {
  test('"-" would be a no-EVC mismatch with a target that has the feature: the fix sets 0 instead', () => {
    const text = 'cpuid.1.ecx = "----:----:-1--:----:----:----:----:----"\n';
    const withEvc = configOf(westmere, [haswell], true);
    const p = find(text, withEvc, 'power-on-forced-missing', /MOVBE/);
    assert.equal(roundTrip(text, withEvc, p, fixNamed(p, /^Drop the forced 1 on MOVBE \(reset to -\)$/)), text.replace('-1--', '----'));
    const noEvc = configOf(westmere, [haswell], false);
    const q = find(text, noEvc, 'power-on-forced-missing', /MOVBE/);
    assert.equal(roundTrip(text, noEvc, q, fixNamed(q, /^Drop the forced 1 on MOVBE \(set to 0/)), text.replace('-1--', '-0--'));
  });

  test('on a featMask line, dropping the forced 1 deletes the line', () => {
    for (const [text, fixed] of [
      ['memsize = "4096"\nfeatMask.vm.cpuid.MOVBE = "Val:1"\nnumvcpus = "2"\n', 'memsize = "4096"\nnumvcpus = "2"\n'],
      ['memsize = "4096"\r\nfeatMask.vm.cpuid.MOVBE = "Val:1"', 'memsize = "4096"'],
    ] as const) {
      const c = configOf(westmere, []);
      const p = find(text, c, 'power-on-forced-missing', /MOVBE/);
      assert.equal(roundTrip(text, c, p, fixNamed(p, /^Drop the forced 1 on MOVBE/)), fixed);
    }
  });
});
