import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliInProcess, runCliProcess, type JsonReport } from '../support/cli';

describe('cli: directories', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-dir-'));
    const write = (rel: string, text = 'memsize = "4096"\n') => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    write('b.vmx');
    write('a.vmx', 'bad line\n');
    write('C.VMX');
    write('d.VmTx');
    write('notes.txt', 'bad line\n');
    write('a.vmx.bak', 'bad line\n');
    write('vm.vmxf');
    write('sub/e.vmx');
    write('sub/deeper/f.vmtx');
    write('node_modules/pkg/g.vmx', 'bad line\n');
    write('.git/h.vmx', 'bad line\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('walked recursively for *.vmx and *.vmtx (any case), other files ignored, sorted', async () => {
    const expected = ['C.VMX', 'a.vmx', 'b.vmx', 'd.VmTx', 'sub/deeper/f.vmtx', 'sub/e.vmx'].map((f) => path.join(dir, ...f.split('/')));
    for (const r of [runCliProcess(['check', '--format', 'json', dir]), await runCliInProcess(['check', '--format', 'json', dir])]) {
      const report = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(report.files.map((f) => f.path), expected);
      assert.equal(r.code, 1, 'a.vmx has an error');
      assert.deepEqual(report.files.filter((f) => f.diagnostics.length > 0).map((f) => path.basename(f.path)), ['a.vmx']);
    }
  });

  test('a file named on the command line is checked whatever its extension', () => {
    const r = runCliProcess(['check', path.join(dir, 'notes.txt')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /notes\.txt:1:1: error malformed-line: /);
  });
});
