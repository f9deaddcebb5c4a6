/**
 * Compatibility at a glance: for each target host, the features that block
 * vMotion from the source with this file's masks, and why. Feeds the code
 * lens ("moves to 5 of 7 targets") and the matrix view.
 */
import type { AnalysisInput } from '../analysis/analyze';
import type { ResolvedConfig } from '../config/config';
import { Profile, registerKeyOf } from '../profiles/profile';
import { appliedFlags } from './guestView';
import { vmotion, VmotionVerdict } from './flagRules';
import { featureLabel, judgedFeatureList } from './engine';

export interface TargetVerdict {
  readonly target: Profile;
  readonly blockers: readonly { readonly feature: string; readonly why: VmotionVerdict['why'] }[];
}

export function compatibilityMatrix(input: AnalysisInput, config: ResolvedConfig): TargetVerdict[] {
  const source = config.source;
  const applied = appliedFlags(input.cpuid, source?.vendor);
  return config.targets.map((target) => {
    const blockers: { feature: string; why: VmotionVerdict['why'] }[] = [];
    if (source && source.vendor !== target.vendor) {
      blockers.push({ feature: 'CPU vendor', why: 'must-match' });
    }
    for (const e of judgedFeatureList()) {
      const flag = applied.registers.get(registerKeyOf(e))?.flags[e.lo]?.flag ?? '-';
      const s = source?.bit(e.leaf, e.subleaf, e.register, e.lo);
      const verdict = vmotion(flag, s, target.bit(e.leaf, e.subleaf, e.register, e.lo), { evc: config.evc, userLevel: e.kind === 'user-instructions' });
      if (verdict) blockers.push({ feature: featureLabel(e), why: verdict.why });
    }
    return { target, blockers };
  });
}

const WHY: Record<VmotionVerdict['why'], string> = {
  'target-lacks': 'guest sees it, target lacks it',
  'must-match': 'must be equal on both hosts',
  'no-evc-mismatch': 'without EVC, user-level features must match',
  'requires-present': 'required (T), target lacks it',
  'requires-absent': 'required absent (F), target has it',
};

/** The matrix as Markdown: one row per target, with its blocking features. */
export function matrixMarkdown(fileName: string, config: ResolvedConfig, rows: readonly TargetVerdict[]): string {
  const movable = rows.filter((r) => r.blockers.length === 0).length;
  const lines = [
    `# vMotion compatibility of ${fileName}`,
    '',
    `Source: **${config.source?.name ?? 'none'}** · EVC: ${config.evc ? 'on' : 'off'} · moves to **${movable} of ${rows.length}** target${rows.length === 1 ? '' : 's'}`,
    '',
    '| target | verdict | blocking features |',
    '|---|---|---|',
  ];
  for (const r of rows) {
    const text = r.blockers.map((b) => `${b.feature} (${WHY[b.why]})`).join(', ');
    lines.push(`| ${r.target.name} | ${r.blockers.length === 0 ? '✅ moves' : `❌ ${r.blockers.length} blocking`} | ${text || '—'} |`);
  }
  lines.push('', 'Quick fixes on the diagnostics ("Make compatible with …") hide the blocking features.');
  return lines.join('\n') + '\n';
}
