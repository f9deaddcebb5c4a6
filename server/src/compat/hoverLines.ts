/** Per-host lines for a flag's hover: "intel-westmere: absent → blocks vMotion". */
import type { FlagLineProvider } from '../features/hover';
import type { ResolvedConfig } from '../config/config';
import { registerKey } from '../profiles/profile';
import { vmotion, powerOn } from './flagRules';
import { isJudgedFeature } from './engine';
import { appliedFlags } from './guestView';

export function hostHoverLines(config: ResolvedConfig): FlagLineProvider {
  return ({ model, mask, bit, flag, feature }) => {
    if (!config.source && config.targets.length === 0) return [];
    const { leaf, subleaf, register } = mask.key;
    const state = (n: 0 | 1 | undefined) => (n === 1 ? 'present' : n === 0 ? 'absent' : 'unknown');
    // Verdicts only where the engine judges: a host feature, written in the mask that applies to the
    // source (a .amd mask on an Intel source, or a plain mask overridden by .amd on AMD, does not).
    const reg = appliedFlags(model.cpuid, config.source?.vendor).registers.get(registerKey(leaf, subleaf, register));
    const maskApplies = reg?.mask === mask;
    const judged = feature !== undefined && isJudgedFeature(feature) && reg?.flags[bit]?.mask === mask;
    const lines: string[] = [];
    const s = config.source?.bit(leaf, subleaf, register, bit);
    if (config.source) {
      const verdict = judged ? powerOn(flag, s) : undefined;
      lines.push(`source **${config.source.name}**: ${state(s)}${verdict ? (verdict.kind === 'fault' ? ' → the guest may fault' : ' → does not power on') : ''}`);
    }
    for (const target of config.targets) {
      const t = target.bit(leaf, subleaf, register, bit);
      const userLevel = feature?.kind === 'user-instructions';
      const verdict = judged ? vmotion(flag, s, t, { evc: config.evc, userLevel }) : undefined;
      lines.push(`target **${target.name}**: ${state(t)}${verdict ? ' → blocks vMotion' : ''}`);
    }
    if (config.source && !maskApplies) lines.push(`this mask does not apply to source ${config.source.name} (${config.source.vendor === 'amd' ? 'a .amd mask replaces it' : 'a .amd mask applies to AMD hosts only'})`);
    return lines;
  };
}
