import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, importProfile, IMPORT_FORMATS } from '../../../../server/src/profiles/importers';
import { assertImportError, fixture } from './helpers';

describe('detectFormat / importProfile', () => {
  const cases: [string, string][] = [
    ['cpuid-r-skylake.txt', 'cpuid-raw'],
    ['aida64-skylake.txt', 'aida64'],
    ['everest-ryzen-tabs.txt', 'aida64'],
    ['cpuinfo-skylake.txt', 'cpuinfo'],
    ['cpuinfo-epyc.txt', 'cpuinfo'],
    ['libvirt-capabilities.xml', 'libvirt'],
    ['libvirt-domcapabilities.xml', 'libvirt'],
    ['host-records.vmx', 'vmx-host'],
  ];
  for (const [file, format] of cases) {
    test(`${file} is ${format}`, () => {
      const text = fixture(file);
      assert.equal(detectFormat(text), format);
      const result = importProfile(text);
      assert.equal(result.format, format);
      assert.equal(result.profile.kind, 'host');
    });
  }

  test('a BOM and CRLF line endings are accepted', () => {
    const text = '\uFEFF' + fixture('aida64-skylake.txt').replace(/\n/g, '\r\n');
    assert.equal(importProfile(text).profile.name, 'intel-core-i7-6700');
  });

  test('empty input and garbage give clear errors listing the formats', () => {
    assertImportError(() => importProfile(''), [/empty/]);
    assertImportError(() => importProfile('  \n\t\n'), [/empty/]);
    const e = assertImportError(() => importProfile('hello world\nthis is not a dump\n'), [/no format the importer understands/]);
    for (const f of IMPORT_FORMATS) assert.ok(e.message.includes(f.title), f.title);
    assert.equal(detectFormat('numvcpus = "2"\n'), undefined);
  });
});
