/** Reading profile arguments: built-in names, profile JSON files, or CPUID dumps to import on the fly. */
import { readFileSync } from 'node:fs';
import { builtinProfileJson } from '../../server/src/profiles/builtins';
import type { ProfileJson } from '../../server/src/profiles/profile';
import { importProfile } from '../../server/src/profiles/importers';
import { validateProfileJson } from '../../server/src/profiles/validate';
import { describeIoError } from './files';

/** A built-in name, a profile JSON file, or a dump in any importable format. Throws with a clear message. */
export function readProfileArgument(arg: string): ProfileJson {
  const builtin = builtinProfileJson(arg);
  if (builtin) return builtin;
  let text: string;
  try {
    text = arg === '-' ? readFileSync(0, 'utf8') : readFileSync(arg, 'utf8');
  } catch (err) {
    throw new Error(`"${arg}" is not a built-in profile (see vmx-cpuid profile list) and cannot be read: ${describeIoError(err)}`);
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new Error(`${arg} looks like JSON but does not parse: ${(err as Error).message}`);
    }
    const problems = validateProfileJson(json);
    if (problems.length > 0) throw new Error(`${arg} is not a valid profile: ${problems.join('; ')}`);
    return json as ProfileJson;
  }
  try {
    return importProfile(text, {}).profile;
  } catch (err) {
    throw new Error(`${arg}: ${(err as Error).message}`);
  }
}
