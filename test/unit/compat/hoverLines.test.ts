/** Per-host lines in a flag's hover agree with the engine: verdicts only where it judges. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostHoverLines } from '../../../server/src/compat/hoverLines';
import { featureByName } from '../../../server/src/knowledge/bitDatabase';
import { modelOf } from '../../support/model';
import { configOf, host, hostJson } from './helpers';
import { createProfile } from '../../../server/src/profiles/profile';

const haswell = host('esx-haswell', { has: ['avx', 'movbe'] });
const westmere = host('esx-westmere', { lacks: ['avx', 'movbe'] });

function lines(text: string, line: number, bit: number, config = configOf(haswell, [westmere])): readonly string[] {
  const model = modelOf(text);
  const mask = model.cpuid.maskAt(line);
  assert.ok(mask);
  const flag = mask.value.flags[31 - bit]!.char;
  const feature = model.cpuid.masks.length ? featureForBit(mask.key.leaf, mask.key.register, bit) : undefined;
  return hostHoverLines(config)({ model, mask, bit, flag, ...(feature ? { feature } : {}) });
}

function featureForBit(leaf: number, register: string, bit: number) {
  const names: Record<string, string> = { '1.ecx.28': 'avx', '1.ecx.22': 'movbe', '1.ecx.31': 'hypervisor', '1.ecx.27': 'osxsave' };
  const name = names[`${leaf}.${register}.${bit}`];
  return name ? featureByName(name) : undefined;
}

describe('compat hover lines', () => {
  test('a forced 1 on AVX: source present, target absent → blocks vMotion', () => {
    const text = 'cpuid.1.ecx = "---1:----:----:----:----:----:----:----"\n';
    assert.deepEqual(lines(text, 0, 28), ['source **esx-haswell**: present', 'target **esx-westmere**: absent → blocks vMotion']);
    assert.deepEqual(lines(text, 0, 28, configOf(westmere, [])), ['source **esx-westmere**: absent → the guest may fault']);
  });

  test('the hypervisor and OSXSAVE bits are never judged (as in the engine)', () => {
    // Every bit of leaf 1 ECX known 0: a judged forced 1 there would be a fault and a block.
    const hv = createProfile({ ...hostJson('hv', {}), registers: { '1.0.ecx': '0'.repeat(32) } });
    assert.deepEqual(lines('cpuid.1.ecx = "---1:----:----:----:----:----:----:----"\n', 0, 28, configOf(hv, [hv])), ['source **hv**: absent → the guest may fault', 'target **hv**: absent → blocks vMotion']);
    const text = 'cpuid.1.ecx = "1---:1---:----:----:----:----:----:----"\n';
    for (const bit of [31, 27]) {
      const got = lines(text, 0, bit, configOf(hv, [hv]));
      assert.ok(!got.some((l) => l.includes('→')), JSON.stringify(got));
    }
  });

  test('a .amd mask on an Intel source: no verdict, and it says why', () => {
    const text = 'cpuid.1.ecx.amd = "---1:----:----:----:----:----:----:----"\n';
    const got = lines(text, 0, 28);
    assert.ok(!got.some((l) => l.includes('→')), JSON.stringify(got));
    assert.match(got.at(-1)!, /does not apply to source esx-haswell \(a \.amd mask applies to AMD hosts only\)/);
  });

  test('no hosts: no lines', () => {
    assert.deepEqual(lines('cpuid.1.ecx = "---1:----:----:----:----:----:----:----"\n', 0, 28, configOf(undefined, [])), []);
  });
});
