/**
 * The language server's configuration sandbox: files outside the workspace
 * are not read, and in an untrusted workspace profile paths are ignored with
 * a visible note (built-in profiles still work).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { configFor, findConfigFile, newConfigCache } from '../../../server/src/node/configFiles';

function workspaceWithProfile(): { root: string; vmx: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'vmx-sandbox-'));
  mkdirSync(path.join(root, '.vmx-cpuid', 'profiles'), { recursive: true });
  writeFileSync(
    path.join(root, '.vmx-cpuid', 'profiles', 'esx07.json'),
    JSON.stringify({ name: 'esx07', vendor: 'intel', kind: 'host', title: 'esx07', provenance: [{ source: 'test', confidence: 'primary' }], features: ['sse4_2'] }),
  );
  writeFileSync(path.join(root, '.vmx-cpuid.json'), JSON.stringify({ source: 'intel-haswell', targets: ['intel-westmere', './.vmx-cpuid/profiles/esx07.json'] }));
  mkdirSync(path.join(root, 'vms'));
  const vmx = path.join(root, 'vms', 'a.vmx');
  writeFileSync(vmx, '.encoding = "UTF-8"\n');
  return { root, vmx };
}

test('trusted workspace: built-in and file profiles both load', () => {
  const { root, vmx } = workspaceWithProfile();
  const { resolved } = configFor(vmx, {}, newConfigCache(), { roots: [root], allowProfilePaths: true });
  assert.deepEqual(resolved.targets.map((t) => t.name), ['intel-westmere', 'esx07']);
  assert.deepEqual(resolved.problems, []);
});

test('untrusted workspace: profile files are ignored with an information note, built-ins still load', () => {
  const { root, vmx } = workspaceWithProfile();
  const { resolved } = configFor(vmx, {}, newConfigCache(), { roots: [root], allowProfilePaths: false });
  assert.equal(resolved.source?.name, 'intel-haswell');
  assert.deepEqual(resolved.targets.map((t) => t.name), ['intel-westmere']);
  assert.equal(resolved.problems.length, 1);
  assert.equal(resolved.problems[0]!.severity, 'information');
  assert.match(resolved.problems[0]!.message, /esx07\.json.*untrusted workspace/);
});

test('a profile path that escapes the workspace is refused', () => {
  const { root, vmx } = workspaceWithProfile();
  const outside = mkdtempSync(path.join(tmpdir(), 'vmx-outside-'));
  writeFileSync(path.join(outside, 'evil.json'), '{}');
  writeFileSync(path.join(root, '.vmx-cpuid.json'), JSON.stringify({ source: 'intel-haswell', targets: [path.relative(root, path.join(outside, 'evil.json'))] }));
  const { resolved } = configFor(vmx, {}, newConfigCache(), { roots: [root], allowProfilePaths: true });
  assert.equal(resolved.targets.length, 0);
  assert.equal(resolved.problems[0]!.severity, 'error');
  assert.match(resolved.problems[0]!.message, /outside the workspace/);
});

test('the config search stops at the workspace root', () => {
  const outer = mkdtempSync(path.join(tmpdir(), 'vmx-outer-'));
  writeFileSync(path.join(outer, '.vmx-cpuid.json'), '{"source":"intel-merom"}');
  const root = path.join(outer, 'workspace');
  mkdirSync(path.join(root, 'vms'), { recursive: true });
  assert.equal(findConfigFile(path.join(root, 'vms'), new Map(), [root]), undefined);
  assert.equal(findConfigFile(path.join(root, 'vms'), new Map()), path.join(outer, '.vmx-cpuid.json'));
});
