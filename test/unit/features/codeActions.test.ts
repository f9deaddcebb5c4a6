import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind, type CodeAction, type TextEdit } from 'vscode-languageserver-types';
import { computeCodeActions, FIX_ALL_KIND } from '../../../server/src/features/codeActions';
import { computeDiagnostics } from '../../../server/src/features/diagnostics';
import { caret, rangeOf } from '../../support/caret';
import { applyEdits } from '../../support/applyEdits';
import { modelOf, problemsWithCode, TEST_URI } from '../../support/model';

function editsOf(action: CodeAction): TextEdit[] {
  const changes = action.edit?.changes;
  assert.ok(changes, `action "${action.title}" has no edit`);
  assert.deepEqual(Object.keys(changes), [TEST_URI]);
  return changes[TEST_URI]!;
}

const at = (position: { line: number; character: number }) => ({ start: position, end: position });

describe('feature: code actions', () => {
  test('a quick fix is offered at the caret on a typographic quote and carries its diagnostic', () => {
    const { text, position } = caret('memsize = "4096"\ndisplayName = “My⁁ VM”\n');
    const model = modelOf(text);
    const actions = computeCodeActions(model, at(position), [CodeActionKind.QuickFix]);
    assert.equal(actions.length, 1);
    const action = actions[0]!;
    assert.equal(action.kind, CodeActionKind.QuickFix);
    assert.equal(action.isPreferred, true);
    assert.deepEqual(action.diagnostics, computeDiagnostics(model).filter((d) => d.code === 'typographic-quote'));
    assert.equal(applyEdits(text, editsOf(action)), 'memsize = "4096"\ndisplayName = "My VM"\n');
  });

  test('no quick fix away from the problem', () => {
    const { text, position } = caret('me⁁msize = "4096"\ndisplayName = “My VM”\n');
    assert.deepEqual(computeCodeActions(modelOf(text), at(position), [CodeActionKind.QuickFix]), []);
  });

  test('a range touching the end of the problem still gets the fix', () => {
    const text = 'numvcpus = "1"\nnumvcpus = "2"\n';
    const end = rangeOf(text, 'numvcpus = "1"\nnumvcpus[[]] = "2"\n');
    const actions = computeCodeActions(modelOf(text), end, [CodeActionKind.QuickFix]);
    assert.deepEqual(actions.map((a) => a.title), ['Delete line 2 (keep numvcpus = "1" on line 1)']);
    assert.equal(actions[0]!.isPreferred, false);
    assert.equal(applyEdits(text, editsOf(actions[0]!)), 'numvcpus = "1"\n');
  });

  test('fix-all applies every safe fix (quotes and dashes) but not the unsafe ones (deleting a duplicate)', () => {
    const text = [
      'displayName = “My VM”',
      'cpuid.1.ecx = "----:----:----:----:----:----:--0—:----"',
      'numvcpus = "1"',
      'numvcpus = "2"',
      'annotation = ”a — b”',
      '',
    ].join('\n');
    const model = modelOf(text);
    const actions = computeCodeActions(model, at({ line: 0, character: 0 }), [FIX_ALL_KIND]);
    assert.equal(actions.length, 1);
    const fixAll = actions[0]!;
    assert.equal(fixAll.kind, FIX_ALL_KIND);
    assert.equal(FIX_ALL_KIND, 'source.fixAll.vmx-cpuid');
    const fixed = applyEdits(text, editsOf(fixAll));
    assert.equal(
      fixed,
      ['displayName = "My VM"', 'cpuid.1.ecx = "----:----:----:----:----:----:--0-:----"', 'numvcpus = "1"', 'numvcpus = "2"', 'annotation = "a — b"', ''].join('\n'),
    );
    assert.deepEqual(problemsWithCode(fixed, 'typographic-quote'), []);
    assert.deepEqual(problemsWithCode(fixed, 'typographic-dash'), []);
    assert.equal(problemsWithCode(fixed, 'duplicate-key').length, 1);
  });

  test('"only" filters by kind hierarchy', () => {
    const { text, position } = caret('displayName = “My⁁ VM”\n');
    const model = modelOf(text);
    const kinds = (only?: string[]) => computeCodeActions(model, at(position), only).map((a) => a.kind);
    assert.deepEqual(kinds(), [CodeActionKind.QuickFix, FIX_ALL_KIND]);
    assert.deepEqual(kinds([]), [CodeActionKind.QuickFix, FIX_ALL_KIND]);
    assert.deepEqual(kinds([CodeActionKind.QuickFix]), [CodeActionKind.QuickFix]);
    assert.deepEqual(kinds([CodeActionKind.Source]), [FIX_ALL_KIND]);
    assert.deepEqual(kinds([CodeActionKind.SourceFixAll]), [FIX_ALL_KIND]);
    assert.deepEqual(kinds([CodeActionKind.Refactor]), []);
    assert.deepEqual(kinds(['source.fixAll.other-tool']), []);
  });

  test('no fix-all when nothing is safely fixable', () => {
    assert.deepEqual(computeCodeActions(modelOf('numvcpus = "1"\nnumvcpus = "2"\n'), at({ line: 5, character: 0 }), [FIX_ALL_KIND]), []);
  });
});
