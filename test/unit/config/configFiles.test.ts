/** Node side of the configuration: finding .vmx-cpuid.json, reading profile references. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configFor, findConfigFile, loadProfileReference, newConfigCache } from '../../../server/src/node/configFiles';
import { repoPath } from '../../support/repo';
import { hostJson } from '../compat/helpers';

describe('config files (Node)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmx-cpuid-cfgfiles-'));
    fs.mkdirSync(path.join(dir, 'a', 'b', 'c'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', '.vmx-cpuid.json'), JSON.stringify({ source: './host.json', targets: ['intel-westmere'] }));
    fs.writeFileSync(path.join(dir, 'a', 'host.json'), JSON.stringify(hostJson('esx01', { has: ['avx'] })));
    fs.writeFileSync(path.join(dir, 'a', 'bad.json'), JSON.stringify({ name: 'x' }));
    fs.writeFileSync(path.join(dir, 'a', 'broken.json'), '{ nope');
    fs.copyFileSync(repoPath('test', 'unit', 'profiles', 'fixtures', 'cpuid-r-skylake.txt'), path.join(dir, 'a', 'sky.txt'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('findConfigFile walks up to the nearest file, and caches per directory', () => {
    const cache = new Map<string, string | null>();
    const expected = path.join(dir, 'a', '.vmx-cpuid.json');
    assert.equal(findConfigFile(path.join(dir, 'a', 'b', 'c'), cache), expected);
    assert.equal(cache.get(path.join(dir, 'a', 'b')), expected);
    assert.equal(findConfigFile(path.join(dir, 'a'), cache), expected);
    assert.notEqual(findConfigFile(dir), expected);
  });

  test('loadProfileReference: built-in, profile JSON, raw dump; clear errors otherwise', () => {
    assert.equal(loadProfileReference('intel-haswell', dir).name, 'intel-haswell');
    assert.equal(loadProfileReference('./host.json', path.join(dir, 'a')).name, 'esx01');
    assert.equal(loadProfileReference('sky.txt', path.join(dir, 'a')).name, 'sky');
    assert.throws(() => loadProfileReference('nope.json', dir), /not a built-in profile name and no file .*nope\.json/);
    assert.throws(() => loadProfileReference('bad.json', path.join(dir, 'a')), (e: Error) => e.message.includes('bad.json') && /must have required property/.test(e.message));
    assert.throws(() => loadProfileReference('broken.json', path.join(dir, 'a')), /broken\.json is not valid JSON/);
  });

  test('configFor: the config of the file, relative paths from the config, EVC off for a real host', () => {
    const loaded = configFor(path.join(dir, 'a', 'b', 'c', 'vm.vmx'), {}, newConfigCache());
    assert.equal(loaded.file, path.join(dir, 'a', '.vmx-cpuid.json'));
    assert.deepEqual(loaded.resolved.problems, []);
    assert.equal(loaded.resolved.source?.name, 'esx01');
    assert.equal(loaded.resolved.evc, false);
    const overridden = configFor(path.join(dir, 'a', 'vm.vmx'), { source: 'intel-haswell', evc: false }, newConfigCache());
    assert.equal(overridden.resolved.source?.name, 'intel-haswell');
    assert.equal(overridden.resolved.evc, false);
    assert.deepEqual(overridden.resolved.targets.map((t) => t.name), ['intel-westmere']);
  });
});
