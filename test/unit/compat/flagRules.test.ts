/**
 * The normative table of docs/DIAGNOSTICS.md, exhaustively: every flag ×
 * source bit × target bit × EVC × user-level. The expectations below are
 * written from the documented table (each row quotes it), not from the code;
 * a first test makes sure the document still says what the rows quote.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { guestSees, powerOn, vmotion, type PowerOnVerdict, type VmotionVerdict } from '../../../server/src/compat/flagRules';
import type { BitState } from '../../../server/src/profiles/profile';
import { repoPath } from '../../support/repo';

type S = BitState;
interface Ctx {
  readonly evc: boolean;
  readonly userLevel: boolean;
}

interface Row {
  /** The documented row, cell by cell, as in docs/DIAGNOSTICS.md. */
  readonly doc: readonly [string, string, string, string];
  readonly flags: readonly string[];
  readonly guest: (s: S) => S;
  readonly powerOn: (s: S) => PowerOnVerdict | undefined;
  readonly vmotion: (s: S, t: S, ctx: Ctx) => VmotionVerdict['why'] | undefined;
}

const none = () => undefined;
const known = (x: S): x is 0 | 1 => x !== undefined;

/** The table, row by row. Unknown bits (`undefined`) never decide a verdict: only known values can contradict a rule. */
const TABLE: readonly Row[] = [
  {
    doc: ['`-`', 's (VMware\'s default policy, approximated as "host value")', '—', 'guest-visible 1 needs t = 1; without EVC user-level features need t = s'],
    flags: ['-'],
    guest: (s) => s,
    powerOn: none,
    vmotion: (s, t, { evc, userLevel }) => {
      if (s === 1 && t === 0) return 'target-lacks';
      if (!evc && userLevel && known(s) && known(t) && s !== t) return 'no-evc-mismatch';
      return undefined;
    },
  },
  { doc: ['`0`', '0', '—', '—'], flags: ['0'], guest: () => 0, powerOn: none, vmotion: none },
  {
    doc: ['`1`', '1', 's = 0: guest may fault (error, not a power-on block)', 't = 0: error'],
    flags: ['1'],
    guest: () => 1,
    powerOn: (s) => (s === 0 ? { kind: 'fault', why: 'forced-missing' } : undefined),
    vmotion: (_s, t) => (t === 0 ? 'target-lacks' : undefined),
  },
  {
    doc: ['`h`', 's', '—', 'guest-visible 1 needs t = 1'],
    flags: ['h'],
    guest: (s) => s,
    powerOn: none,
    vmotion: (s, t) => (s === 1 && t === 0 ? 'target-lacks' : undefined),
  },
  {
    doc: ['`H`', 's', '—', 't = s (vSphere API)'],
    flags: ['H'],
    guest: (s) => s,
    powerOn: none,
    vmotion: (s, t) => (known(s) && known(t) && s !== t ? 'must-match' : undefined),
  },
  {
    doc: ['`R`', '0', '—', 't = s (vSphere API)'],
    flags: ['R'],
    guest: () => 0,
    powerOn: none,
    vmotion: (s, t) => (known(s) && known(t) && s !== t ? 'must-match' : undefined),
  },
  {
    doc: ['`T` / `F`', 's', 's must be 1 / 0', 't must be 1 / 0'],
    flags: ['T'],
    guest: (s) => s,
    powerOn: (s) => (s === 0 ? { kind: 'block', why: 'requires-present' } : undefined),
    vmotion: (_s, t) => (t === 0 ? 'requires-present' : undefined),
  },
  {
    doc: ['`T` / `F`', 's', 's must be 1 / 0', 't must be 1 / 0'],
    flags: ['F'],
    guest: (s) => s,
    powerOn: (s) => (s === 1 ? { kind: 'block', why: 'requires-absent' } : undefined),
    vmotion: (_s, t) => (t === 1 ? 'requires-absent' : undefined),
  },
  { doc: ['`x` / `X`', 's', '—', '—'], flags: ['x', 'X'], guest: (s) => s, powerOn: none, vmotion: none },
];

const STATES: readonly S[] = [0, 1, undefined];
const show = (x: S) => (x === undefined ? '?' : String(x));

function docTableRows(): string[][] {
  const text = fs.readFileSync(repoPath('docs', 'DIAGNOSTICS.md'), 'utf8');
  const start = text.indexOf('## The normative table');
  assert.ok(start >= 0, 'docs/DIAGNOSTICS.md has no normative table section');
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('| flag '));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

describe('normative table (flagRules.ts against docs/DIAGNOSTICS.md)', () => {
  test('the rows tested here are the rows of the documented table, and every legend flag is covered', () => {
    const documented = docTableRows();
    const quoted = [...new Map(TABLE.map((r) => [r.doc.join('|'), [...r.doc]])).values()];
    assert.deepEqual(documented, quoted);
    assert.deepEqual(TABLE.flatMap((r) => r.flags).sort(), ['-', '0', '1', 'F', 'H', 'R', 'T', 'X', 'h', 'x']);
  });

  for (const row of TABLE) {
    for (const flag of row.flags) {
      test(`flag ${flag}: guest sees, power-on and vMotion for every s × t × EVC × user-level`, () => {
        const wrong: string[] = [];
        let cases = 0;
        for (const s of STATES) {
          const g = guestSees(flag, s);
          if (g !== row.guest(s)) wrong.push(`guestSees(${flag}, s=${show(s)}) = ${show(g)}, table says ${show(row.guest(s))}`);
          const p = powerOn(flag, s);
          if (JSON.stringify(p) !== JSON.stringify(row.powerOn(s))) wrong.push(`powerOn(${flag}, s=${show(s)}) = ${JSON.stringify(p)}, table says ${JSON.stringify(row.powerOn(s))}`);
          for (const t of STATES) {
            for (const evc of [true, false]) {
              for (const userLevel of [true, false]) {
                cases++;
                const got = vmotion(flag, s, t, { evc, userLevel })?.why;
                const want = row.vmotion(s, t, { evc, userLevel });
                if (got !== want) wrong.push(`vmotion(${flag}, s=${show(s)}, t=${show(t)}, evc=${evc}, userLevel=${userLevel}) = ${got ?? 'ok'}, table says ${want ?? 'ok'}`);
              }
            }
          }
        }
        assert.equal(cases, 36);
        assert.deepEqual(wrong, []);
      });
    }
  }

  test('spot checks that pin the table in words', () => {
    // `-` passes the host value: AVX on the source, none on the target blocks whatever EVC says.
    assert.deepEqual(vmotion('-', 1, 0, { evc: true, userLevel: true }), { why: 'target-lacks' });
    // A target with an extra user-level feature: fine under EVC, blocked without it.
    assert.equal(vmotion('-', 0, 1, { evc: true, userLevel: true }), undefined);
    assert.deepEqual(vmotion('-', 0, 1, { evc: false, userLevel: true }), { why: 'no-evc-mismatch' });
    // …but only for user-level features (kernel-level extras are allowed).
    assert.equal(vmotion('-', 0, 1, { evc: false, userLevel: false }), undefined);
    // A hidden feature never blocks; R hides but still must match.
    assert.equal(vmotion('0', 1, 0, { evc: false, userLevel: true }), undefined);
    assert.equal(guestSees('R', 1), 0);
    assert.deepEqual(vmotion('R', 1, 0, { evc: true, userLevel: false }), { why: 'must-match' });
    // Forcing 1 on a source without the bit is a fault risk, not a power-on block.
    assert.equal(powerOn('1', 0)?.kind, 'fault');
    assert.equal(powerOn('T', 0)?.kind, 'block');
  });
});
