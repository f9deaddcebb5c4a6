/**
 * Finds and loads `.vmx-cpuid.json` for the Node shells (CLI and language server): walking up from each
 * checked file like ESLint (or the file named by --config), resolving
 * profile references (built-in names, or paths relative to the config file),
 * and applying --source / --target / --evc overrides.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigJson, ConfigProblem, ProfileReferenceIgnored, resolveConfig, ResolvedConfig, validateConfigJson } from '../config/config';
import { builtinProfileJson } from '../profiles/builtins';
import type { ProfileJson } from '../profiles/profile';
import { validateProfileJson } from '../profiles/validate';
import type * as Importers from '../profiles/importers';

export const CONFIG_FILE = '.vmx-cpuid.json';

export interface CliOverrides {
  readonly configPath?: string;
  readonly source?: string;
  readonly targets?: readonly string[];
  readonly evc?: boolean;
}

export interface LoadedConfig {
  readonly resolved: ResolvedConfig;
  /** The config file used, if any. */
  readonly file?: string;
}

/**
 * Where files may be read from. The CLI reads anywhere; the language server
 * stays inside the workspace, and in an untrusted workspace follows no
 * profile path at all (built-in profiles only).
 */
export interface Sandbox {
  /** Folders files may be read from; undefined: anywhere. */
  readonly roots?: readonly string[];
  /** False in an untrusted workspace: profile paths are ignored with a note. */
  readonly allowProfilePaths: boolean;
}

export const UNRESTRICTED: Sandbox = { allowProfilePaths: true };

export function isInside(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const relative = path.relative(root, file);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}

/** Reads a profile: a built-in name, a profile JSON file, or a CPUID dump to import (paths relative to `baseDir`). */
export function loadProfileReference(reference: string, baseDir: string, sandbox: Sandbox = UNRESTRICTED): ProfileJson {
  const builtin = builtinProfileJson(reference);
  if (builtin) return builtin;
  if (!sandbox.allowProfilePaths) {
    throw new ProfileReferenceIgnored('profile files are ignored in an untrusted workspace (built-in profiles only); trust the workspace to use it');
  }
  const file = path.resolve(baseDir, reference);
  if (sandbox.roots && !isInside(file, sandbox.roots)) {
    throw new Error(`${file} is outside the workspace: ignored (profiles must live in the workspace)`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`not a built-in profile name and no file ${file} (built-ins: vmx-cpuid profile list)`);
  }
  if (!text.trimStart().startsWith('{')) {
    // Not JSON: a raw CPUID dump (cpuid -r, InstLatx64, /proc/cpuinfo, virsh XML, .vmx hostCPUID).
    // The importers are loaded here, when first needed: a language server that reads no dump never loads them.
    const { importProfile } = require('../profiles/importers') as typeof Importers;
    return importProfile(text, { name: path.basename(file).replace(/\.[^.]*$/, '') }).profile;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const problems = validateProfileJson(json);
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return json as ProfileJson;
}

/** The nearest `.vmx-cpuid.json` at or above `dir` (not above the sandbox roots, when given). */
export function findConfigFile(dir: string, cache: Map<string, string | null> = new Map(), roots?: readonly string[]): string | undefined {
  const visited: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    if (roots && !isInside(current, roots)) {
      for (const v of visited) cache.set(v, null);
      return undefined;
    }
    const cached = cache.get(current);
    if (cached !== undefined) {
      for (const v of visited) cache.set(v, cached);
      return cached ?? undefined;
    }
    visited.push(current);
    const candidate = path.join(current, CONFIG_FILE);
    try {
      if (statSync(candidate).isFile()) {
        for (const v of visited) cache.set(v, candidate);
        return candidate;
      }
    } catch {
      // not here: go up
    }
    const parent = path.dirname(current);
    if (parent === current) {
      for (const v of visited) cache.set(v, null);
      return undefined;
    }
    current = parent;
  }
}

function readConfigFile(file: string): { config: ConfigJson; problems: ConfigProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { config: {}, problems: [{ where: file, message: `cannot read the configuration: ${(err as Error).message}` }] };
  }
  return validateConfigJson(raw, file);
}

/** Loads the configuration for one file (cached per config file by the caller's map). */
export function configFor(filePath: string, overrides: CliOverrides, cache: ConfigCache, sandbox: Sandbox = UNRESTRICTED): LoadedConfig {
  const file = overrides.configPath ? path.resolve(overrides.configPath) : findConfigFile(path.dirname(path.resolve(filePath)), cache.dirs, sandbox.roots);
  const key = file ?? '';
  const cached = cache.configs.get(key);
  if (cached) return cached;
  const { config, problems } = file ? readConfigFile(file) : { config: {} as ConfigJson, problems: [] as ConfigProblem[] };
  const merged: ConfigJson = {
    ...config,
    ...(overrides.source !== undefined ? { source: overrides.source } : {}),
    ...(overrides.targets !== undefined && overrides.targets.length > 0 ? { targets: overrides.targets } : {}),
    ...(overrides.evc !== undefined ? { evc: overrides.evc } : {}),
  };
  // Paths from the command line are relative to the working directory, the file's to the file.
  const baseDir = file ? path.dirname(file) : process.cwd();
  const resolved = resolveConfig(
    merged,
    (ref) => loadProfileReference(ref, overrides.source === ref || overrides.targets?.includes(ref) ? (sandbox.roots?.[0] ?? process.cwd()) : baseDir, sandbox),
    file ?? 'command line',
  );
  const loaded: LoadedConfig = { resolved: { ...resolved, problems: [...problems, ...resolved.problems] }, ...(file ? { file } : {}) };
  cache.configs.set(key, loaded);
  return loaded;
}

export interface ConfigCache {
  readonly dirs: Map<string, string | null>;
  readonly configs: Map<string, LoadedConfig>;
}

export function newConfigCache(): ConfigCache {
  return { dirs: new Map(), configs: new Map() };
}
