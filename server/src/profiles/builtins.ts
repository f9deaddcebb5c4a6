/**
 * Built-in host profiles: VMware's EVC modes as baselines
 * (server/data/profiles/*.json, described in docs/PROFILES.md).
 *
 * The JSON files are imported statically so that esbuild bundles them.
 * Pure module: no editor/LSP imports. Profiles are resolved lazily and
 * memoised (createProfile throws on an unknown feature name; the unit tests
 * make sure every built-in loads).
 */
import { createProfile, Profile, ProfileJson } from './profile';
import intelMerom from '../../data/profiles/intel-merom.json';
import intelPenryn from '../../data/profiles/intel-penryn.json';
import intelNehalem from '../../data/profiles/intel-nehalem.json';
import intelWestmere from '../../data/profiles/intel-westmere.json';
import intelSandybridge from '../../data/profiles/intel-sandybridge.json';
import intelIvybridge from '../../data/profiles/intel-ivybridge.json';
import intelHaswell from '../../data/profiles/intel-haswell.json';
import intelBroadwell from '../../data/profiles/intel-broadwell.json';
import intelSkylake from '../../data/profiles/intel-skylake.json';
import intelCascadelake from '../../data/profiles/intel-cascadelake.json';
import intelIcelake from '../../data/profiles/intel-icelake.json';
import intelSapphirerapids from '../../data/profiles/intel-sapphirerapids.json';
import amdRevE from '../../data/profiles/amd-rev-e.json';
import amdRevF from '../../data/profiles/amd-rev-f.json';
import amdGreyhoundNo3dnow from '../../data/profiles/amd-greyhound-no3dnow.json';
import amdGreyhound from '../../data/profiles/amd-greyhound.json';
import amdBulldozer from '../../data/profiles/amd-bulldozer.json';
import amdPiledriver from '../../data/profiles/amd-piledriver.json';
import amdSteamroller from '../../data/profiles/amd-steamroller.json';
import amdZen from '../../data/profiles/amd-zen.json';
import amdZen2 from '../../data/profiles/amd-zen2.json';
import amdZen3 from '../../data/profiles/amd-zen3.json';
import amdZen4 from '../../data/profiles/amd-zen4.json';

/** Built-in profile names: the Intel EVC line then the AMD EVC line, each from the lowest mode up. */
export const BUILTIN_PROFILE_NAMES = [
  'intel-merom',
  'intel-penryn',
  'intel-nehalem',
  'intel-westmere',
  'intel-sandybridge',
  'intel-ivybridge',
  'intel-haswell',
  'intel-broadwell',
  'intel-skylake',
  'intel-cascadelake',
  'intel-icelake',
  'intel-sapphirerapids',
  'amd-rev-e',
  'amd-rev-f',
  'amd-greyhound-no3dnow',
  'amd-greyhound',
  'amd-bulldozer',
  'amd-piledriver',
  'amd-steamroller',
  'amd-zen',
  'amd-zen2',
  'amd-zen3',
  'amd-zen4',
] as const;

export type BuiltinProfileName = (typeof BUILTIN_PROFILE_NAMES)[number];

const JSON_BY_NAME: Readonly<Record<BuiltinProfileName, ProfileJson>> = {
  'intel-merom': intelMerom as ProfileJson,
  'intel-penryn': intelPenryn as ProfileJson,
  'intel-nehalem': intelNehalem as ProfileJson,
  'intel-westmere': intelWestmere as ProfileJson,
  'intel-sandybridge': intelSandybridge as ProfileJson,
  'intel-ivybridge': intelIvybridge as ProfileJson,
  'intel-haswell': intelHaswell as ProfileJson,
  'intel-broadwell': intelBroadwell as ProfileJson,
  'intel-skylake': intelSkylake as ProfileJson,
  'intel-cascadelake': intelCascadelake as ProfileJson,
  'intel-icelake': intelIcelake as ProfileJson,
  'intel-sapphirerapids': intelSapphirerapids as ProfileJson,
  'amd-rev-e': amdRevE as ProfileJson,
  'amd-rev-f': amdRevF as ProfileJson,
  'amd-greyhound-no3dnow': amdGreyhoundNo3dnow as ProfileJson,
  'amd-greyhound': amdGreyhound as ProfileJson,
  'amd-bulldozer': amdBulldozer as ProfileJson,
  'amd-piledriver': amdPiledriver as ProfileJson,
  'amd-steamroller': amdSteamroller as ProfileJson,
  'amd-zen': amdZen as ProfileJson,
  'amd-zen2': amdZen2 as ProfileJson,
  'amd-zen3': amdZen3 as ProfileJson,
  'amd-zen4': amdZen4 as ProfileJson,
};

const NAME_SET: ReadonlySet<string> = new Set(BUILTIN_PROFILE_NAMES);
const cache = new Map<BuiltinProfileName, Profile>();

export function isBuiltinProfileName(name: string): name is BuiltinProfileName {
  return NAME_SET.has(name);
}

/** The raw JSON of a built-in profile, or undefined for another name. */
export function builtinProfileJson(name: string): ProfileJson | undefined {
  return isBuiltinProfileName(name) ? JSON_BY_NAME[name] : undefined;
}

/** The resolved built-in profile (memoised), or undefined for another name. */
export function builtinProfile(name: string): Profile | undefined {
  if (!isBuiltinProfileName(name)) return undefined;
  let profile = cache.get(name);
  if (profile === undefined) {
    profile = createProfile(JSON_BY_NAME[name]);
    cache.set(name, profile);
  }
  return profile;
}

/** Every built-in profile, in BUILTIN_PROFILE_NAMES order. */
export function builtinProfiles(): readonly Profile[] {
  return BUILTIN_PROFILE_NAMES.map((name) => builtinProfile(name)!);
}
