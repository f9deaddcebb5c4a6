/**
 * The seed-fixed share of the fuzz harness that runs in `npm test`: a few
 * hundred cases over every generator and every feature, plus some of the
 * huge documents. `npm run fuzz` runs the same properties at scale with a
 * random seed (test/fuzz/run.mjs).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkAllFeatures, fuzzConfigs, fuzzProperties, hugeDocuments } from './harness';

const SEED = 20251125;
/** Runs per property (weights of the full run are not used here: each generator gets its share). */
const RUNS = 60;

describe('robustness: fuzzed documents (seed-fixed share)', () => {
  fuzzProperties().forEach((p, i) => {
    test(p.name, () => {
      fc.assert(p.property(), { numRuns: RUNS, seed: SEED + i });
    });
  });

  // Large documents (the full run checks every huge one: 1 MB lines, 5,000 repeated keys).
  const large = [
    hugeDocuments().find((x) => x.name === '1 MB key without "="')!,
    { name: '1,000 duplicate numvcpus (CRLF)', text: 'numvcpus = "2"\r\n'.repeat(1000) },
    { name: '1,000 duplicate masks with typographic quotes', text: 'cpuid.1.ecx = “----:----:----:----:----:----:--0-:----”\n'.repeat(1000) },
  ];
  for (const d of large) {
    test(`large document: ${d.name}`, () => {
      for (const c of fuzzConfigs().slice(0, 2)) {
        const calls = checkAllFeatures(d.text, c, { points: [[0, 7], [0, 1 << 19], [1, 3]] });
        assert.ok(calls > 0);
      }
    });
  }
});
