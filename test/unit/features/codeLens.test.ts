/** The compatibility code lens: "moves to N of M targets", "choose hosts", and the recorded-host lens. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeCodeLenses, SHOW_MATRIX_COMMAND, USE_RECORDED_HOST_COMMAND } from '../../../server/src/features/codeLens';
import { rangeOf } from '../../support/caret';
import { modelOf, TEST_URI } from '../../support/model';
import { builtin, configOf, host } from '../compat/helpers';
import { commonFeatureMasks } from '../../../server/src/compat/baseline';

const haswell = builtin('intel-haswell');
const targets = ['intel-broadwell', 'intel-skylake', 'intel-westmere', 'intel-nehalem', 'intel-haswell'].map(builtin);

describe('feature: code lens', () => {
  test('moves to N of M targets, naming the blocked ones, opening the matrix', () => {
    const text = '# db01\ndisplayName = "db01"\ncpuid.1.ecx = "----:----:----:----:----:----:----:----"\n';
    const lenses = computeCodeLenses(modelOf(text), configOf(haswell, targets));
    assert.deepEqual(lenses.map((l) => l.command?.command), [SHOW_MATRIX_COMMAND, 'vmxCpuid.showMaskGrid']);
    assert.deepEqual(lenses[1]!.command?.arguments, [TEST_URI], 'the mask grid lens opens this file');
    const lens = lenses[0]!;
    assert.equal(lens.command?.title, '$(arrow-swap) moves to 3 of 5 targets — blocked: intel-westmere, intel-nehalem');
    assert.equal(lens.command?.command, SHOW_MATRIX_COMMAND);
    assert.deepEqual(lens.command?.arguments, [TEST_URI]);
    assert.deepEqual(lens.range, rangeOf(text, '# db01\n[[]]displayName = "db01"\ncpuid.1.ecx = "----:----:----:----:----:----:----:----"\n'));
  });

  test('the counts follow the masks: hiding what Westmere lacks makes it reachable', () => {
    const westmere = builtin('intel-westmere');
    const title = (text: string) => computeCodeLenses(modelOf(text), configOf(haswell, [westmere, builtin('intel-nehalem')]))[0]!.command!.title;
    assert.equal(title('numvcpus = "1"\n'), '$(arrow-swap) moves to 0 of 2 targets — blocked: intel-westmere, intel-nehalem');
    assert.equal(title(commonFeatureMasks([haswell, westmere]).text), '$(arrow-swap) moves to 1 of 2 targets — blocked: intel-nehalem');
  });

  test('more than three blocked targets are abbreviated', () => {
    const many = ['intel-merom', 'intel-penryn', 'intel-nehalem', 'intel-westmere', 'intel-skylake'].map(builtin);
    const title = computeCodeLenses(modelOf('numvcpus = "1"\n'), configOf(haswell, many))[0]!.command!.title;
    assert.equal(title, '$(arrow-swap) moves to 1 of 5 targets — blocked: intel-merom, intel-penryn, intel-nehalem…');
  });

  test('every target reachable: no "blocked" part', () => {
    const title = computeCodeLenses(modelOf('numvcpus = "1"\n'), configOf(haswell, [builtin('intel-skylake')]))[0]!.command!.title;
    assert.equal(title, '$(arrow-swap) moves to 1 of 1 target');
  });

  test('without hosts configured, a file with masks gets the "choose hosts" lens; one without masks none', () => {
    const text = 'memsize = "4096"\ncpuid.1.ecx = "----:----:----:----:----:----:----:----"\n';
    for (const config of [undefined, configOf(undefined, []), configOf(haswell, []), configOf(undefined, targets)]) {
      const lenses = computeCodeLenses(modelOf(text), config);
      assert.deepEqual(lenses.map((l) => l.command?.command), ['vmxCpuid.chooseHosts', 'vmxCpuid.showMaskGrid']);
      assert.equal(lenses[0]!.command?.title, '$(server-environment) choose source and target hosts to check vMotion');
      assert.equal(lenses[0]!.command?.command, 'vmxCpuid.chooseHosts');
    }
    assert.equal(computeCodeLenses(modelOf('featMask.vm.cpuid.AVX = "Val:0"\n'), undefined).length, 2);
    assert.deepEqual(computeCodeLenses(modelOf('memsize = "4096"\n'), undefined), []);
  });

  test('a recorded host (hostCPUID lines) gets a lens to use it as the source', () => {
    const text = 'memsize = "4096"\nhostCPUID.0 = "0000000d756e65476c65746e49656e69"\nhostCPUID.1 = "000206d70020080017bee3ffbfebfbff"\n';
    const lenses = computeCodeLenses(modelOf(text), undefined);
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0]!.command?.title, 'Use this recorded host as the source profile');
    assert.equal(lenses[0]!.command?.command, USE_RECORDED_HOST_COMMAND);
    assert.deepEqual(lenses[0]!.range, rangeOf(text, 'memsize = "4096"\n[[hostCPUID.0 = "0000000d756e65476c65746e49656e69"]]\nhostCPUID.1 = "000206d70020080017bee3ffbfebfbff"\n'));
    // guestCPUID records, or a host record that is not 32 hex digits, are not a host to use.
    assert.deepEqual(computeCodeLenses(modelOf('guestCPUID.1 = "000206d70020080017bee3ffbfebfbff"\n'), undefined), []);
    assert.deepEqual(computeCodeLenses(modelOf('hostCPUID.1 = "oops"\n'), undefined), []);
    // With hosts configured both lenses are there.
    const both = computeCodeLenses(modelOf(text), configOf(host('esx', { has: ['avx'] }), [builtin('intel-westmere')]));
    assert.deepEqual(both.map((l) => l.command?.command), [SHOW_MATRIX_COMMAND, USE_RECORDED_HOST_COMMAND]);
  });
});
