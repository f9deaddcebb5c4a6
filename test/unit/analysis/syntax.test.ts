import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeOf } from '../../support/caret';
import { analyze } from '../../../server/src/analysis/analyze';
import { modelOf, problemsOf, problemsWithCode } from '../../support/model';

describe('rule malformed-line / template-syntax', () => {
  test('a malformed line is an error at the parser range, with the parser message', () => {
    const text = 'memsize = "4096"\ndisplayName = Windows 10\n';
    const [p] = problemsWithCode(text, 'malformed-line');
    assert.equal(p!.severity, 'error');
    assert.deepEqual(p!.range, rangeOf(text, 'memsize = "4096"\ndisplayName = Windows [[10]]\n'));
    assert.ok(p!.message.includes('put the whole value in quotes'), p!.message);
  });

  test('a Jinja statement is a template-syntax warning over the statement', () => {
    const text = "memsize = \"4096\"\n  {% if AMD == '1' -%}\n";
    const problems = problemsOf(text);
    assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['template-syntax', 'warning']]);
    assert.deepEqual(problems[0]!.range, rangeOf(text, "memsize = \"4096\"\n  [[{% if AMD == '1' -%}]]\n"));
  });
});

describe('rule template-placeholder', () => {
  test('a quoted {{ placeholder }} value is information on the value', () => {
    const text = 'displayName = "{{ VM_NAME }}"\n';
    const problems = problemsOf(text);
    assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['template-placeholder', 'information']]);
    assert.deepEqual(problems[0]!.range, rangeOf(text, 'displayName = "[[{{ VM_NAME }}]]"\n'));
    assert.ok(problems[0]!.message.includes('displayName') && problems[0]!.message.includes('{{ VM_NAME }}'), problems[0]!.message);
  });

  test('a placeholder in the key is information on the key', () => {
    const text = 'ethernet{{N}}.present = "TRUE"';
    const [p] = problemsWithCode(text, 'template-placeholder');
    assert.deepEqual(p!.range, rangeOf(text, '[[ethernet{{N}}.present]] = "TRUE"'));
  });

  test('ordinary braces are not placeholders', () => {
    assert.deepEqual(problemsWithCode('annotation = "a {b} c"', 'template-placeholder'), []);
  });
});

describe('rule unknown-encoding', () => {
  test('an unknown name is a warning on the value', () => {
    const text = '# header\n.encoding = "klingon-42"\n';
    const problems = problemsOf(text);
    assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['unknown-encoding', 'warning']]);
    assert.deepEqual(problems[0]!.range, rangeOf(text, '# header\n.encoding = "[[klingon-42]]"\n'));
    assert.ok(problems[0]!.message.includes('"klingon-42"'), problems[0]!.message);
  });

  test('known encodings are accepted, whatever their case', () => {
    for (const name of ['UTF-8', 'utf-8', 'windows-1252', 'windows-1251', 'GBK', 'Shift_JIS', 'shift_jis']) {
      assert.deepEqual(problemsOf(`.encoding = "${name}"\n`), [], name);
    }
  });

  test('an empty declaration is not reported as an unknown encoding', () => {
    assert.deepEqual(problemsWithCode('.encoding = ""\n', 'unknown-encoding'), []);
  });
});

describe('analysis: order and rule settings', () => {
  const text = ['numvcpus = "1"', 'displayName = “x”', 'numvcpus = "2"', 'bad line', ''].join('\n');

  test('problems come sorted by position', () => {
    const problems = problemsOf(text);
    assert.deepEqual(problems.map((p) => [p.range.start.line, p.code]), [[1, 'typographic-quote'], [2, 'duplicate-key'], [3, 'malformed-line']]);
  });

  test('"off" removes a rule, a severity overrides the default, other rules are untouched', () => {
    const problems = problemsOf(text, { rules: { 'duplicate-key': 'off', 'typographic-quote': 'hint' } });
    assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['typographic-quote', 'hint'], ['malformed-line', 'error']]);
  });

  test('analyze(doc, { rules }) applies the same settings when called directly', () => {
    const model = modelOf(text);
    assert.deepEqual(analyze(model, { rules: {} }), [...model.problems]);
    const quiet = analyze(model, { rules: { 'malformed-line': 'off', 'duplicate-key': 'warning', 'typographic-quote': 'off' } });
    assert.deepEqual(quiet.map((p) => [p.code, p.severity]), [['duplicate-key', 'warning']]);
  });
});
