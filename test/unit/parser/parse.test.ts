import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseVmx } from '../../../server/src/parser/parse';
import type { VmxDocument, VmxEntry, VmxLine } from '../../../server/src/parser/vmxDocument';
import { parseMarkers, rangeOf, rangesOf, textAt } from '../../support/caret';

/** The only line of a one-line document. */
function onlyLine(text: string): VmxLine {
  const doc = parseVmx(text);
  assert.equal(doc.lines.length, 1, `expected one line in ${JSON.stringify(text)}`);
  return doc.lines[0]!;
}

function entryOf(text: string): VmxEntry {
  const line = onlyLine(text);
  assert.equal(line.kind, 'entry', `expected an entry, got ${line.kind}: ${line.problem?.message ?? ''}`);
  return line.entry!;
}

/** Parses a line with marked ranges and returns the entry plus the expected ranges. */
function markedEntry(marked: string) {
  const { text, ranges } = parseMarkers(marked);
  return { text, entry: entryOf(text), ranges };
}

/** Expects a malformed line: verbatim text, no entry, a message with every fragment, and the marked range. */
function expectMalformed(marked: string, ...fragments: string[]): void {
  const { text, ranges } = parseMarkers(marked);
  const doc = parseVmx(text);
  const line = doc.lines[0]!;
  assert.equal(line.kind, 'malformed', `expected malformed: ${JSON.stringify(text)}`);
  assert.equal(line.text, text, 'the line is kept verbatim');
  assert.equal(line.entry, undefined);
  assert.equal(doc.entries.length, 0);
  assert.equal(line.problem?.code, 'malformed-line');
  for (const f of fragments) assert.ok(line.problem!.message.includes(f), `message ${JSON.stringify(line.problem!.message)} should mention ${JSON.stringify(f)}`);
  assert.ok(line.problem!.message.includes('VMware keeps this line but ignores it'), line.problem!.message);
  assert.deepEqual(line.problem!.range, ranges[0], `range of ${JSON.stringify(line.problem!.message)}`);
}

describe('parser: settings (name = value)', () => {
  test('quoted value: every part has its exact range', () => {
    const { text, entry, ranges } = markedEntry('[[displayName]] [[=]] [["]][[Windows 10 x64]][["]]');
    const [key, equals, open, value, close] = ranges;
    assert.equal(entry.key, 'displayName');
    assert.equal(entry.keyLower, 'displayname');
    assert.deepEqual(entry.keyRange, key);
    assert.deepEqual(entry.equalsRange, equals);
    assert.equal(entry.quoted, true);
    assert.deepEqual(entry.openQuoteRange, open);
    assert.deepEqual(entry.valueRange, value);
    assert.deepEqual(entry.closeQuoteRange, close);
    assert.equal(entry.rawValue, 'Windows 10 x64');
    assert.equal(entry.value, 'Windows 10 x64');
    assert.equal(entry.comment, undefined);
    assert.deepEqual(entry.range, rangeOf(text, '[[displayName = "Windows 10 x64"]]'));
  });

  test('unquoted value (sata0.present = TRUE) is legal', () => {
    const { entry, ranges } = markedEntry('[[sata0.present]] = [[TRUE]]');
    assert.equal(entry.quoted, false);
    assert.equal(entry.openQuoteRange, undefined);
    assert.equal(entry.closeQuoteRange, undefined);
    assert.equal(entry.value, 'TRUE');
    assert.deepEqual(entry.keyRange, ranges[0]);
    assert.deepEqual(entry.valueRange, ranges[1]);
  });

  test('no blanks around "="', () => {
    const { entry, ranges } = markedEntry('[[memsize]][[=]]"[[4096]]"');
    assert.deepEqual([entry.keyRange, entry.equalsRange, entry.valueRange], ranges);
    assert.equal(entry.value, '4096');
  });

  test('tabs and runs of spaces around key, "=" and value', () => {
    const { entry, ranges } = markedEntry('\t  [[cpuid.0.ebx]]        [[=]]\t \t"[[0111:0101:0110:1110:0100:0111:0110:0101]]"\t ');
    assert.deepEqual([entry.keyRange, entry.equalsRange, entry.valueRange], ranges);
    assert.equal(entry.key, 'cpuid.0.ebx');
    assert.equal(entry.value, '0111:0101:0110:1110:0100:0111:0110:0101');
    assert.equal(entry.range.end.character, onlyLine('\t  cpuid.0.ebx        =\t \t"0111:0101:0110:1110:0100:0111:0110:0101"\t ').text.length);
  });

  test('a quoted value keeps inner blanks, "=" and "#"', () => {
    const { entry, ranges } = markedEntry('annotation = "[[a = b # not a comment  ]]"');
    assert.equal(entry.value, 'a = b # not a comment  ');
    assert.deepEqual(entry.valueRange, ranges[0]);
    assert.equal(entry.comment, undefined);
  });

  test('keys with ":" and "." and a leading dot', () => {
    assert.equal(entryOf('scsi0:0.fileName = "disk.vmdk"').key, 'scsi0:0.fileName');
    assert.equal(entryOf('.encoding = "UTF-8"').key, '.encoding');
    assert.equal(entryOf('featMask.vm.cpuid.AVX = "Min:1"').value, 'Min:1');
  });
});

describe('parser: positions are UTF-16 code units (LSP default)', () => {
  test('a character outside the BMP counts two', () => {
    const text = 'displayName = "😀 VM" x';
    const line = onlyLine(text);
    assert.equal(line.kind, 'malformed');
    assert.deepEqual(line.problem?.range, rangeOf(text, 'displayName = "😀 VM" [[x]]'));
    assert.equal(line.problem?.range.start.character, 22, '21 code points, 22 UTF-16 code units before x');
  });
});

describe('parser: empty values', () => {
  test('a = "" is an empty quoted value with an empty range between the quotes', () => {
    const { entry, ranges } = markedEntry('a = [["]][[]][["]]');
    assert.equal(entry.quoted, true);
    assert.equal(entry.value, '');
    assert.deepEqual([entry.openQuoteRange, entry.valueRange, entry.closeQuoteRange], ranges);
  });

  test('a = (nothing after "=") is an empty value at the end of the line', () => {
    const { entry, ranges } = markedEntry('a =[[]]');
    assert.equal(entry.quoted, false);
    assert.equal(entry.value, '');
    assert.deepEqual(entry.valueRange, ranges[0]);
  });

  test('a = # comment is an empty value followed by a comment', () => {
    const { entry, ranges } = markedEntry('a = [[]][[# comment]]');
    assert.equal(entry.value, '');
    assert.deepEqual(entry.valueRange, ranges[0]);
    assert.equal(entry.comment?.text, '# comment');
    assert.deepEqual(entry.comment?.range, ranges[1]);
  });
});

describe('parser: comments', () => {
  test('full-line comments, indented or not', () => {
    const text = '# first\n   # indented\n#';
    const doc = parseVmx(text);
    assert.deepEqual(doc.lines.map((l) => l.kind), ['comment', 'comment', 'comment']);
    assert.deepEqual(doc.lines[1]!.comment, { text: '# indented', range: rangeOf(text, '# first\n   [[# indented]]\n#') });
    assert.equal(doc.lines[2]!.comment?.text, '#');
    assert.equal(doc.entries.length, 0);
  });

  test('trailing comment after a quoted value', () => {
    const text = 'featMask.vm.cpuid.AVX = "Min:1"   # Check AVX';
    const line = onlyLine(text);
    assert.equal(line.entry?.value, 'Min:1');
    assert.deepEqual(line.entry?.comment?.range, rangeOf(text, 'featMask.vm.cpuid.AVX = "Min:1"   [[# Check AVX]]'));
    assert.deepEqual(line.comment, line.entry?.comment, 'the line carries the entry comment too');
  });

  test('an unquoted value ends at "#", with or without a blank', () => {
    const text = 'a = TRUE# note';
    const entry = entryOf(text);
    assert.equal(entry.value, 'TRUE');
    assert.deepEqual(entry.valueRange, rangeOf(text, 'a = [[TRUE]]# note'));
    assert.deepEqual(entry.comment?.range, rangeOf(text, 'a = TRUE[[# note]]'));
  });

  test('blank lines: empty, spaces, tabs', () => {
    const doc = parseVmx('\n  \n\t \n');
    assert.deepEqual(doc.lines.map((l) => l.kind), ['blank', 'blank', 'blank', 'blank']);
  });
});

describe('parser: |XX escapes', () => {
  test('|22 and |7C decode to " and |, the raw text and each escape range are kept', () => {
    const marked = 'annotation = "say [[|22]]hi[[|22]] a[[|7C]]b"';
    const { text, entry, ranges } = markedEntry(marked);
    assert.equal(entry.value, 'say "hi" a|b');
    assert.equal(entry.rawValue, 'say |22hi|22 a|7Cb');
    assert.deepEqual(entry.escapes.map((e) => e.range), ranges);
    assert.deepEqual(entry.escapes.map((e) => [e.raw, e.byte]), [['|22', 0x22], ['|22', 0x22], ['|7C', 0x7c]]);
    for (const e of entry.escapes) assert.equal(textAt(text, e.range), e.raw);
  });

  test('multi-byte UTF-8: |C3|A9 is é', () => {
    const { entry, ranges } = markedEntry('displayName = "Caf[[|C3]][[|A9]] au lait"');
    assert.equal(entry.value, 'Café au lait');
    assert.deepEqual(entry.escapes.map((e) => e.range), ranges);
    assert.deepEqual(entry.escapes.map((e) => e.byte), [0xc3, 0xa9]);
  });

  test('escapes next to non-ASCII literal text', () => {
    assert.equal(entryOf('a = "é|22ü|E2|82|AC"').value, 'é"ü€');
  });

  test('lower-case hex is accepted', () => {
    const entry = entryOf('a = "|7c|c3|a9|22"');
    assert.equal(entry.value, '|é"');
    assert.equal(entry.escapes.length, 4);
  });

  test('invalid sequences are kept as written: |ZZ, |4 at the end, a lone |, |G0', () => {
    for (const raw of ['|ZZ', 'x|4', '|', 'a|G0b', '|Z1|1Z']) {
      const entry = entryOf(`a = "${raw}"`);
      assert.equal(entry.value, raw, raw);
      assert.deepEqual(entry.escapes, [], raw);
    }
  });

  test('an invalid | right before a valid escape: ||41 is |A', () => {
    const { entry, ranges } = markedEntry('a = "|[[|41]]"');
    assert.equal(entry.value, '|A');
    assert.deepEqual(entry.escapes.map((e) => e.range), ranges);
  });

  test('|ZZ kept while the valid escapes around it decode', () => {
    const entry = entryOf('a = "|ZZ|22|ZZ"');
    assert.equal(entry.value, '|ZZ"|ZZ');
    assert.equal(entry.escapes.length, 1);
  });

  test('escapes decode in unquoted values too, ranges relative to the line', () => {
    const { entry, ranges } = markedEntry('a = x[[|41]]');
    assert.equal(entry.value, 'xA');
    assert.deepEqual(entry.escapes[0]!.range, ranges[0]);
  });

  test('a lone escaped byte that is not UTF-8 (|E9) becomes U+FFFD, raw value intact', () => {
    const entry = entryOf('a = "Caf|E9"');
    assert.equal(entry.value, 'Caf\uFFFD');
    assert.equal(entry.rawValue, 'Caf|E9');
  });
});

describe('parser: UTF-8 BOM', () => {
  test('the BOM is detected, removed from the text, and positions do not count it', () => {
    const doc = parseVmx('\uFEFF.encoding = "UTF-8"\nmemsize = "4096"\n');
    assert.equal(doc.hasBom, true);
    assert.equal(doc.text, '.encoding = "UTF-8"\nmemsize = "4096"\n');
    assert.equal(doc.lines[0]!.text, '.encoding = "UTF-8"');
    const entry = doc.entries[0]!;
    assert.deepEqual(entry.keyRange, rangeOf('.encoding = "UTF-8"', '[[.encoding]] = "UTF-8"'));
    assert.deepEqual(entry.valueRange, rangeOf('.encoding = "UTF-8"', '.encoding = "[[UTF-8]]"'));
    assert.equal(doc.encodingDeclaration?.value, 'UTF-8');
  });

  test('no BOM: hasBom is false and the text is the input', () => {
    const doc = parseVmx('a = "1"');
    assert.equal(doc.hasBom, false);
    assert.equal(doc.text, 'a = "1"');
  });

  test('a U+FEFF that is not the first character is ordinary text', () => {
    const doc = parseVmx('a = "1"\n\uFEFFb = "2"');
    assert.equal(doc.hasBom, false);
    assert.equal(doc.lines[1]!.entry?.key, '\uFEFFb');
  });
});

describe('parser: line endings', () => {
  test('LF', () => {
    const doc = parseVmx('a = "1"\nb = "2"\n');
    assert.equal(doc.lineEnding, 'LF');
    assert.deepEqual(doc.lines.map((l) => [l.text, l.eol]), [['a = "1"', '\n'], ['b = "2"', '\n'], ['', '']]);
  });

  test('CRLF: the \\r is not part of the line, the value or any range', () => {
    const doc = parseVmx('a = "1"\r\nb = TRUE\r\n');
    assert.equal(doc.lineEnding, 'CRLF');
    assert.deepEqual(doc.lines.map((l) => [l.text, l.eol]), [['a = "1"', '\r\n'], ['b = TRUE', '\r\n'], ['', '']]);
    const b = doc.entries[1]!;
    assert.equal(b.value, 'TRUE');
    assert.deepEqual(b.valueRange, rangeOf('a = "1"\nb = TRUE', 'a = "1"\nb = [[TRUE]]'));
    assert.equal(b.range.end.character, 'b = TRUE'.length);
  });

  test('mixed LF and CRLF', () => {
    const doc = parseVmx('a = "1"\r\nb = "2"\nc = "3"');
    assert.equal(doc.lineEnding, 'mixed');
    assert.deepEqual(doc.lines.map((l) => l.eol), ['\r\n', '\n', '']);
  });

  test('no final newline: the last line has no ending', () => {
    const doc = parseVmx('a = "1"');
    assert.equal(doc.lineEnding, 'none');
    assert.deepEqual(doc.lines.map((l) => [l.text, l.eol]), [['a = "1"', '']]);
  });

  test('empty input is one blank line', () => {
    const doc = parseVmx('');
    assert.deepEqual(doc.lines.map((l) => [l.kind, l.text, l.eol]), [['blank', '', '']]);
    assert.equal(doc.lineEnding, 'none');
  });

  test("a lone \\r ends a line too (VMware's StdIO_ReadNextLine and LSP clients both treat it as a line end)", () => {
    const doc = parseVmx('# a\rb = x y\ncpuid.1.ecx = "1"\r');
    assert.deepEqual(doc.lines.map((l) => [l.text, l.eol]), [['# a', '\r'], ['b = x y', '\n'], ['cpuid.1.ecx = "1"', '\r'], ['', '']]);
    assert.deepEqual(doc.lines[1]!.problem?.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 7 } });
    assert.equal(doc.lineEnding, 'mixed');
    assert.equal(parseVmx('a = "1"\rb = "2"').lineEnding, 'CR');
  });

  test('\\r\\r\\n is a lone \\r, then a \\r\\n', () => {
    const doc = parseVmx('a = "1"\r\r\nb = "2"');
    assert.deepEqual(doc.lines.map((l) => [l.text, l.eol]), [['a = "1"', '\r'], ['', '\r\n'], ['b = "2"', '']]);
  });

  const special = fc.constantFrom('\n', '\r', '\r\n', '\uFEFF', '"', '#', '=', ' ', '\t', '|', '|2', '|22', '“', '”', '{{', '{%', '}}', 'a', 'cpuid.', '—');
  const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
  const anyString = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogate), maxLength: 60 }),
  );

  /** The documented invariants of a parsed document, for any input. */
  function checkInvariants(input: string, doc: VmxDocument): void {
    const rebuilt = (doc.hasBom ? '\uFEFF' : '') + doc.lines.map((l) => l.text + l.eol).join('');
    assert.equal(rebuilt, input);
    assert.equal(doc.hasBom, input.startsWith('\uFEFF'));
    assert.equal(doc.text, doc.hasBom ? input.slice(1) : input);
    doc.lines.forEach((l, i) => {
      assert.equal(l.index, i);
      assert.ok(!l.text.includes('\n') && !l.text.includes('\r'), 'line text holds no line terminator');
      assert.equal(l.eol === '', i === doc.lines.length - 1, 'only the last line lacks an ending');
      assert.equal(l.entry !== undefined, l.kind === 'entry');
      assert.equal(l.problem !== undefined, l.kind === 'malformed' || l.kind === 'template');
    });
    assert.deepEqual(doc.entries, doc.lines.filter((l) => l.entry).map((l) => l.entry));
    const inLine = (r: { start: { line: number; character: number }; end: { line: number; character: number } }, line: number) => {
      assert.equal(r.start.line, line);
      assert.equal(r.end.line, line);
      assert.ok(0 <= r.start.character && r.start.character <= r.end.character && r.end.character <= doc.lines[line]!.text.length, JSON.stringify(r));
    };
    for (const l of doc.lines) {
      if (l.problem) inLine(l.problem.range, l.index);
      if (l.comment) {
        inLine(l.comment.range, l.index);
        assert.equal(textAt(doc.text, l.comment.range), l.comment.text);
      }
      const e = l.entry;
      if (!e) continue;
      for (const r of [e.keyRange, e.equalsRange, e.valueRange, e.range]) inLine(r, l.index);
      assert.equal(textAt(doc.text, e.keyRange), e.key);
      assert.equal(textAt(doc.text, e.equalsRange), '=');
      assert.equal(textAt(doc.text, e.valueRange), e.rawValue);
      assert.equal(e.keyLower, e.key.toLowerCase());
      for (const x of e.escapes) assert.equal(textAt(doc.text, x.range), x.raw);
      for (const q of e.typographicQuotes) assert.equal(textAt(doc.text, q.range), q.char);
      if (e.openQuoteRange) assert.ok(['"', ...e.typographicQuotes.map((q) => q.char)].includes(textAt(doc.text, e.openQuoteRange)));
    }
    for (const [key, list] of doc.entriesByKey) for (const e of list) assert.equal(e.keyLower, key);
  }

  test('property: BOM + lines (text + eol) reproduce any input exactly, and ranges cover what they claim', () => {
    fc.assert(
      fc.property(fc.boolean(), anyString, (bom, s) => {
        const input = (bom ? '\uFEFF' : '') + s;
        checkInvariants(input, parseVmx(input));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parser: keys are case-insensitive, spelling kept', () => {
  test('entriesByKey groups by lower-case key, in file order', () => {
    const doc = parseVmx('numvcpus = "1"\nmemsize = "4096"\nNumVCPUs = "2"\n');
    const group = doc.entriesByKey.get('numvcpus');
    assert.deepEqual(group?.map((e) => [e.key, e.line]), [['numvcpus', 0], ['NumVCPUs', 2]]);
    assert.equal(doc.entriesByKey.get('NumVCPUs'), undefined, 'map keys are lower-case');
    assert.deepEqual([...doc.entriesByKey.keys()], ['numvcpus', 'memsize']);
  });
});

describe('parser: malformed lines are kept verbatim and say what is wrong and where', () => {
  test('missing "=" (value follows)', () => {
    expectMalformed('[[memsize "4096"]]', 'Missing "="', 'memsize');
  });

  test('missing "=" (line ends after the name)', () => {
    expectMalformed('  [[memsize]]', 'Missing "="', 'memsize', 'the line ends there');
  });

  test('a key with blanks in it (display Name = …)', () => {
    expectMalformed('[[display Name]] = "Windows 10"', 'A key cannot contain spaces', '"display Name"');
    expectMalformed('  [[a\tb]]= 1', 'A key cannot contain spaces');
  });

  test('missing key', () => {
    expectMalformed('[[= "4096"]]', 'Missing key', '"="');
  });

  test('unterminated quote', () => {
    expectMalformed('displayName = [["Windows 10]]', 'Unterminated quoted value', 'closing " is missing', 'Windows 10');
  });

  test('text after the closing quote', () => {
    expectMalformed('a = "1" [[2 3]]', 'Unexpected text "2 3" after the closing quote', '# comment');
  });

  test('unquoted value with a space', () => {
    expectMalformed('displayName = Windows [[10]]', 'Unexpected text "10" after the value "Windows"', 'put the whole value in quotes');
  });

  test('stray " after an unquoted value, or after a closing quote', () => {
    expectMalformed('displayName = My [["VM"]]', 'Unexpected text `"VM"` after the value "My"', 'put the whole value in quotes');
    expectMalformed('a = "x" [["]]', 'Unexpected text `"` after the closing quote');
  });

  test('a " inside an unquoted value is part of it: dictll.c reads unquoted values up to a blank or # (its wsp_out table allows ")', () => {
    const { entry, ranges } = markedEntry('a = [[12"34"]] # note');
    assert.equal(entry.quoted, false);
    assert.equal(entry.value, '12"34"');
    assert.deepEqual(entry.valueRange, ranges[0]);
    assert.equal(entry.comment?.text, '# note');
  });

  test('a malformed line does not disturb the lines around it', () => {
    const doc = parseVmx('a = "1"\nbroken line\nb = "2"\n');
    assert.deepEqual(doc.lines.map((l) => l.kind), ['entry', 'malformed', 'entry', 'blank']);
    assert.deepEqual(doc.entries.map((e) => e.key), ['a', 'b']);
    assert.equal(doc.lines[1]!.problem?.range.start.line, 1);
  });

  test('long fragments in messages are abbreviated', () => {
    const long = 'x'.repeat(200);
    const line = onlyLine(`a = "${long}`);
    assert.ok(line.problem!.message.length < 200, line.problem!.message);
    assert.ok(line.problem!.message.includes('…'));
  });
});

describe('parser: templates (Jinja) are flagged, never choke', () => {
  test('{% … %} statement lines', () => {
    for (const marked of ["[[{% if AMD == '1' -%}]]", '  [[{%- endif %}]]', '[[{# a Jinja comment #}]]']) {
      const { text, ranges } = parseMarkers(marked);
      const line = onlyLine(text);
      assert.equal(line.kind, 'template', text);
      assert.equal(line.entry, undefined);
      assert.equal(line.problem?.code, 'template-syntax');
      assert.ok(line.problem!.message.includes('template'), line.problem!.message);
      assert.deepEqual(line.problem?.range, ranges[0], text);
    }
  });

  test('a quoted {{ placeholder }} value is an ordinary entry (analysis reports it)', () => {
    const { entry, ranges } = markedEntry('displayName = "[[{{ VM_NAME }}]]"');
    assert.equal(entry.value, '{{ VM_NAME }}');
    assert.deepEqual(entry.valueRange, ranges[0]);
  });

  test('an unquoted {{ placeholder }} with blanks is a template line, not a malformed one', () => {
    const text = 'memsize = {{ MEM_MB }}';
    const line = onlyLine(text);
    assert.equal(line.kind, 'template');
    assert.equal(line.problem?.code, 'template-syntax');
    assert.ok(line.problem!.message.includes('{{ MEM_MB }}'), line.problem!.message);
    assert.deepEqual(line.problem?.range, rangeOf(text, '[[memsize = {{ MEM_MB }}]]'));
  });

  test('a placeholder in the key position', () => {
    assert.equal(onlyLine('{{ key }} = "1"').kind, 'template');
  });

  test('a template file: entries between Jinja lines are still entries', () => {
    const doc = parseVmx(["{% if AMD == '1' -%}", 'cpuid.0.eax = "0000:0000:0000:0000:0000:0000:0000:1011"', '{% else %}', 'smc.present = "TRUE"', '{%- endif %}', 'vm.version = "{{VERSION}}"', ''].join('\n'));
    assert.deepEqual(doc.lines.map((l) => l.kind), ['template', 'entry', 'template', 'entry', 'template', 'entry', 'blank']);
    assert.equal(doc.entries[2]!.value, '{{VERSION}}');
  });
});

describe('parser: typographic quotes', () => {
  test('”----” (both typographic) parses as a quoted value and records both quotes', () => {
    const text = 'cpuid.1.ecx = ”----”';
    const entry = entryOf(text);
    const [open, value, close] = rangesOf(text, 'cpuid.1.ecx = [[”]][[----]][[”]]');
    assert.equal(entry.quoted, true);
    assert.equal(entry.value, '----');
    assert.deepEqual(entry.valueRange, value);
    assert.deepEqual(entry.openQuoteRange, open);
    assert.deepEqual(entry.closeQuoteRange, close);
    assert.deepEqual(entry.typographicQuotes, [{ char: '”', range: open }, { char: '”', range: close }]);
  });

  test('"----” (ASCII open, typographic close)', () => {
    const text = 'cpuid.1.ecx = "----”';
    const entry = entryOf(text);
    assert.equal(entry.value, '----');
    assert.deepEqual(entry.typographicQuotes, [{ char: '”', range: rangeOf(text, 'cpuid.1.ecx = "----[[”]]') }]);
  });

  test('“…” and „…“ pairs', () => {
    assert.equal(entryOf('a = “x”').typographicQuotes.length, 2);
    assert.equal(entryOf('a = „x“').value, 'x');
  });

  test('a typographic close followed by a comment keeps the comment', () => {
    const entry = entryOf('a = "1” # note');
    assert.equal(entry.value, '1');
    assert.equal(entry.comment?.text, '# note');
  });

  test('a typographic close quote followed by a comment that holds typographic quotes: the value ends at the first close that a comment follows', () => {
    const text = 'displayName = "My VM” # the “best” one';
    const entry = entryOf(text);
    assert.equal(entry.value, 'My VM');
    assert.deepEqual(entry.typographicQuotes, [{ char: '”', range: rangeOf(text, 'displayName = "My VM[[”]] # the “best” one') }]);
    assert.equal(entry.comment?.text, '# the “best” one');
  });

  test('typographic quotes inside the value: the value runs to the last one when no comment follows an earlier one', () => {
    const entry = entryOf('annotation = "a ”quoted” word”');
    assert.equal(entry.value, 'a ”quoted” word');
    assert.equal(entry.comment, undefined);
  });

  test('inside ASCII quotes a typographic quote is value text (VMware reads up to the ASCII quote)', () => {
    const entry = entryOf('annotation = "say ”hi”"');
    assert.equal(entry.value, 'say ”hi”');
    assert.deepEqual(entry.typographicQuotes, []);
  });
});

describe('parser: .encoding declaration', () => {
  test('found on the first line', () => {
    assert.equal(parseVmx('.encoding = "windows-1252"\n').encodingDeclaration?.value, 'windows-1252');
  });

  test('found when it is not on the first line', () => {
    const doc = parseVmx('# header\nconfig.version = "8"\n.encoding = "GBK"\n');
    assert.equal(doc.encodingDeclaration?.value, 'GBK');
    assert.equal(doc.encodingDeclaration?.line, 2);
  });

  test('the first of several, whatever the key case', () => {
    const doc = parseVmx('.ENCODING = "Shift_JIS"\n.encoding = "UTF-8"\n');
    assert.equal(doc.encodingDeclaration?.value, 'Shift_JIS');
  });

  test('absent', () => {
    assert.equal(parseVmx('a = "1"').encodingDeclaration, undefined);
  });
});

describe('parser: large input', () => {
  test('a 1 MB single line parses (linear scanner)', () => {
    const value = '0'.repeat(1 << 20);
    const doc = parseVmx(`cpuid.0.ebx = "${value}"`);
    assert.equal(doc.lines.length, 1);
    assert.equal(doc.entries[0]!.value.length, 1 << 20);
  });

  test('1 MB pathological lines: unterminated, all escapes, all typographic quotes, all braces', () => {
    assert.equal(parseVmx(`a = "${'|'.repeat(1 << 20)}`).lines[0]!.kind, 'malformed');
    assert.equal(parseVmx(`a = "${'|41'.repeat(1 << 16)}"`).entries[0]!.value, 'A'.repeat(1 << 16));
    assert.equal(parseVmx(`a = "${'“'.repeat(1 << 20)}`).lines[0]!.kind, 'entry');
    assert.equal(parseVmx(`a = ${'{{ '.repeat(1 << 18)}`).lines[0]!.kind, 'template');
    assert.equal(parseVmx(`${' '.repeat(1 << 20)}x`).lines[0]!.kind, 'malformed');
  });
});
