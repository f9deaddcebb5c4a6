/** .vmx-cpuid.json in the core: shape validation (problems name the field), profile resolution, EVC default. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig, validateConfigJson, type ConfigJson } from '../../../server/src/config/config';
import { builtinProfileJson } from '../../../server/src/profiles/builtins';
import type { ProfileJson } from '../../../server/src/profiles/profile';
import { problemsWithCode } from '../../support/model';
import { hostJson } from '../compat/helpers';

const WHERE = '/vms/.vmx-cpuid.json';

const realHost = hostJson('esx07', { has: ['avx'] });
const load = (ref: string): ProfileJson => {
  const builtin = builtinProfileJson(ref);
  if (builtin) return builtin;
  if (ref === './esx07.json') return realHost;
  throw new Error(`no file ${ref}`);
};

describe('config: validateConfigJson', () => {
  test('a complete, correct config has no problem and keeps every field', () => {
    const raw = { $schema: './schema.json', source: 'intel-haswell', targets: ['intel-broadwell', './esx07.json'], evc: false, rules: { 'mask-format': 'off', 'vmotion-target-lacks': 'warning' } };
    const { config, problems } = validateConfigJson(raw, WHERE);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, { source: 'intel-haswell', targets: ['intel-broadwell', './esx07.json'], evc: false, rules: { 'mask-format': 'off', 'vmotion-target-lacks': 'warning' } });
  });

  const wrong: [string, unknown, RegExp][] = [
    ['not an object (array)', [], /must be a JSON object/],
    ['not an object (string)', 'intel-haswell', /must be a JSON object/],
    ['null', null, /must be a JSON object/],
    ['source is a number', { source: 3 }, /"source" must be a string/],
    ['source is an array', { source: ['intel-haswell'] }, /"source" must be a string/],
    ['targets is a string', { targets: 'intel-haswell' }, /"targets" must be an array of strings/],
    ['targets holds a number', { targets: ['intel-haswell', 7] }, /"targets" must be an array of strings/],
    ['evc is a string', { evc: 'yes' }, /"evc" must be true or false/],
    ['rules is an array', { rules: ['mask-format'] }, /"rules" must be an object/],
    ['a rule with an unknown severity', { rules: { 'mask-format': 'loud' } }, /rules\.mask-format must be one of off, hint, information, warning, error/],
    ['an unknown field', { sources: 'intel-haswell' }, /unknown field "sources"/],
  ];
  for (const [name, raw, message] of wrong) {
    test(`${name}: one problem naming the field, in the file`, () => {
      const { problems } = validateConfigJson(raw, WHERE);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]!.where, WHERE);
      assert.match(problems[0]!.message, message);
    });
  }

  test('good fields are kept when another is wrong', () => {
    const { config, problems } = validateConfigJson({ source: 'intel-haswell', evc: 1 }, WHERE);
    assert.equal(problems.length, 1);
    assert.equal(config.source, 'intel-haswell');
    assert.equal(config.evc, undefined);
  });
});

describe('config: resolveConfig', () => {
  const resolve = (config: ConfigJson) => resolveConfig(config, load, WHERE);

  test('built-in names and paths resolve to profiles', () => {
    const r = resolve({ source: 'intel-haswell', targets: ['intel-broadwell', './esx07.json'] });
    assert.deepEqual(r.problems, []);
    assert.equal(r.source?.name, 'intel-haswell');
    assert.deepEqual(r.targets.map((t) => t.name), ['intel-broadwell', 'esx07']);
  });

  test('EVC defaults to on for an EVC-baseline source and off for a real host; an explicit value wins', () => {
    assert.equal(resolve({ source: 'intel-haswell' }).evc, true);
    assert.equal(resolve({ source: './esx07.json' }).evc, false);
    assert.equal(resolve({}).evc, false);
    assert.equal(resolve({ source: 'intel-haswell', evc: false }).evc, false);
    assert.equal(resolve({ source: './esx07.json', evc: true }).evc, true);
  });

  test('an unknown profile is a problem naming the role and reference, not an exception', () => {
    const r = resolve({ source: 'intel-haswel', targets: ['intel-broadwell', './missing.json'] });
    assert.equal(r.source, undefined);
    assert.deepEqual(r.targets.map((t) => t.name), ['intel-broadwell']);
    assert.equal(r.problems.length, 2);
    assert.match(r.problems[0]!.message, /^source "intel-haswel": no file intel-haswel/);
    assert.match(r.problems[1]!.message, /^target "\.\/missing\.json": /);
    for (const p of r.problems) assert.equal(p.where, WHERE);
  });

  test('a profile JSON with an unknown feature is a problem too', () => {
    const r = resolveConfig({ source: 'bad' }, () => ({ ...realHost, kind: 'host', features: ['avx9000'], registers: {} }), WHERE);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.message, /unknown feature "avx9000"/);
  });

  test('problems become a config-problem diagnostic at the top of the file', () => {
    const config = resolve({ source: 'intel-haswel' });
    const text = '# vm\nnumvcpus = "2"\n';
    const [p, ...rest] = problemsWithCode(text, 'config-problem', { config });
    assert.deepEqual(rest, []);
    assert.ok(p);
    assert.equal(p.severity, 'error');
    assert.match(p.message, /^Configuration \/vms\/\.vmx-cpuid\.json: source "intel-haswel"/);
    assert.equal(p.range.start.line, 1);
  });
});
