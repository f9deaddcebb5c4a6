/** The Mask Grid model: rows of 32 flags, the featMask section, verdicts per target, the cycle edit. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeMaskGrid, cycleFlagEdit, GridCell, MaskGrid, nextFlag } from '../../../server/src/features/maskGrid';
import { createProfile, Profile, ProfileVendor } from '../../../server/src/profiles/profile';
import { featureByName } from '../../../server/src/knowledge/bitDatabase';
import { builtinProfile } from '../../../server/src/profiles/builtins';
import type { ResolvedConfig } from '../../../server/src/config/config';
import { EMPTY_CONFIG } from '../../../server/src/config/config';
import { modelOf } from '../../support/model';
import { applyEdits } from '../../support/applyEdits';
import { offsetAt } from '../../support/caret';

/** A host with explicit registers: `has` bits 1, `lacks` bits 0, everything else unknown. */
function host(name: string, has: readonly string[], lacks: readonly string[] = [], vendor: ProfileVendor = 'intel'): Profile {
  const regs = new Map<string, string[]>();
  const set = (feature: string, v: string) => {
    const e = featureByName(feature)!;
    const key = `${e.leaf.toString(16)}.${(e.subleaf ?? 0).toString(16)}.${e.register}`;
    if (!regs.has(key)) regs.set(key, new Array<string>(32).fill('-'));
    regs.get(key)![31 - e.lo] = v;
  };
  has.forEach((f) => set(f, '1'));
  lacks.forEach((f) => set(f, '0'));
  return createProfile({
    name,
    vendor,
    kind: 'host',
    title: name,
    provenance: [{ source: 'test', confidence: 'derived' }],
    registers: Object.fromEntries([...regs].map(([k, f]) => [k, f.join('')])),
  });
}

function configOf(source: Profile | undefined, targets: readonly Profile[], evc = true): ResolvedConfig {
  return { ...(source ? { source } : {}), targets, evc, rules: {}, problems: [] };
}

/** A mask value with the given flags at the given bits, `-` elsewhere, grouped in fours. */
function mask(bits: Readonly<Record<number, string>>): string {
  const flags = new Array<string>(32).fill('-');
  for (const [bit, flag] of Object.entries(bits)) flags[31 - Number(bit)] = flag;
  return flags.map((f, i) => (i > 0 && i % 4 === 0 ? `:${f}` : f)).join('');
}

function gridOf(text: string, config: ResolvedConfig = EMPTY_CONFIG): MaskGrid {
  return computeMaskGrid(modelOf(text), config);
}

function cell(grid: MaskGrid, key: string, bit: number): GridCell {
  const row = grid.rows.find((r) => r.key === key);
  assert.ok(row, `a row for ${key}`);
  const c = row.cells.find((x) => x.bit === bit);
  assert.ok(c, `a cell for bit ${bit} of ${key}`);
  return c;
}

/** The text a range covers. */
function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

const source = host('src', ['avx', 'aes', 'avx2', 'movbe']);
const lacksAvx = host('no-avx', ['aes', 'avx2', 'movbe'], ['avx']);
const hasAll = host('all', ['avx', 'aes', 'avx2', 'movbe']);
const knowsNothing = host('blank', [], [], 'intel');

const FILE = [
  'displayName = "grid"',
  `cpuid.1.ecx = "${mask({ 28: '0', 25: 'H', 16: '1' })}"`,
  `cpuid.7.0.ebx = "${mask({ 5: '1' })}"`,
  'cpuid.80000001.ecx = ""',
  'cpuid.d.eax = "----:----"',
  'featMask.vm.cpuid.AVX2 = "Val:0"',
  'featMask.vm.cpuid.NOSUCHFEATURE = "Val:0"',
  'featMask.vm.cpuid.MOVBE = "Min:1"',
  '',
].join('\n');

describe('mask grid: rows', () => {
  test('one row per mask line, in file order, 32 cells from bit 31 to bit 0', () => {
    const grid = gridOf(FILE);
    assert.deepEqual(grid.rows.map((r) => [r.key, r.line]), [
      ['cpuid.1.ecx', 1],
      ['cpuid.7.0.ebx', 2],
      ['cpuid.80000001.ecx', 3],
      ['cpuid.d.eax', 4],
    ]);
    const ecx = grid.rows[0]!;
    assert.deepEqual(ecx.cells.map((c) => c.bit), Array.from({ length: 32 }, (_, i) => 31 - i));
    assert.equal(ecx.register, '1.0.ecx');
    // Every cell's range covers exactly its flag character.
    for (const c of ecx.cells) assert.equal(textAt(FILE, c.range), c.flag, `bit ${c.bit}`);
    assert.equal(ecx.cells.map((c) => c.flag).join(''), mask({ 28: '0', 25: 'H', 16: '1' }).replace(/:/g, ''));
  });

  test('cells name the feature, the flag kind and what the guest sees', () => {
    const grid = gridOf(FILE, configOf(source, []));
    const avx = cell(grid, 'cpuid.1.ecx', 28);
    assert.equal(avx.feature, 'AVX');
    assert.equal(avx.flag, '0');
    assert.equal(avx.kind, 'hide');
    assert.equal(avx.flagTitle, 'forced to 0');
    assert.equal(avx.guest, '0');
    const aes = cell(grid, 'cpuid.1.ecx', 25);
    assert.equal([aes.kind, aes.guest].join(), 'host,1', 'H passes the source value (1)');
    const reserved = cell(grid, 'cpuid.1.ecx', 16);
    assert.equal(reserved.feature, undefined);
    assert.equal(reserved.kind, 'force');
    assert.equal(reserved.compat, 'none');
    assert.match(reserved.note!, /reserved/);
    assert.equal(cell(grid, 'cpuid.1.ecx', 0).kind, 'default');
    assert.equal(cell(grid, 'cpuid.1.ecx', 0).guest, 'host', 'without a known source bit the guest sees the host value');
  });

  test('empty and broken masks are rows without cells, with a note', () => {
    const grid = gridOf(FILE);
    assert.deepEqual(grid.rows[2]!.cells, []);
    assert.match(grid.rows[2]!.note!, /empty/);
    assert.deepEqual(grid.rows[3]!.cells, []);
    assert.match(grid.rows[3]!.note!, /^8 flag characters/);
  });

  test('a .amd mask does not apply to an Intel source; a later line replaces an earlier one', () => {
    const text = [`cpuid.1.ecx = "${mask({ 28: '0' })}"`, `cpuid.1.ecx.amd = "${mask({ 28: '1' })}"`, `cpuid.7.0.ebx = "${mask({})}"`, `cpuid.7.ebx = "${mask({ 5: '0' })}"`].join('\n');
    const grid = gridOf(text, configOf(source, [lacksAvx]));
    assert.deepEqual(grid.rows.map((r) => r.applies), [true, false, false, true]);
    assert.match(grid.rows[1]!.note!, /AMD hosts only/);
    assert.equal(grid.rows[1]!.cells[3]!.compat, 'none', 'a mask that does not apply is not judged');
    assert.match(grid.rows[2]!.note!, /later line/);
    assert.equal(grid.rows[1]!.register, '1.0.ecx.amd');
  });
});

describe('mask grid: compatibility per cell', () => {
  test('"-" on AVX: blocks the target that lacks it, ok where present, unknown where the profile does not know', () => {
    const text = `cpuid.1.ecx = "${mask({})}"\n`;
    const grid = gridOf(text, configOf(source, [lacksAvx, hasAll, knowsNothing]));
    const avx = cell(grid, 'cpuid.1.ecx', 28);
    assert.equal(avx.compat, 'blocks');
    assert.deepEqual(avx.targets, [
      { target: 'no-avx', state: 'blocks', why: 'target-lacks' },
      { target: 'all', state: 'ok' },
      { target: 'blank', state: 'unknown' },
    ]);
    assert.equal(avx.label, 'cpuid.1.ecx bit 28 AVX, flag - default, blocks vMotion to no-avx; unknown on blank');
    assert.match(avx.tooltip, /^cpuid\.1\.ecx bit 28: AVX\n/, 'the title is not repeated when it is the name');
    assert.match(avx.tooltip, /\nsource src: present\n/);
    assert.match(avx.tooltip, /\nno-avx: blocks \(the guest sees it, the target lacks it\)\n/);
    assert.match(avx.tooltip, /\nblank: unknown/);
  });

  test('"0" never blocks, even on a target that does not know the bit', () => {
    const grid = gridOf(`cpuid.1.ecx = "${mask({ 28: '0' })}"\n`, configOf(source, [lacksAvx, knowsNothing]));
    const avx = cell(grid, 'cpuid.1.ecx', 28);
    assert.equal(avx.compat, 'ok');
    assert.deepEqual(avx.targets.map((t) => t.state), ['ok', 'ok']);
    assert.equal(avx.label, 'cpuid.1.ecx bit 28 AVX, flag 0 forced to 0, moves to every target');
  });

  test('"H" must match: blocks where the target differs from the source', () => {
    const grid = gridOf(`cpuid.1.ecx = "${mask({ 28: 'H' })}"\n`, configOf(source, [lacksAvx, hasAll]));
    assert.deepEqual(cell(grid, 'cpuid.1.ecx', 28).targets.map((t) => `${t.target}:${t.state}:${t.why ?? ''}`), ['no-avx:blocks:must-match', 'all:ok:']);
  });

  test('without targets nothing is judged; without a source a forced 1 still blocks a target that lacks the feature', () => {
    assert.equal(cell(gridOf(`cpuid.1.ecx = "${mask({})}"\n`, configOf(source, [])), 'cpuid.1.ecx', 28).compat, 'none');
    const noSource = gridOf(`cpuid.1.ecx = "${mask({ 28: '1' })}"\n`, configOf(undefined, [lacksAvx, hasAll]));
    assert.deepEqual(cell(noSource, 'cpuid.1.ecx', 28).targets.map((t) => t.state), ['blocks', 'ok']);
    assert.equal(noSource.source, undefined);
    assert.deepEqual(noSource.targets, ['no-avx', 'all']);
  });

  test('identity and informational bits are not judged (hypervisor bit)', () => {
    const grid = gridOf(`cpuid.1.ecx = "${mask({ 31: '1' })}"\n`, configOf(source, [lacksAvx]));
    const hv = cell(grid, 'cpuid.1.ecx', 31);
    assert.equal(hv.compat, 'none');
    assert.match(hv.label, /^cpuid\.1\.ecx bit 31 HYPERVISOR, flag 1 forced to 1, not a host feature/);
  });

  test('built-in EVC baselines: AVX2 forced to 1 blocks Sandy Bridge only', () => {
    const grid = gridOf(`cpuid.7.0.ebx = "${mask({ 5: '1' })}"\n`, configOf(builtinProfile('intel-skylake'), ['intel-sandybridge', 'intel-broadwell'].map((n) => builtinProfile(n)!)));
    const avx2 = cell(grid, 'cpuid.7.0.ebx', 5);
    assert.equal(avx2.compat, 'blocks');
    assert.equal(avx2.label, 'cpuid.7.0.ebx bit 5 AVX2, flag 1 forced to 1, blocks vMotion to intel-sandybridge');
    assert.deepEqual(grid.vendorMismatch, []);
    assert.equal(grid.evc, true);
  });

  test('a target of another vendor is named', () => {
    const grid = gridOf(FILE, configOf(source, [host('epyc', ['avx'], [], 'amd')]));
    assert.deepEqual(grid.vendorMismatch, ['epyc']);
  });
});

describe('mask grid: featMask section', () => {
  test('one row per featMask line, with the feature, its bits, the flag it amounts to and its verdict', () => {
    const grid = gridOf(FILE, configOf(source, [lacksAvx, hasAll]));
    assert.deepEqual(grid.featMasks.map((f) => [f.key, f.line, f.value, f.feature, f.flag]), [
      ['featMask.vm.cpuid.AVX2', 5, 'Val:0', 'AVX2', '0'],
      ['featMask.vm.cpuid.NOSUCHFEATURE', 6, 'Val:0', 'NOSUCHFEATURE', '0'],
      ['featMask.vm.cpuid.MOVBE', 7, 'Min:1', 'MOVBE', 'T'],
    ]);
    const [avx2, unknown, movbe] = grid.featMasks;
    assert.equal(avx2!.where, 'cpuid.7.0.ebx bit 5');
    assert.equal(avx2!.kind, 'hide');
    // The cpuid.7.0.ebx mask forces AVX2 to 1: the two conflict, the mask decides.
    assert.match(avx2!.note!, /conflict/);
    assert.equal(avx2!.compat, 'none');
    assert.equal(textAt(FILE, avx2!.range), 'Val:0');
    assert.match(unknown!.note!, /unknown feature/);
    assert.equal(movbe!.compat, 'ok', 'both targets have MOVBE');
    assert.equal(movbe!.label, 'featMask.vm.cpuid.MOVBE = Min:1, acts as flag T required to be 1, moves to every target');
  });

  test('a featMask line that decides a bit is judged, and the mask cell it overrides says so', () => {
    const text = `cpuid.7.0.ebx = "${mask({})}"\nfeatMask.vm.cpuid.AVX2 = "Val:1"\n`;
    const grid = gridOf(text, configOf(source, [host('no-avx2', [], ['avx2'])]));
    assert.equal(grid.featMasks[0]!.compat, 'blocks');
    assert.equal(grid.featMasks[0]!.targets[0]!.why, 'target-lacks');
    const c = cell(grid, 'cpuid.7.0.ebx', 5);
    assert.equal(c.flag, '-');
    assert.equal(c.compat, 'blocks', 'the cell is judged with the flag that decides');
    assert.match(c.note!, /featMask\.vm\.cpuid\.AVX2 = "Val:1" decides this bit/);
  });
});

describe('mask grid: cycling a flag', () => {
  test('nextFlag: - → 0 → 1 → H → -, anything else back to -', () => {
    assert.deepEqual(['-', '0', '1', 'H', 'h', 'R', 'x', 'T'].map(nextFlag), ['0', '1', 'H', '-', '-', '-', '-', '-']);
  });

  test('each step is one edit replacing exactly one character, and four steps come back', () => {
    const original = `a = "b"\r\ncpuid.1.ecx = "${mask({})}" # comment\r\nc = "d"\r\n`;
    let text = original;
    const seen: string[] = [];
    for (let step = 0; step < 4; step++) {
      const edit = cycleFlagEdit(modelOf(text), 1, 28);
      assert.ok(edit);
      assert.equal(edit.range.start.line, 1);
      assert.equal(edit.range.end.character - edit.range.start.character, 1, 'one character');
      const next = applyEdits(text, [edit]);
      assert.equal(next.length, text.length);
      const changed = [...next].filter((ch, i) => ch !== text[i]);
      assert.equal(changed.length, 1, `exactly one character changed at step ${step}`);
      seen.push(edit.newText);
      text = next;
    }
    assert.deepEqual(seen, ['0', '1', 'H', '-']);
    assert.equal(text, original);
  });

  test('the edited character is the flag of that bit, separators skipped', () => {
    const text = `cpuid.1.ecx = "${mask({})}"\n`;
    const after = applyEdits(text, [cycleFlagEdit(modelOf(text), 0, 28)!]);
    assert.equal(after, `cpuid.1.ecx = "${mask({ 28: '0' })}"\n`);
    const bit0 = applyEdits(text, [cycleFlagEdit(modelOf(text), 0, 0)!]);
    assert.equal(bit0, `cpuid.1.ecx = "${mask({ 0: '0' })}"\n`);
  });

  test('no edit for lines that are not complete masks, or bits out of range', () => {
    const model = modelOf(FILE);
    assert.equal(cycleFlagEdit(model, 0, 3), undefined, 'not a mask');
    assert.equal(cycleFlagEdit(model, 3, 3), undefined, 'empty mask');
    assert.equal(cycleFlagEdit(model, 4, 3), undefined, 'incomplete mask');
    assert.equal(cycleFlagEdit(model, 5, 3), undefined, 'featMask line');
    assert.equal(cycleFlagEdit(model, 1, 32), undefined);
    assert.equal(cycleFlagEdit(model, 1, -1), undefined);
  });
});
