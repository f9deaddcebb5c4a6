/**
 * Fix round trip: every quick fix offered on every example (as written, with
 * CRLF, with CR, with a BOM; without and with host configurations) and on
 * generated documents, applied as a client applies it, removes its
 * diagnostic from its place, adds no error, leaves every character outside
 * its edits identical, and keeps the BOM and the line endings (inserted lines
 * take the file's own ending). The checks live in harness.ts
 * (checkQuickFixRoundTrip), shared with `npm run fuzz`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ResolvedConfig } from '../../../server/src/config/config';
import { builtinProfile } from '../../../server/src/profiles/builtins';
import type { Profile } from '../../../server/src/profiles/profile';
import { fixAllSafe } from '../../../server/src/features/codeActions';
import { DocumentModel } from '../../../server/src/analysis/documentModel';
import { checkAllQuickFixes, EditorText, exampleTexts, FUZZ_URI, fuzzConfigs, generatedDocument, mutatedExample, type NamedConfig } from './harness';

function p(name: string): Profile {
  const profile = builtinProfile(name);
  assert.ok(profile, name);
  return profile;
}

function cfg(name: string, source: string, targets: string[], evc = true): NamedConfig {
  const config: ResolvedConfig = { source: p(source), targets: targets.map(p), evc, rules: {}, problems: [] };
  return { name, config };
}

/** The configurations of the round trip: none, and sources/targets across vendors and generations. */
const CONFIGS: NamedConfig[] = [
  { name: 'no configuration' },
  cfg('intel-skylake → intel-sandybridge, amd-zen2', 'intel-skylake', ['intel-sandybridge', 'amd-zen2']),
  cfg('intel-skylake → intel-sandybridge, amd-zen2 (no EVC)', 'intel-skylake', ['intel-sandybridge', 'amd-zen2'], false),
  cfg('amd-zen3 → intel-haswell, amd-bulldozer', 'amd-zen3', ['intel-haswell', 'amd-bulldozer']),
  cfg('intel-westmere → intel-merom, intel-icelake', 'intel-westmere', ['intel-merom', 'intel-icelake']),
];

/** The example in several byte layouts: as written, CRLF, CR, with a BOM, without a final line ending. */
function variants(text: string): [string, string][] {
  const lf = text.replace(/\r\n|\r/g, '\n');
  return [
    ['as written', text],
    ['CRLF', lf.replace(/\n/g, '\r\n')],
    ['CR', lf.replace(/\n/g, '\r')],
    ['BOM + CRLF', `\uFEFF${lf.replace(/\n/g, '\r\n')}`],
    ['no final line ending', lf.replace(/\n+$/, '')],
  ];
}

describe('fix round trip: every quick fix of every example', () => {
  let total = 0;
  for (const example of exampleTexts()) {
    for (const config of CONFIGS) {
      test(`${example.name} — ${config.name}`, () => {
        let n = 0;
        // Every layout without a configuration; the layouts that matter with one.
        for (const [layout, text] of variants(example.text).filter(([l]) => !config.config || l === 'as written' || l === 'BOM + CRLF')) {
          try {
            n += checkAllQuickFixes(text, config);
          } catch (err) {
            throw new Error(`${example.name} (${layout}): ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        total += n;
      });
    }
  }

  test('quick fixes were actually checked', () => {
    console.log(`${total} quick fixes applied and checked on ${exampleTexts().length} examples × ${CONFIGS.length} configurations (5 layouts without one, 2 with)`);
    assert.ok(total > 50, `only ${total} quick fixes on the examples`);
  });
});

describe('fix round trip: fix-all keeps BOM, line endings and untouched text', () => {
  for (const example of exampleTexts()) {
    test(example.name, () => {
      for (const [layout, text] of variants(example.text)) {
        const doc = new EditorText(text);
        const model = new DocumentModel(FUZZ_URI, 1, text);
        const action = fixAllSafe(model);
        if (!action) continue;
        const edits = action.edit!.changes![FUZZ_URI]!;
        const fixed = (doc.hasBom ? '\uFEFF' : '') + doc.apply(edits, `fix-all (${layout})`);
        const after = new DocumentModel(FUZZ_URI, 2, fixed);
        assert.equal(after.vmx.hasBom, model.vmx.hasBom, `${layout}: BOM`);
        assert.equal(after.vmx.lineEnding, model.vmx.lineEnding, `${layout}: line endings`);
        assert.equal(after.vmx.lines.length, model.vmx.lines.length, `${layout}: line count`);
        assert.deepEqual(
          after.problems.filter((q) => q.code.startsWith('typographic-')).map((q) => q.code),
          [],
          `${layout}: typographic problems left`,
        );
      }
    });
  }
});

describe('fix round trip: generated and mutated documents (seed-fixed)', () => {
  test('generated documents, every configuration', () => {
    fc.assert(
      fc.property(generatedDocument, fc.integer({ min: 0, max: fuzzConfigs().length - 1 }), (text, c) => void checkAllQuickFixes(text, fuzzConfigs()[c]!)),
      { numRuns: 60, seed: 4242 },
    );
  });

  test('mutated examples, every configuration', () => {
    fc.assert(
      fc.property(mutatedExample(), fc.integer({ min: 0, max: CONFIGS.length - 1 }), (text, c) => void checkAllQuickFixes(text, CONFIGS[c]!)),
      { numRuns: 15, seed: 4243 },
    );
  });
});
