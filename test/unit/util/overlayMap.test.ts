import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OverlayMap } from '../../../server/src/util/overlayMap';

describe('OverlayMap', () => {
  test('reads like the base with the changes applied; the base is not changed', () => {
    const base = new Map([['numvcpus', 1], ['memsize', 2], ['displayname', 3]]);
    const m = OverlayMap.over(base, new Map<string, number | undefined>([['memsize', 20], ['displayname', undefined], ['guestos', 4]]));
    assert.equal(m.get('numvcpus'), 1);
    assert.equal(m.get('memsize'), 20);
    assert.equal(m.get('displayname'), undefined);
    assert.equal(m.has('displayname'), false);
    assert.equal(m.has('guestos'), true);
    assert.equal(m.size, 3);
    assert.deepEqual([...m], [['numvcpus', 1], ['memsize', 20], ['guestos', 4]]);
    assert.deepEqual([...m.keys()], ['numvcpus', 'memsize', 'guestos']);
    assert.deepEqual([...m.values()], [1, 20, 4]);
    const seen: string[] = [];
    m.forEach((v, k) => seen.push(`${k}=${v}`));
    assert.deepEqual(seen, ['numvcpus=1', 'memsize=20', 'guestos=4']);
    assert.deepEqual([...base], [['numvcpus', 1], ['memsize', 2], ['displayname', 3]]);
  });

  test('an overlay over an overlay merges the changes onto the same base; each version keeps its own view', () => {
    const base = new Map([['a', 1]]);
    const v2 = OverlayMap.over(base, new Map([['b', 2]]));
    const v3 = OverlayMap.over(v2, new Map<string, number | undefined>([['a', undefined], ['c', 3]]));
    assert.deepEqual([...v2], [['a', 1], ['b', 2]]);
    assert.deepEqual([...v3], [['b', 2], ['c', 3]]);
    assert.equal(v3.size, 2);
    const v4 = OverlayMap.over(v3, new Map([['a', 5]]));
    assert.deepEqual([...v4], [['a', 5], ['b', 2], ['c', 3]]);
  });

  test('many changes are flattened into a plain map with the same contents', () => {
    let m: ReadonlyMap<number, number> = new Map([[0, 0]]);
    for (let i = 1; i <= 600; i++) m = OverlayMap.over(m, new Map([[i, i]]));
    assert.equal(m.size, 601);
    assert.equal(m.get(600), 600);
    assert.deepEqual([...m.keys()], Array.from({ length: 601 }, (_, i) => i));
  });
});
