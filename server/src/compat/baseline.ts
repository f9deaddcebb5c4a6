/**
 * The common feature set of several hosts, as mask lines: every judged
 * feature that some host is known to lack is hidden (flag 0); features whose
 * presence is unknown on some host are left at the default and named in a
 * comment. Optionally as featMask lines where VMware has a name.
 */
import type { CpuidBitEntry } from '../knowledge/bitDatabase';
import { canonicalMaskKey } from '../model/maskKey';
import type { Profile } from '../profiles/profile';
import { featureLabel, judgedFeatureList } from './engine';
import { groupFlags } from '../model/maskValue';

export interface BaselineResult {
  readonly hidden: readonly CpuidBitEntry[];
  readonly unknown: readonly CpuidBitEntry[];
  readonly text: string;
}

export function commonFeatureMasks(profiles: readonly Profile[], options: { featMask?: boolean } = {}): BaselineResult {
  const hidden: CpuidBitEntry[] = [];
  const unknown: CpuidBitEntry[] = [];
  for (const e of judgedFeatureList()) {
    const states = profiles.map((p) => p.bit(e.leaf, e.subleaf, e.register, e.lo));
    if (states.some((s) => s === 0)) {
      if (states.some((s) => s === 1)) hidden.push(e);
    } else if (states.some((s) => s === undefined) && states.some((s) => s === 1)) unknown.push(e);
  }
  // A feature that needs a hidden one is hidden too, even where it is common or unknown:
  // the guest must not see CQM_OCCUP_LLC without CQM, or AVX2 without AVX.
  const hiddenNames = new Set(hidden.map((e) => e.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of judgedFeatureList()) {
      if (hiddenNames.has(e.name) || !e.requires?.some((r) => hiddenNames.has(r))) continue;
      if (!profiles.some((p) => p.bit(e.leaf, e.subleaf, e.register, e.lo) === 1)) continue; // no host known to have it: nothing to hide
      hiddenNames.add(e.name);
      hidden.push(e);
      const u = unknown.indexOf(e);
      if (u >= 0) unknown.splice(u, 1);
      grew = true;
    }
  }
  const order = judgedFeatureList();
  hidden.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const lines: string[] = [];
  const names = profiles.map((p) => p.name).join(', ');
  lines.push(`# vmx-cpuid baseline of ${names} (${profiles.length} host${profiles.length === 1 ? '' : 's'}): hides the ${hidden.length} feature${hidden.length === 1 ? '' : 's'} not all of them have.`);
  if (new Set(profiles.map((p) => p.vendor)).size > 1) lines.push('# Warning: these hosts mix Intel and AMD; vMotion between vendors is not possible whatever the masks.');
  if (unknown.length > 0) lines.push(`# Unknown on some host, left at the default: ${unknown.map(featureLabel).join(', ')}`);

  const asMask = options.featMask ? hidden.filter((e) => !e.aliases.vmware?.length) : hidden;
  if (options.featMask) {
    for (const e of hidden) if (e.aliases.vmware?.length) lines.push(`featMask.vm.cpuid.${e.aliases.vmware[0]} = "Val:0"`);
    if (asMask.length > 0) lines.push(`# No VMware feature name for ${asMask.map(featureLabel).join(', ')}: masked by register instead.`);
  }
  const registers = new Map<string, { key: string; flags: string[] }>();
  for (const e of asMask) {
    const key = canonicalMaskKey(e.leaf, e.subleaf, e.register, false);
    let reg = registers.get(key);
    if (!reg) registers.set(key, (reg = { key, flags: new Array<string>(32).fill('-') }));
    reg.flags[31 - e.lo] = '0';
  }
  for (const { key, flags } of registers.values()) {
    const grouped = groupFlags(flags);
    lines.push(`${key} = "${grouped}"`);
  }
  if (hidden.length === 0) lines.push('# Nothing to hide: every known feature is common to all hosts.');
  return { hidden, unknown, text: lines.join('\n') + '\n' };
}
