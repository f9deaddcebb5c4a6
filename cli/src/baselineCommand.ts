/**
 * `vmx-cpuid baseline <profiles or files…> [--featmask]`: the mask lines
 * that reduce the guest to the features every given host has, ready to
 * paste. A feature any host is known to lack is hidden; one whose presence
 * is unknown somewhere is left alone and listed in a comment.
 */
import { parseArgs } from 'node:util';
import { createProfile, Profile } from '../../server/src/profiles/profile';
import { commonFeatureMasks } from '../../server/src/compat/baseline';
import { readProfileArgument } from './profileArgs';
import type { Io } from './main';

export async function baselineCommand(args: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { featmask: { type: 'boolean' } } });
  } catch (err) {
    io.stderr(`vmx-cpuid baseline: ${(err as Error).message}\n`);
    return 2;
  }
  if (parsed.positionals.length < 1) {
    io.stderr('vmx-cpuid baseline: give at least one profile (built-in name, profile JSON or CPUID dump)\n');
    return 2;
  }
  const profiles: Profile[] = [];
  for (const arg of parsed.positionals) {
    try {
      profiles.push(createProfile(readProfileArgument(arg)));
    } catch (err) {
      const message = (err as Error).message;
      io.stderr(`vmx-cpuid baseline: ${message.includes(arg) ? message : `${arg}: ${message}`}\n`);
      return 2;
    }
  }
  io.stdout(commonFeatureMasks(profiles, { featMask: parsed.values.featmask === true }).text);
  return 0;
}
