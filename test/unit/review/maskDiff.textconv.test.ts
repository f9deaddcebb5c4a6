/** The annotations of `vmx-cpuid textconv`: same lines, a ` # vmx-cpuid: …` note on mask and featMask lines. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { annotateText, lineAnnotations } from '../../../server/src/review/textconv';
import { modelOf } from '../../support/model';

describe('review: textconv annotations', () => {
  test('mask lines name the features they change; featMask lines say what they do', () => {
    const text = [
      'numvcpus = "2"',
      'cpuid.1.ecx = "--00:----:----:----:---0:----:--H-:----"',
      'featMask.vm.cpuid.AVX2 = "Val:0"   # keep',
      'cpuid.0.ebx = "0111:0101:0110:1110:0110:0101:0100:0111"',
    ].join('\n');
    assert.equal(
      annotateText(text),
      [
        'numvcpus = "2"',
        'cpuid.1.ecx = "--00:----:----:----:---0:----:--H-:----" # vmx-cpuid: −AVX −F16C −FMA host:VMX',
        'featMask.vm.cpuid.AVX2 = "Val:0"   # keep # vmx-cpuid: hide AVX2 from the guest (value forced to 0)',
        'cpuid.0.ebx = "0111:0101:0110:1110:0110:0101:0100:0111" # vmx-cpuid: vendor "Genu"',
      ].join('\n'),
    );
  });

  test('every changed flag is named, none cut off', () => {
    const note = lineAnnotations(modelOf('cpuid.1.ecx = "0000:0000:0000:0000:0000:0000:0000:0000"')).get(0)!;
    assert.ok(!note.includes('more'), note);
    assert.ok(note.split(' ').length >= 20, note);
  });

  test('defaults, empty values, invalid masks and unreadable keys get a note too', () => {
    const notes = lineAnnotations(
      modelOf(['cpuid.1.ecx = "----:----:----:----:----:----:----:----"', 'cpuid.1.edx = ""', 'cpuid.7.ebx = "---"', 'cpuid.8000000A:eax = "-"', 'featMask.vm.cpuid.AVX = "x"'].join('\n')),
    );
    assert.equal(notes.get(0), 'all default');
    assert.equal(notes.get(1), 'all default');
    assert.equal(notes.get(2), 'invalid mask (3 flags, expected 32)');
    assert.match(notes.get(3)!, /^not a mask VMware can read/);
    assert.match(notes.get(4)!, /^invalid \("x" has no operation/);
  });

  test('line endings and the number of lines stay as they were', () => {
    const text = 'a = "1"\r\ncpuid.1.ecx = "---0:----:----:----:----:----:----:----"\r\nb = "2"\rc = "3"\n';
    const out = annotateText(text);
    assert.equal(out.split(/\r\n|\r|\n/).length, text.split(/\r\n|\r|\n/).length);
    assert.equal(out.replace(/ # vmx-cpuid: [^\r\n]*/g, ''), text);
  });
});
