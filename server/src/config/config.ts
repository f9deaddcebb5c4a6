/**
 * `.vmx-cpuid.json`, the configuration shared by the editor and the CLI:
 *
 *   { "source": "intel-haswell",
 *     "targets": ["intel-broadwell", "./.vmx-cpuid/profiles/esx07.json"],
 *     "evc": true,
 *     "rules": { "<code>": "off|hint|information|warning|error" } }
 *
 * Profile references are built-in baseline names or paths relative to the
 * config file. The core does no I/O: shells pass a loader for paths.
 */
import type { RuleSetting } from '../analysis/analyze';
import { createProfile, Profile, ProfileJson } from '../profiles/profile';

export interface ConfigJson {
  readonly source?: string;
  readonly targets?: readonly string[];
  readonly evc?: boolean;
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

export interface ConfigProblem {
  /** The config file or setting the problem is in. */
  readonly where: string;
  readonly message: string;
  /** Notes (e.g. "ignored in an untrusted workspace") are information, not errors. */
  readonly severity?: 'error' | 'information';
}

/** Thrown by a ProfileLoader for a reference that is deliberately not followed (a note, not an error). */
export class ProfileReferenceIgnored extends Error {}

export interface ResolvedConfig {
  readonly source?: Profile;
  readonly targets: readonly Profile[];
  /** Whether vMotion happens under EVC (relaxes the exact-match rule for user-level features). */
  readonly evc: boolean;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly problems: readonly ConfigProblem[];
}

export const EMPTY_CONFIG: ResolvedConfig = { targets: [], evc: false, rules: {}, problems: [] };

/** Loads a profile reference; returns the JSON or throws an Error with a clear message. */
export type ProfileLoader = (reference: string) => ProfileJson;

const RULE_SETTINGS = new Set(['off', 'hint', 'information', 'warning', 'error']);

/** Checks the shape of a parsed config file; problems name the field. */
export function validateConfigJson(raw: unknown, where: string): { config: ConfigJson; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config: {}, problems: [{ where, message: 'the configuration must be a JSON object' }] };
  }
  const obj = raw as Record<string, unknown>;
  const config: { -readonly [K in keyof ConfigJson]: ConfigJson[K] } = {};
  for (const key of Object.keys(obj)) {
    if (!['source', 'targets', 'evc', 'rules', '$schema'].includes(key)) problems.push({ where, message: `unknown field "${key}" (known: source, targets, evc, rules)` });
  }
  if (obj.source !== undefined) {
    if (typeof obj.source === 'string') config.source = obj.source;
    else problems.push({ where, message: '"source" must be a string (a built-in profile name or a path)' });
  }
  if (obj.targets !== undefined) {
    if (Array.isArray(obj.targets) && obj.targets.every((t) => typeof t === 'string')) config.targets = obj.targets as string[];
    else problems.push({ where, message: '"targets" must be an array of strings' });
  }
  if (obj.evc !== undefined) {
    if (typeof obj.evc === 'boolean') config.evc = obj.evc;
    else problems.push({ where, message: '"evc" must be true or false' });
  }
  if (obj.rules !== undefined) {
    if (typeof obj.rules === 'object' && obj.rules !== null && !Array.isArray(obj.rules)) {
      const rules: Record<string, RuleSetting> = {};
      for (const [code, setting] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (typeof setting === 'string' && RULE_SETTINGS.has(setting)) rules[code] = setting as RuleSetting;
        else problems.push({ where, message: `rules.${code} must be one of off, hint, information, warning, error` });
      }
      config.rules = rules;
    } else problems.push({ where, message: '"rules" must be an object of code → severity' });
  }
  return { config, problems };
}

/** Resolves profile references; a reference that fails becomes a problem, not an exception. */
export function resolveConfig(config: ConfigJson, load: ProfileLoader, where: string): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  const resolve = (ref: string, role: string): Profile | undefined => {
    try {
      return createProfile(load(ref));
    } catch (err) {
      problems.push({
        where,
        message: `${role} "${ref}": ${err instanceof Error ? err.message : String(err)}`,
        severity: err instanceof ProfileReferenceIgnored ? 'information' : 'error',
      });
      return undefined;
    }
  };
  const source = config.source !== undefined ? resolve(config.source, 'source') : undefined;
  const targets: Profile[] = [];
  for (const ref of config.targets ?? []) {
    const p = resolve(ref, 'target');
    if (p) targets.push(p);
  }
  // EVC defaults to on when the source is an EVC baseline, off for a real host.
  const evc = config.evc ?? source?.kind === 'evc-baseline';
  return { ...(source ? { source } : {}), targets, evc, rules: config.rules ?? {}, problems };
}
