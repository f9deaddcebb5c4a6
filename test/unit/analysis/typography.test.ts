import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeOf } from '../../support/caret';
import { applyEdits } from '../../support/applyEdits';
import { modelOf, problemsOf, problemsWithCode } from '../../support/model';

describe('rule typographic-quote', () => {
  test('”----” around a cpuid value: one error spanning both quotes; the fix gives ASCII quotes and the problem disappears', () => {
    const value = '----:----:----:----:----:----:--0-:----';
    const text = `cpuid.1.ecx = ”${value}”\n`;
    const problems = problemsWithCode(text, 'typographic-quote');
    assert.equal(problems.length, 1);
    const p = problems[0]!;
    assert.equal(p.severity, 'error');
    assert.deepEqual(p.range, rangeOf(text, `cpuid.1.ecx = [[”${value}”]]\n`));
    assert.ok(p.message.includes('U+201D') && p.message.includes('cpuid.1.ecx'), p.message);
    const fix = p.fixes![0]!;
    assert.equal(fix.safe, true);
    assert.equal(fix.isPreferred, true);
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, `cpuid.1.ecx = "${value}"\n`);
    assert.deepEqual(problemsWithCode(fixed, 'typographic-quote'), []);
    assert.equal(modelOf(fixed).vmx.entries[0]!.value, value);
  });

  test('"----” (only the closing quote is typographic): the error is on that character', () => {
    const text = 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----”';
    const [p] = problemsWithCode(text, 'typographic-quote');
    assert.deepEqual(p!.range, rangeOf(text, 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----[[”]]'));
    assert.equal(applyEdits(text, p!.fixes![0]!.edits), 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"');
  });

  test('any key: “My VM” in displayName, with a trailing comment kept', () => {
    const text = 'displayName = “My VM” # from a blog';
    const [p] = problemsWithCode(text, 'typographic-quote');
    assert.ok(p!.message.includes('U+201C') && p!.message.includes('U+201D'), p!.message);
    const fixed = applyEdits(text, p!.fixes![0]!.edits);
    assert.equal(fixed, 'displayName = "My VM" # from a blog');
    assert.deepEqual(problemsWithCode(fixed, 'typographic-quote'), []);
  });

  test('a comment with typographic quotes after the value does not swallow the value: the fix leaves a clean line', () => {
    const text = 'displayName = "My VM” # the “best” one';
    const problems = problemsOf(text);
    assert.deepEqual(problems.map((p) => p.code), ['typographic-quote']);
    assert.deepEqual(problems[0]!.range, rangeOf(text, 'displayName = "My VM[[”]] # the “best” one'));
    const fixed = applyEdits(text, problems[0]!.fixes![0]!.edits);
    assert.equal(fixed, 'displayName = "My VM" # the “best” one');
    assert.deepEqual(problemsOf(fixed), []);
  });

  test('plain ASCII quotes are not flagged', () => {
    assert.deepEqual(problemsWithCode('displayName = "My VM"\n', 'typographic-quote'), []);
  });
});

describe('rule typographic-dash', () => {
  test('an em dash in a cpuid mask is an error on that character, fixed with one hyphen', () => {
    const text = 'cpuid.1.ecx = "----:----:----:----:----:----:--0—:----"';
    const problems = problemsWithCode(text, 'typographic-dash');
    assert.equal(problems.length, 1);
    const p = problems[0]!;
    assert.equal(p.severity, 'error');
    assert.deepEqual(p.range, rangeOf(text, 'cpuid.1.ecx = "----:----:----:----:----:----:--0[[—]]:----"'));
    assert.ok(p.message.includes('em dash') && p.message.includes('U+2014'), p.message);
    const fixed = applyEdits(text, p.fixes![0]!.edits);
    assert.equal(fixed, 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"');
    assert.deepEqual(problemsOf(fixed), [], 'the fixed line is a valid mask');
  });

  test('auto-corrected "--" (each dash stood for two hyphens, which makes 32 flags) is fixed with "--"', () => {
    const original = 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"';
    const autocorrected = original.replace(/--/g, '—');
    assert.equal(autocorrected, 'cpuid.1.ecx = "——:——:——:——:——:——:—0-:——"');
    const [p] = problemsWithCode(autocorrected, 'typographic-dash');
    assert.ok(p!.message.includes('auto-corrected "--"'), p!.message);
    assert.deepEqual(p!.range, rangeOf(autocorrected, 'cpuid.1.ecx = "[[——:——:——:——:——:——:—0-:——]]"'));
    assert.equal(p!.fixes![0]!.title, 'Replace each typographic dash with "--"');
    assert.equal(applyEdits(autocorrected, p!.fixes![0]!.edits), original);
    assert.deepEqual(problemsOf(original), []);
  });

  test('the "—-" mix (an em dash next to a hyphen) is recognised as auto-correction too', () => {
    const original = 'cpuid.80000001.ecx = "---0:----:----:----:----:----:----:---1"';
    const autocorrected = 'cpuid.80000001.ecx = "—-0:——:——:——:——:——:——:—-1"';
    const [p] = problemsWithCode(autocorrected, 'typographic-dash');
    assert.equal(applyEdits(autocorrected, p!.fixes![0]!.edits), original);
  });

  test('en dash and minus sign in a featMask value are replaced one for one', () => {
    const text = 'featMask.vm.cpuid.Intel = "Val:–1−"';
    const [p] = problemsWithCode(text, 'typographic-dash');
    assert.ok(p!.message.includes('en dash') && p!.message.includes('minus sign'), p!.message);
    assert.deepEqual(p!.range, rangeOf(text, 'featMask.vm.cpuid.Intel = "Val:[[–1−]]"'));
    assert.equal(applyEdits(text, p!.fixes![0]!.edits), 'featMask.vm.cpuid.Intel = "Val:-1-"');
  });

  test('not flagged outside cpuid.* and featMask.* values (displayName = "a — b")', () => {
    assert.deepEqual(problemsWithCode('displayName = "a — b"\nannotation = "x – y"\n', 'typographic-dash'), []);
  });

  test('a line with a typographic quote and a dash gets both problems, and both fixes together fix the line', () => {
    const text = 'cpuid.1.ecx = ”----:----:----:----:----:----:--0—:----”';
    const model = modelOf(text);
    const codes = model.problems.map((p) => p.code);
    assert.ok(codes.includes('typographic-quote') && codes.includes('typographic-dash'), codes.join());
    const edits = model.problems.filter((p) => p.code.startsWith('typographic-')).flatMap((p) => p.fixes![0]!.edits);
    assert.equal(applyEdits(text, edits), 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"');
  });
});
