import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { distFile, fixturePath } from '../support/repo';

test('cli: a reader that goes away early (vmx-cpuid check … | head) ends the CLI quietly, without a stack trace', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-pipe-'));
  try {
    const text = fs.readFileSync(fixturePath('problems.vmx'));
    for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(dir, `vm-${String(i).padStart(3, '0')}.vmx`), text);
    const child = spawn(process.execPath, [distFile('cli.js'), 'check', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.equal(signal, null);
    assert.ok(code === 0 || code === 1, `exit ${code}; stderr: ${stderr}`);
    assert.equal(stderr, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
