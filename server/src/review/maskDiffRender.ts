/**
 * The three forms of a mask diff: plain text (terminal, one finding per
 * line, grep-friendly), Markdown (a pull-request comment: headings, a table
 * per register, the target delta) and JSON (version 1, docs/REVIEW.md).
 */
import type { Blocker, CompatDelta, MaskDiff, RegisterDiff, TargetDelta } from './maskDiff';
import { hasCpuidChanges, MASK_DIFF_VERSION } from './maskDiff';

export type DiffFormat = 'text' | 'markdown' | 'json';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'markdown', 'json'];

const WHY: Record<Blocker['why'], (feature: string) => string> = {
  'target-lacks': (f) => `lacks ${f}`,
  'must-match': (f) => `${f} must match`,
  'no-evc-mismatch': (f) => `${f} differs (no EVC)`,
  'requires-present': (f) => `lacks ${f}, which is required (T)`,
  'requires-absent': (f) => `has ${f}, which is required absent (F)`,
};

/** `lacks AVX2, AVX512F`: blockers grouped by reason. */
export function describeBlockers(blockers: readonly Blocker[], max = 6): string {
  const byWhy = new Map<Blocker['why'], string[]>();
  for (const b of blockers) {
    const list = byWhy.get(b.why);
    if (list) list.push(b.feature);
    else byWhy.set(b.why, [b.feature]);
  }
  const parts: string[] = [];
  for (const [why, features] of byWhy) {
    const shown = features.slice(0, max).join(', ') + (features.length > max ? ` +${features.length - max} more` : '');
    parts.push(WHY[why](shown));
  }
  return parts.join('; ');
}

/** Blockers in `after` that were not in `before`. */
function newBlockers(t: TargetDelta): Blocker[] {
  const had = new Set(t.before.map((b) => `${b.feature}|${b.why}`));
  return t.after.filter((b) => !had.has(`${b.feature}|${b.why}`));
}

function bitLabel(register: string, b: RegisterDiff['bits'][number]): string {
  const bits = b.hi === b.bit ? `bit ${b.bit}` : `bits ${b.hi}–${b.bit}`;
  return `${register}: ${b.feature ?? 'not catalogued'} (${bits})`;
}

function quoted(v: string): string {
  return `"${v}"`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function otherKeysText(d: MaskDiff): string | undefined {
  const { added, removed, changed } = d.otherKeys;
  if (added + removed + changed === 0) return undefined;
  const parts = [changed ? `${changed} changed` : '', added ? `${added} added` : '', removed ? `${removed} removed` : ''].filter(Boolean);
  return `other settings: ${parts.join(', ')}`;
}

function compatHeader(c: CompatDelta): string {
  return `source ${c.source ?? 'none'}, EVC ${c.evc ? 'on' : 'off'}, ${plural(c.targets.length, 'target')}`;
}

function compatLines(c: CompatDelta): string[] {
  const lines: string[] = [];
  const gained = c.targets.filter((t) => t.change === 'gained');
  const lost = c.targets.filter((t) => t.change === 'lost');
  const still = c.targets.filter((t) => t.change === 'still-blocked');
  if (gained.length) lines.push(`moves to: ${gained.map((t) => `+${t.target}`).join(' ')}`);
  if (lost.length) lines.push(`no longer: ${lost.map((t) => `${t.target} (${describeBlockers(t.after)})`).join(', ')}`);
  for (const t of still) {
    const added = newBlockers(t);
    const now = new Set(t.after.map((b) => `${b.feature}|${b.why}`));
    const resolved = t.before.filter((b) => !now.has(`${b.feature}|${b.why}`));
    lines.push(
      `still blocked: ${t.target} (${describeBlockers(t.after)})${added.length ? `, newly: ${describeBlockers(added)}` : ''}${resolved.length ? `, no longer blocking: ${resolved.map((b) => b.feature).join(', ')}` : ''}`,
    );
  }
  const unchanged = c.targets.filter((t) => t.change === 'unchanged');
  if (unchanged.length && (gained.length || lost.length || still.length)) {
    lines.push(`unchanged: ${unchanged.map((t) => `${t.target} (${t.after.length === 0 ? 'moves' : 'blocked'})`).join(', ')}`);
  }
  if (!gained.length && !lost.length && !still.length) {
    const moves = c.targets.filter((t) => t.after.length === 0).length;
    lines.push(`no change: moves to ${moves} of ${c.targets.length} targets, before and after`);
  }
  return lines;
}

/** Plain text: one finding per line, each bit as `register: FEATURE (bit n)  old → new  effect`. */
export function renderText(d: MaskDiff): string {
  const out: string[] = [`vmx-cpuid diff ${d.oldLabel} → ${d.newLabel}`];
  const rows: [string, string][] = [];
  const note = (text: string) => rows.push([text, '']);
  for (const r of d.registers) {
    if (r.change === 'added') note(`${r.register}: added (line ${r.new!.line})`);
    else if (r.change === 'removed') note(`${r.register}: removed (was line ${r.old!.line})`);
    else if (r.respelled) note(`${r.register}: was written ${r.old!.key} (line ${r.new!.line})`);
    if (r.invalid.old) note(`${r.register}: the old value ${quoted(r.old!.value)} is invalid (${r.invalid.old})`);
    if (r.invalid.new) note(`${r.register}: the new value ${quoted(r.new!.value)} is invalid (${r.invalid.new}); its flags are unknown`);
    for (const b of r.bits) rows.push([bitLabel(r.register, b), `${b.old ?? '?'} → ${b.new ?? '?'}  ${b.effect}`]);
    if (r.bits.length === 0 && !r.invalid.old && !r.invalid.new) note(`${r.register}: no flag changed (only ${r.change === 'changed' ? 'spelling or grouping' : 'default flags'})`);
  }
  for (const f of d.featMasks) {
    const value =
      f.change === 'added' ? `added ${quoted(f.new!.value)}` : f.change === 'removed' ? `removed (was ${quoted(f.old!.value)})` : `${quoted(f.old!.value)} → ${quoted(f.new!.value)}`;
    rows.push([`${f.key}: ${value}`, f.change === 'removed' ? f.effect.replace(/^removed: /, '') : f.effect]);
    if (!f.known && f.key.toLowerCase().includes('.cpuid.')) note(`${f.key}: "${f.feature}" is not a feature name vmx-cpuid knows`);
  }
  for (const k of d.invalidKeys) {
    note(`${k.key}: ${k.change === 'removed' ? 'removed' : k.change}; not a mask VMware can read (${k.reason})`);
  }
  const width = Math.min(60, Math.max(0, ...rows.filter((r) => r[1]).map((r) => r[0].length)));
  for (const [a, b] of rows) out.push(b ? `${a.padEnd(width)}  ${b}` : a);
  if (!hasCpuidChanges(d)) out.push('no CPUID mask or featMask changes');
  const other = otherKeysText(d);
  if (other) out.push(other);
  if (d.compatibility) {
    out.push(`compatibility (${compatHeader(d.compatibility)}):`);
    for (const l of compatLines(d.compatibility)) out.push(`  ${l}`);
  }
  return out.join('\n') + '\n';
}

/** A table cell: pipes and line breaks escaped, code in backticks. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}

function code(text: string): string {
  const safe = cell(text);
  const fence = safe.includes('`') ? '``' : '`';
  return safe === '' ? '(empty)' : `${fence}${fence.length > 1 ? ' ' : ''}${safe}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function registerHeading(r: RegisterDiff): string {
  const where =
    r.change === 'added'
      ? `added, line ${r.new!.line}`
      : r.change === 'removed'
        ? `removed, was line ${r.old!.line}`
        : `line ${r.new!.line}${r.respelled ? `, was ${code(r.old!.key)}` : ''}`;
  return `### ${code(r.register)} — ${where}`;
}

/** Markdown for a pull-request comment. */
export function renderMarkdown(d: MaskDiff): string {
  const out: string[] = [`## CPUID mask changes: ${code(d.oldLabel)} → ${code(d.newLabel)}`, ''];
  const counts = [
    d.registers.length ? plural(d.registers.length, 'register') : '',
    d.featMasks.length ? plural(d.featMasks.length, 'featMask line') : '',
    d.invalidKeys.length ? plural(d.invalidKeys.length, 'unreadable mask key') : '',
  ].filter(Boolean);
  out.push(counts.length ? `Changed: ${counts.join(', ')}.` : 'No CPUID mask or featMask changes.', '');
  for (const r of d.registers) {
    out.push(registerHeading(r), '', `${r.sdm}`, '');
    if (r.invalid.old) out.push(`⚠️ The old value ${code(r.old!.value)} is invalid: ${cell(r.invalid.old)}.`, '');
    if (r.invalid.new) out.push(`⚠️ The new value ${code(r.new!.value)} is invalid: ${cell(r.invalid.new)}. VMware cannot apply it.`, '');
    if (r.bits.length === 0) {
      if (!r.invalid.old && !r.invalid.new) out.push(r.change === 'changed' ? 'No flag changed (spelling or grouping only).' : 'No flag set (every flag is the default).', '');
      continue;
    }
    out.push('| bit | feature | old | new | the guest now sees |', '|---:|---|:---:|:---:|---|');
    for (const b of r.bits) {
      const bits = b.hi === b.bit ? String(b.bit) : `${b.hi}–${b.bit}`;
      out.push(`| ${bits} | ${cell(b.feature ?? '(not catalogued)')} | ${b.old === null ? '?' : code(b.old)} | ${b.new === null ? '?' : code(b.new)} | ${cell(b.effect)} |`);
    }
    out.push('');
  }
  if (d.featMasks.length) {
    out.push('### featMask lines', '', '| key | old | new | effect |', '|---|---|---|---|');
    for (const f of d.featMasks) {
      const effect = f.known || !f.key.toLowerCase().includes('.cpuid.') ? f.effect : `${f.effect} (unknown feature name)`;
      out.push(`| ${code(f.key)} | ${f.old ? code(f.old.value) : '—'} | ${f.new ? code(f.new.value) : '—'} | ${cell(effect)} |`);
    }
    out.push('');
  }
  if (d.invalidKeys.length) {
    out.push('### Unreadable mask keys', '');
    for (const k of d.invalidKeys) out.push(`- ${code(k.key)} (${k.change}): ${cell(k.reason)}`);
    out.push('');
  }
  const other = otherKeysText(d);
  if (other) out.push(`Other settings: ${other.slice('other settings: '.length)}.`, '');
  if (d.compatibility) {
    const c = d.compatibility;
    out.push('### vMotion targets', '', `Source **${cell(c.source ?? 'none')}** · EVC ${c.evc ? 'on' : 'off'} · ${plural(c.targets.length, 'target')}`, '');
    for (const l of compatLines(c)) out.push(`- ${cell(l)}`);
    out.push('', '| target | before | after |', '|---|---|---|');
    const verdict = (b: readonly Blocker[]) => (b.length === 0 ? '✅ moves' : `❌ ${cell(describeBlockers(b))}`);
    for (const t of c.targets) out.push(`| ${cell(t.target)} | ${verdict(t.before)} | ${verdict(t.after)} |`);
    out.push('');
  }
  return out.join('\n');
}

/** JSON, `version` 1 (docs/REVIEW.md). */
export function renderJson(d: MaskDiff): string {
  return (
    JSON.stringify({
      version: MASK_DIFF_VERSION,
      old: d.oldLabel,
      new: d.newLabel,
      registers: d.registers,
      featMasks: d.featMasks,
      invalidKeys: d.invalidKeys,
      otherKeys: d.otherKeys,
      compatibility: d.compatibility ?? null,
    }) + '\n'
  );
}

export function renderDiff(d: MaskDiff, format: DiffFormat): string {
  return format === 'json' ? renderJson(d) : format === 'markdown' ? renderMarkdown(d) : renderText(d);
}
