/**
 * The compatibility engine: with a source host and target hosts chosen,
 * decides for every CPUID feature bit whether the VM powers on on the
 * source and can move to each target, using the normative table in
 * flagRules.ts; checks feature dependencies of what the guest sees; and
 * offers the smallest fixes. Pure: hosts come in as resolved profiles.
 */
import { memoByObject } from '../util/memo';
import type { Range } from 'vscode-languageserver-types';
import type { AnalysisInput } from '../analysis/analyze';
import { Fix, Problem, RelatedLocation, Severity, withFixesOnDemand } from '../analysis/problem';
import { allFeatures, CpuidBitEntry, featureByName } from '../knowledge/bitDatabase';
import type { ResolvedConfig } from '../config/config';
import { BitState, NOT_HOST_FEATURES, Profile, registerKeyOf } from '../profiles/profile';
import { lineRange } from '../parser/vmxDocument';
import { canonicalMaskKey } from '../model/maskKey';
import { AppliedFlag, appliedFlags, AppliedFlags } from './guestView';
import { guestSees, powerOn, vmotion, VmotionVerdict } from './flagRules';
import { BitChange, flagEdits } from './fixes';

/** Kinds of bits that are host features vMotion cares about. */
const HOST_FEATURE_KINDS = new Set(['user-instructions', 'os-enabled-state', 'system', 'security-mitigation', 'virtualization']);

/** Identity and hypervisor bits are spoofed on purpose: explained by hovers, never judged here. */
function isJudged(e: CpuidBitEntry): boolean {
  if (e.isField || !HOST_FEATURE_KINDS.has(e.kind) || NOT_HOST_FEATURES.has(e.name)) return false;
  if (e.leaf === 0 || (e.leaf >= 0x80000002 && e.leaf <= 0x80000004)) return false;
  return true;
}

let judgedCache: CpuidBitEntry[] | undefined;
function judgedFeatures(): CpuidBitEntry[] {
  judgedCache ??= allFeatures().filter(isJudged);
  return judgedCache;
}

/** Whether the engine judges this bit (a host feature, not an identity or guest-state bit). */
export function isJudgedFeature(e: CpuidBitEntry): boolean {
  return isJudged(e);
}

/** The feature bits the engine judges (host features, not identity or guest-state bits). */
export function judgedFeatureList(): readonly CpuidBitEntry[] {
  return judgedFeatures();
}

const VENDOR: Record<Profile['vendor'], string> = { intel: 'Intel', amd: 'AMD' };

export function featureLabel(e: CpuidBitEntry): string {
  return e.aliases.vmware?.[0] ?? e.name.toUpperCase();
}

function where(e: CpuidBitEntry, a: AppliedFlag | undefined): string {
  if (a?.featMask) return `${a.featMask.entry.key} (${featureLabel(e)})`;
  const key = a?.mask?.entry.key ?? canonicalMaskKey(e.leaf, e.subleaf, e.register, false);
  return `${key} bit ${e.lo} (${featureLabel(e)})`;
}

function flagPhrase(flag: string): string {
  switch (flag) {
    case '1':
      return 'is forced to 1';
    case '-':
      return 'keeps the host value';
    case 'h':
    case 'H':
      return `passes the host value (${flag})`;
    case 'T':
      return 'is required (T)';
    case 'F':
      return 'is required absent (F)';
    case 'R':
      return 'is R';
    default:
      return `is "${flag}"`;
  }
}

function hasIt(p: Profile, e: CpuidBitEntry): BitState {
  const i = judgedIndex().get(e);
  if (i === undefined) return p.bit(e.leaf, e.subleaf, e.register, e.lo);
  const state = judgedBitsOf(p)[i]!;
  return state === UNKNOWN ? undefined : (state as 0 | 1);
}

/**
 * A host's state of every judged feature, by the feature's index: the engine asks every target
 * about every judged feature, and a typed-array read is far cheaper than a register lookup.
 */
const UNKNOWN = -1;

const judgedBitsOf = memoByObject((p: Profile): Int8Array => {
  const features = judgedFeatures();
  const bits = new Int8Array(features.length);
  features.forEach((e, i) => {
    const state = p.bit(e.leaf, e.subleaf, e.register, e.lo);
    bits[i] = state === undefined ? UNKNOWN : state;
  });
  return bits;
});

let judgedIndexCache: Map<CpuidBitEntry, number> | undefined;
function judgedIndex(): Map<CpuidBitEntry, number> {
  judgedIndexCache ??= new Map(judgedFeatures().map((e, i) => [e, i]));
  return judgedIndexCache;
}

export interface EngineOptions {
  readonly isOff: (code: string) => boolean;
}

interface Blocker {
  readonly target: Profile;
  readonly verdict: VmotionVerdict;
  readonly t: BitState;
}

export function compatibilityProblems(input: AnalysisInput, given: ResolvedConfig, options: EngineOptions): Problem[] {
  const { vmx, cpuid } = input;
  const source = given.source;
  // A target of the other vendor is never reachable by vMotion: it gets the vendor error below and
  // is left out of the per-feature judgement and of the "make compatible" fixes (no mask helps).
  const config: ResolvedConfig = source && given.targets.some((t) => t.vendor !== source.vendor)
    ? { ...given, targets: given.targets.filter((t) => t.vendor === source.vendor) }
    : given;
  const applied = appliedFlags(cpuid, source?.vendor);
  const problems: Problem[] = [];
  // No host and no mask: every bit is VMware's default for an unknown host, so nothing to judge
  // (most .vmx files; a CLI run over a whole datastore is mostly these).
  if (!source && config.targets.length === 0 && applied.registers.size === 0) return problems;
  const docStart: Range = vmx.entries[0]?.keyRange ?? lineRange(0, 0, 0);

  if (source && !options.isOff('vmotion-vendor-mismatch')) {
    for (const target of given.targets) {
      if (target.vendor === source.vendor) continue;
      problems.push({
        code: 'vmotion-vendor-mismatch',
        severity: 'error',
        message: `Source ${source.name} is ${VENDOR[source.vendor]} and target ${target.name} is ${VENDOR[target.vendor]}: vMotion never moves a running VM between CPU vendors, whatever the masks (cold migration only)`,
        range: docStart,
      });
    }
  }

  if (!options.isOff('mask-featmask-conflict')) {
    for (const c of applied.conflicts) {
      problems.push({
        code: 'mask-featmask-conflict',
        severity: 'warning',
        message: `${c.featMask.entry.key} = "${c.featMask.entry.value}" asks for "${c.featMaskFlag}" on ${featureLabel(c.feature)}, but ${c.mask.entry.key} bit ${c.bit} is "${c.maskFlag}": which one VMware applies is not documented — make them agree`,
        range: c.featMask.entry.keyRange,
        related: [{ range: c.mask.entry.valueRange, message: `${c.mask.entry.key} bit ${c.bit} = "${c.maskFlag}"` }],
      });
    }
  }

  // Asked many times per bit (fixes, dependencies): computed once per entry.
  const flags = new Map<CpuidBitEntry, AppliedFlag | undefined>();
  const flagOf = (e: CpuidBitEntry): AppliedFlag | undefined => {
    if (!flags.has(e)) flags.set(e, applied.registers.get(registerKeyOf(e))?.flags[e.lo]);
    return flags.get(e);
  };
  const guests = new Map<CpuidBitEntry, BitState>();
  const guestOf = (e: CpuidBitEntry): BitState => {
    if (!guests.has(e)) guests.set(e, guestSees(flagOf(e)?.flag ?? '-', source ? hasIt(source, e) : undefined));
    return guests.get(e);
  };

  const implicitLacks = new Map<Profile, CpuidBitEntry[]>();
  // One "make compatible" fix per target, shared by every problem that offers it.
  const compatibleFixes = new Map<Profile | 'all', Fix | undefined>();
  const fixesFor = (target: Profile | 'all'): Fix | undefined => {
    if (!compatibleFixes.has(target)) compatibleFixes.set(target, makeCompatibleFix(input, applied, config, target));
    return compatibleFixes.get(target);
  };

  // Without a source or targets there is nothing to judge per host: only dependencies (below).
  for (const e of source || config.targets.length > 0 ? judgedFeatures() : []) {
    const a = flagOf(e);
    const flag = a?.flag ?? '-';
    const s = source ? hasIt(source, e) : undefined;

    if (source && a) {
      const verdict = powerOn(flag, s);
      if (verdict) {
        const code = verdict.why === 'forced-missing' ? 'power-on-forced-missing' : 'power-on-requirement';
        if (!options.isOff(code)) {
          problems.push(withFixesOnDemand({
            code,
            severity: 'error',
            message:
              verdict.why === 'forced-missing'
                ? `${where(e, a)} is forced to 1, but source ${source.name} lacks ${featureLabel(e)}: the guest may fault when it uses it (VMware still powers the VM on)`
                : verdict.why === 'requires-present'
                  ? `${where(e, a)} is required (T), but source ${source.name} lacks ${featureLabel(e)}: the VM does not power on there`
                  : `${where(e, a)} is required absent (F), but source ${source.name} has ${featureLabel(e)}: the VM does not power on there`,
            range: a.range,
          }, () => (verdict.why === 'forced-missing' ? [dropForcedFix(input, applied, config, e, s)] : [])));
        }
      }
    }

    if (config.targets.length === 0) continue;
    const blockers: Blocker[] = [];
    const context = { evc: config.evc, userLevel: e.kind === 'user-instructions' };
    for (const target of config.targets) {
      const t = hasIt(target, e);
      const verdict = vmotion(flag, s, t, context);
      if (verdict) blockers.push({ target, verdict, t });
    }
    if (blockers.length === 0) continue;
    if (!a) {
      // Not written in the file: collect per target, reported once each.
      for (const b of blockers) {
        if (b.verdict.why !== 'target-lacks' && b.verdict.why !== 'no-evc-mismatch') continue;
        if (options.isOff(b.verdict.why === 'target-lacks' ? 'vmotion-target-lacks' : 'vmotion-no-evc-mismatch')) continue;
        let list = implicitLacks.get(b.target);
        if (!list) implicitLacks.set(b.target, (list = []));
        list.push(e);
      }
      continue;
    }
    for (const group of groupByWhy(blockers)) {
      const code = vmotionCode(group.why);
      if (options.isOff(code)) continue;
      const names = group.blockers.map((b) => b.target.name).join(', ');
      problems.push(withFixesOnDemand({
        code,
        severity: 'error',
        message: vmotionMessage(e, a, flag, source, group.why, names, group.blockers),
        range: a.range,
      }, () =>
        // Without EVC, a feature only the target has cannot be hidden away (docs: enable EVC instead).
          group.why === 'no-evc-mismatch' && s !== 1
            ? []
            : [
                hideFix(input, applied, e, a, guestOf),
                // Resetting to "-" is a fix only where the host value it passes would move.
                ...(flag !== '-' && !a.featMask && group.blockers.every((b) => !vmotion('-', s, b.t, { evc: config.evc, userLevel: e.kind === 'user-instructions' }))
                  ? [setFlagFix(input, applied, e, '-', `Reset ${featureLabel(e)} to the default (-)`)]
                  : []),
                // "Make compatible" hides what targets lack and H/R differences; it leaves T/F requirements alone.
                ...(group.why === 'requires-present' || group.why === 'requires-absent' ? [] : compatFixes(group.blockers.map((b) => b.target), config, fixesFor)),
              ],
      ));
    }
  }

  for (const [target, list] of implicitLacks) {
    const lacks: CpuidBitEntry[] = [];
    const extra: CpuidBitEntry[] = [];
    for (const e of list) (guestOf(e) === 1 && hasIt(target, e) === 0 ? lacks : extra).push(e);
    if (lacks.length > 0) {
      problems.push(withFixesOnDemand({
        code: 'vmotion-target-lacks',
        severity: 'error',
        message: `No mask hides ${nameList(lacks)}: the guest sees ${lacks.length === 1 ? 'it' : 'them'} (source ${source?.name ?? '?'} has ${lacks.length === 1 ? 'it' : 'them'}), but target ${target.name} lacks ${lacks.length === 1 ? 'it' : 'them'}, so the VM cannot move there`,
        range: docStart,
        related: [],
      }, () => compatFixes([target], config, fixesFor)));
    }
    if (extra.length > 0) {
      problems.push({
        code: 'vmotion-no-evc-mismatch',
        severity: 'error',
        message: `Without EVC, vSphere requires the user-level features of both hosts to match exactly, but source ${source?.name ?? '?'} and target ${target.name} differ in ${nameList(extra)}: the VM cannot move there (enable EVC, or choose hosts with the same features)`,
        range: docStart,
      });
    }
  }

  if (!options.isOff('dependency-missing')) problems.push(...dependencyProblems(input, applied, guestOf, flagOf, docStart));
  return problems;
}

function nameList(list: readonly CpuidBitEntry[], max = 10): string {
  const names = list.map(featureLabel);
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function groupByWhy(blockers: readonly Blocker[]): { why: VmotionVerdict['why']; blockers: Blocker[] }[] {
  const groups = new Map<VmotionVerdict['why'], Blocker[]>();
  for (const b of blockers) {
    const g = groups.get(b.verdict.why);
    if (g) g.push(b);
    else groups.set(b.verdict.why, [b]);
  }
  return [...groups].map(([why, list]) => ({ why, blockers: list }));
}

function vmotionCode(why: VmotionVerdict['why']): string {
  switch (why) {
    case 'target-lacks':
      return 'vmotion-target-lacks';
    case 'must-match':
      return 'vmotion-must-match';
    case 'no-evc-mismatch':
      return 'vmotion-no-evc-mismatch';
    default:
      return 'vmotion-requirement';
  }
}

function vmotionMessage(e: CpuidBitEntry, a: AppliedFlag, flag: string, source: Profile | undefined, why: VmotionVerdict['why'], targets: string, blockers: readonly Blocker[]): string {
  const plural = blockers.length > 1;
  const subject = `${where(e, a)} ${flagPhrase(flag)}`;
  const name = featureLabel(e);
  switch (why) {
    case 'target-lacks':
      return `${subject}${flag === '-' || flag === 'h' || flag === 'H' ? ` (source ${source?.name ?? '?'} has ${name})` : ''}, but target${plural ? 's' : ''} ${targets} lack${plural ? '' : 's'} ${name}: the VM cannot move there`;
    case 'must-match':
      return `${subject}: vMotion requires the same value on both hosts, but source ${source?.name ?? '?'} ${sourceHas(source, e) ? 'has' : 'lacks'} ${name} and target${plural ? 's' : ''} ${targets} ${verb(sourceHas(source, e) ? 'lack' : 'have', plural)} it`;
    case 'no-evc-mismatch':
      return `${subject}: without EVC, vSphere requires user-level features to match exactly, but target${plural ? 's' : ''} ${targets} ${verb(sourceHas(source, e) ? 'lack' : 'have', plural)} ${name} and source ${source?.name ?? '?'} ${sourceHas(source, e) ? 'has' : 'does not have'} it`;
    case 'requires-present':
      return `${subject}, but target${plural ? 's' : ''} ${targets} lack${plural ? '' : 's'} ${name}: the VM cannot move there`;
    case 'requires-absent':
      return `${subject}, but target${plural ? 's' : ''} ${targets} ha${plural ? 've' : 's'} ${name}: the VM cannot move there`;
  }
}

/** "lack"/"have" agreeing with one target or several. */
function verb(v: 'lack' | 'have', plural: boolean): string {
  return plural ? v : v === 'lack' ? 'lacks' : 'has';
}

function sourceHas(source: Profile | undefined, e: CpuidBitEntry): boolean {
  return source ? hasIt(source, e) === 1 : false;
}

/**
 * The features the guest sees that need one of `roots` (directly or through
 * another feature): hiding a root without them leaves the guest with AVX2 but
 * no AVX, which VMware refuses.
 */
function visibleDependants(roots: readonly CpuidBitEntry[], guestOf: (e: CpuidBitEntry) => BitState): CpuidBitEntry[] {
  const hidden = new Set(roots.map((r) => r.name));
  const out: CpuidBitEntry[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of judgedFeatures()) {
      if (hidden.has(d.name) || guestOf(d) !== 1 || !d.requires?.some((r) => hidden.has(r))) continue;
      hidden.add(d.name);
      out.push(d);
      grew = true;
    }
  }
  return out;
}

function hideFix(input: AnalysisInput, applied: AppliedFlags, e: CpuidBitEntry, a: AppliedFlag, guestOf: (e: CpuidBitEntry) => BitState): Fix | undefined {
  const dependants = visibleDependants([e], guestOf);
  const changes: BitChange[] = [e, ...dependants].map((d) => ({ leaf: d.leaf, subleaf: d.subleaf, register: d.register, bit: d.lo, flag: '0' }));
  const how = a.featMask ? `${a.featMask.entry.key} to Val:0` : `bit ${e.lo} to 0`;
  const title = dependants.length === 0 ? `Hide ${featureLabel(e)} (set ${how})` : `Hide ${featureLabel(e)} (set ${how}) and ${nameList(dependants, 4)}, which need it`;
  const edits = flagEdits(input.vmx, applied.registers, changes);
  return edits && { title, edits, isPreferred: true };
}

/**
 * "Drop the forced 1" (back to "-": the source lacks the feature, so the guest does not see it).
 * Without EVC "-" makes a user-level feature some target has a mismatch; "0" shows the guest the
 * same and moves, so that is offered instead.
 */
function dropForcedFix(input: AnalysisInput, applied: AppliedFlags, config: ResolvedConfig, e: CpuidBitEntry, s: BitState): Fix | undefined {
  const userLevel = e.kind === 'user-instructions';
  if (config.targets.every((t) => !vmotion('-', s, hasIt(t, e), { evc: config.evc, userLevel }))) {
    return setFlagFix(input, applied, e, '-', `Drop the forced 1 on ${featureLabel(e)} (reset to -)`);
  }
  return setFlagFix(input, applied, e, '0', `Drop the forced 1 on ${featureLabel(e)} (set to 0: without EVC, "-" would not move)`);
}

function setFlagFix(input: AnalysisInput, applied: AppliedFlags, e: CpuidBitEntry, flag: string, title: string, isPreferred = false): Fix | undefined {
  const change: BitChange = { leaf: e.leaf, subleaf: e.subleaf, register: e.register, bit: e.lo, flag };
  const edits = flagEdits(input.vmx, applied.registers, [change]);
  return edits && { title, edits, isPreferred };
}

function compatFixes(targets: readonly Profile[], config: ResolvedConfig, fixesFor: (t: Profile | 'all') => Fix | undefined): Fix[] {
  const out: Fix[] = [];
  for (const t of targets) {
    const f = fixesFor(t);
    if (f) out.push(f);
  }
  if (config.targets.length > 1) {
    const all = fixesFor('all');
    if (all) out.push(all);
  }
  return out;
}

/**
 * "Make compatible with <target>": hide every feature the guest would see
 * that the target lacks, and turn H/R bits that differ into 0. Requirements
 * (T/F) are left alone: they state what the guest needs.
 */
export function makeCompatibleFix(input: AnalysisInput, applied: AppliedFlags, config: ResolvedConfig, target: Profile | 'all'): Fix | undefined {
  const source = config.source;
  const targets = target === 'all' ? config.targets : [target];
  const changes: BitChange[] = [];
  const hidden: CpuidBitEntry[] = [];
  for (const e of judgedFeatures()) {
    const a = applied.registers.get(registerKeyOf(e))?.flags[e.lo];
    const flag = a?.flag ?? '-';
    const s = source ? hasIt(source, e) : undefined;
    const needsHiding = targets.some((t) => {
      const verdict = vmotion(flag, s, hasIt(t, e), { evc: config.evc, userLevel: e.kind === 'user-instructions' });
      if (!verdict) return false;
      if (verdict.why === 'target-lacks' || verdict.why === 'must-match') return true;
      // Without EVC a feature only the source has can be hidden; one only the target has cannot.
      return verdict.why === 'no-evc-mismatch' && s === 1;
    });
    if (needsHiding) hidden.push(e);
  }
  // What needs a hidden feature is hidden too (no AVX2 without AVX).
  const guestOf = (e: CpuidBitEntry): BitState => {
    if (hidden.includes(e)) return 0;
    return guestSees(applied.registers.get(registerKeyOf(e))?.flags[e.lo]?.flag ?? '-', source ? hasIt(source, e) : undefined);
  };
  hidden.push(...visibleDependants(hidden, guestOf));
  for (const e of hidden) changes.push({ leaf: e.leaf, subleaf: e.subleaf, register: e.register, bit: e.lo, flag: '0' });
  if (changes.length === 0) return undefined;
  const edits = flagEdits(input.vmx, applied.registers, changes);
  if (!edits || edits.length === 0) return undefined;
  const label = target === 'all' ? 'all targets' : target.name;
  return { title: `Make compatible with ${label} (hide ${changes.length} feature${changes.length === 1 ? '' : 's'})`, edits };
}

/**
 * Features the guest sees whose prerequisites it does not see (AVX2 without
 * AVX …), one diagnostic per missing prerequisite listing every dependant.
 */
function dependencyProblems(
  input: AnalysisInput,
  applied: AppliedFlags,
  guestOf: (e: CpuidBitEntry) => BitState,
  flagOf: (e: CpuidBitEntry) => AppliedFlag | undefined,
  docStart: Range,
): Problem[] {
  const byDependency = new Map<CpuidBitEntry, CpuidBitEntry[]>();
  for (const e of judgedFeatures()) {
    if (!e.requires?.length || guestOf(e) !== 1) continue;
    for (const depName of e.requires) {
      const dep = featureByName(depName);
      if (!dep || dep.isField || guestOf(dep) !== 0) continue;
      const list = byDependency.get(dep);
      if (list) list.push(e);
      else byDependency.set(dep, [e]);
    }
  }
  const problems: Problem[] = [];
  for (const [dep, dependants] of byDependency) {
    const range = flagOf(dep)?.range ?? flagOf(dependants[0]!)?.range ?? docStart;
    // VMware itself refuses AVX2 without AVX (message msg.cpuid.guestRequiresAVX2noAVX).
    const severity: Severity = dep.name === 'avx' && dependants.some((d) => d.name === 'avx2') ? 'error' : 'warning';
    const related: RelatedLocation[] = dependants.flatMap((d) => {
      const own = flagOf(d);
      return own ? [{ range: own.range, message: `${featureLabel(d)} stays visible here` }] : [];
    });
    const them = dependants.length === 1 ? 'it' : 'them';
    // Hiding a dependant may leave its own dependants without it (AVX512DQ without AVX512F): hide those too.
    const hideAll = (): Fix | undefined => {
      const toHide = [...dependants, ...visibleDependants(dependants, (d) => (dependants.includes(d) ? 0 : guestOf(d)))];
      const changes: BitChange[] = toHide.map((d) => ({ leaf: d.leaf, subleaf: d.subleaf, register: d.register, bit: d.lo, flag: '0' }));
      const edits = flagEdits(input.vmx, applied.registers, changes);
      return edits && { title: `Hide ${nameList(toHide, 4)} too`, edits, isPreferred: true };
    };
    problems.push(withFixesOnDemand({
      code: 'dependency-missing',
      severity,
      message:
        `The guest sees ${nameList(dependants)} but not ${featureLabel(dep)}, which ${dependants.length === 1 ? 'it needs' : 'they need'}` +
        (severity === 'error' ? ': VMware refuses to power on such a VM ("requires AVX2 but AVX is not present")' : `: software may use ${them} and fail`) +
        `. Hide ${them} too, or show ${featureLabel(dep)}`,
      range,
      related,
    }, () => [hideAll()]));
  }
  return problems;
}
