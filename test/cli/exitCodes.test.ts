import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VERSION } from '../../server/src/version';
import { fixturePath } from '../support/repo';
import { runCliInProcess, runCliProcess, type CliResult } from '../support/cli';

const clean = fixturePath('clean.vmx');
const problems = fixturePath('problems.vmx');
const template = fixturePath('template.vmtx');

/** Both ways of running the CLI must agree. */
async function both(args: string[], check: (r: CliResult, how: string) => void): Promise<void> {
  check(runCliProcess(args), 'process');
  check(await runCliInProcess(args), 'run()');
}

describe('cli: exit codes', () => {
  test('0 on a clean file, with a summary line', async () => {
    await both(['check', clean], (r, how) => {
      assert.equal(r.code, 0, how);
      assert.equal(r.stdout, '1 file checked: 0 errors, 0 warnings, 0 information, 0 hints\n', how);
      assert.equal(r.stderr, '', how);
    });
  });

  test('0 when there are only warnings and information (template)', async () => {
    await both(['check', template], (r, how) => {
      assert.equal(r.code, 0, how);
      assert.match(r.stdout, /warning template-syntax: /, how);
      assert.match(r.stdout, /1 file checked: 0 errors, [1-9]\d* warnings, [1-9]\d* information, 0 hints\n$/, how);
    });
  });

  test('1 when a file has errors', async () => {
    await both(['check', clean, problems], (r, how) => {
      assert.equal(r.code, 1, how);
      assert.match(r.stdout, /^2 files checked: [1-9]\d* errors, /m, how);
    });
  });

  test('2 without arguments: usage on stderr', async () => {
    await both([], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.match(r.stderr, /^Usage: vmx-cpuid <command>/, how);
      assert.equal(r.stdout, '', how);
    });
  });

  test('2 for check without files', async () => {
    await both(['check'], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.match(r.stderr, /no files or directories given/, how);
    });
  });

  test('2 for an unknown command, naming it', async () => {
    await both(['lint', clean], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.match(r.stderr, /unknown command "lint"/, how);
    });
  });

  test('2 for an unknown format, naming it and the valid ones', async () => {
    await both(['check', '--format', 'xml', clean], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.match(r.stderr, /unknown format "xml" \(use text, json or sarif\)/, how);
      assert.equal(r.stdout, '', how);
    });
  });

  test('2 for an unknown option or a missing option value', async () => {
    await both(['check', '--colour', clean], (r, how) => assert.equal(r.code, 2, how));
    await both(['check', clean, '--format'], (r, how) => assert.equal(r.code, 2, how));
  });

  test('2 for a missing file: the message names the file and says why; other files are still checked', async () => {
    const missing = path.join(os.tmpdir(), 'vmx-cpuid-no-such-dir', 'missing.vmx');
    await both(['check', missing, clean], (r, how) => {
      assert.equal(r.code, 2, how);
      assert.equal(r.stderr, `vmx-cpuid: cannot read ${missing}: no such file or directory\n`, how);
      assert.match(r.stdout, /^1 file checked/m, how);
    });
  });

  test('2 for a directory without .vmx/.vmtx files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-empty-'));
    try {
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'memsize = "1"\n');
      await both(['check', dir], (r, how) => {
        assert.equal(r.code, 2, how);
        assert.ok(r.stderr.includes(`no .vmx or .vmtx files found in ${dir}`), `${how}: ${r.stderr}`);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--help exits 0 with the usage on stdout; --version prints the version', async () => {
    await both(['--help'], (r, how) => {
      assert.equal(r.code, 0, how);
      assert.match(r.stdout, /check <files or dirs…> \[--format text\|json\|sarif\]/, how);
    });
    await both(['check', '--help'], (r, how) => assert.equal(r.code, 0, how));
    await both(['--version'], (r, how) => {
      assert.equal(r.code, 0, how);
      assert.equal(r.stdout, `${VERSION}\n`, how);
    });
  });
});
