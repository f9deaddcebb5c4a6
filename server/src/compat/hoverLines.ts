/** Per-host lines for a flag's hover: "intel-westmere: absent → blocks vMotion". */
import type { FlagLineProvider } from '../features/hover';
import type { ResolvedConfig } from '../config/config';
import { vmotion, powerOn } from './flagRules';

export function hostHoverLines(config: ResolvedConfig): FlagLineProvider {
  return ({ mask, bit, flag, feature }) => {
    if (!config.source && config.targets.length === 0) return [];
    const { leaf, subleaf, register } = mask.key;
    const state = (n: 0 | 1 | undefined) => (n === 1 ? 'present' : n === 0 ? 'absent' : 'unknown');
    const lines: string[] = [];
    const s = config.source?.bit(leaf, subleaf, register, bit);
    if (config.source) {
      const verdict = powerOn(flag, s);
      lines.push(`source **${config.source.name}**: ${state(s)}${verdict ? (verdict.kind === 'fault' ? ' → the guest may fault' : ' → does not power on') : ''}`);
    }
    for (const target of config.targets) {
      const t = target.bit(leaf, subleaf, register, bit);
      const userLevel = feature?.kind === 'user-instructions';
      const verdict = feature && !feature.isField ? vmotion(flag, s, t, { evc: config.evc, userLevel }) : undefined;
      lines.push(`target **${target.name}**: ${state(t)}${verdict ? ' → blocks vMotion' : ''}`);
    }
    return lines;
  };
}
