/** Shared helpers of the compatibility tests: small custom host profiles and configs. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { featureByName } from '../../../server/src/knowledge/bitDatabase';
import { createProfile, Profile, ProfileJson, ProfileVendor } from '../../../server/src/profiles/profile';
import { builtinProfile } from '../../../server/src/profiles/builtins';
import type { ResolvedConfig } from '../../../server/src/config/config';
import type { Problem } from '../../../server/src/analysis/problem';
import type { RuleSetting } from '../../../server/src/analysis/analyze';
import { modelOf } from '../../support/model';
import { REPO_ROOT } from '../../support/repo';

/** The real InstLatx64 dumps (test data only, never copied into the repository). */
export const DUMPS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'cpuid-dumps');
export const DUMPS_PRESENT = fs.existsSync(DUMPS_DIR);

export interface HostSpec {
  readonly vendor?: ProfileVendor;
  /** Features (canonical names) the host has: their bits are 1. */
  readonly has?: readonly string[];
  /** Features the host lacks: their bits are 0. Every other bit is unknown. */
  readonly lacks?: readonly string[];
}

/** The JSON of a host profile with explicit registers: only the named features are known. */
export function hostJson(name: string, spec: HostSpec): ProfileJson {
  const regs = new Map<string, string[]>();
  const set = (feature: string, v: string) => {
    const e = featureByName(feature);
    assert.ok(e && !e.isField, `no single-bit feature ${feature}`);
    const key = `${e.leaf.toString(16)}.${(e.subleaf ?? 0).toString(16)}.${e.register}`;
    let flags = regs.get(key);
    if (!flags) regs.set(key, (flags = new Array<string>(32).fill('-')));
    flags[31 - e.lo] = v;
  };
  for (const f of spec.has ?? []) set(f, '1');
  for (const f of spec.lacks ?? []) set(f, '0');
  const registers: Record<string, string> = {};
  for (const [k, flags] of regs) registers[k] = flags.join('');
  return { name, vendor: spec.vendor ?? 'intel', kind: 'host', title: name, provenance: [{ source: 'test', confidence: 'derived' }], registers };
}

export function host(name: string, spec: HostSpec): Profile {
  return createProfile(hostJson(name, spec));
}

export function builtin(name: string): Profile {
  const p = builtinProfile(name);
  assert.ok(p, `no built-in ${name}`);
  return p;
}

export function configOf(source: Profile | undefined, targets: readonly Profile[], evc = true, rules: Record<string, RuleSetting> = {}): ResolvedConfig {
  return { ...(source ? { source } : {}), targets, evc, rules, problems: [] };
}

const COMPAT_CODES = new Set([
  'mask-featmask-conflict',
  'vmotion-vendor-mismatch',
  'power-on-forced-missing',
  'power-on-requirement',
  'vmotion-target-lacks',
  'vmotion-must-match',
  'vmotion-no-evc-mismatch',
  'vmotion-requirement',
  'dependency-missing',
]);

/** Problems of the compatibility engine only (the host-free rules report on masks too). */
export function compatProblems(text: string, config: ResolvedConfig, rules?: Record<string, RuleSetting>): Problem[] {
  return modelOf(text, { config, ...(rules ? { rules } : {}) }).problems.filter((p) => COMPAT_CODES.has(p.code));
}

export function errorsOf(text: string, config: ResolvedConfig): Problem[] {
  return modelOf(text, { config }).problems.filter((p) => p.severity === 'error');
}

export function describeProblems(list: readonly Problem[]): string {
  return JSON.stringify(list.map((p) => `${p.code} @${p.range.start.line}:${p.range.start.character}: ${p.message}`), null, 2);
}

/** A mask value with the given flags at the given bits, `-` elsewhere, grouped like VMware writes it. */
export function mask(bits: Readonly<Record<number, string>>): string {
  const flags = new Array<string>(32).fill('-');
  for (const [bit, flag] of Object.entries(bits)) flags[31 - Number(bit)] = flag;
  return flags.map((f, i) => (i > 0 && i % 4 === 0 ? `:${f}` : f)).join('');
}
