/** `vmx-cpuid profile list | show | import`. */
import { readFileSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { BUILTIN_PROFILE_NAMES, builtinProfileJson } from '../../server/src/profiles/builtins';
import { createProfile } from '../../server/src/profiles/profile';
import { importProfile, ImportError } from '../../server/src/profiles/importers';
import { allFeatures } from '../../server/src/knowledge/bitDatabase';
import { sdmRegisterName } from '../../server/src/model/maskKey';
import { describeIoError } from './files';
import { readProfileArgument } from './profileArgs';
import type { Io } from './main';

const EXIT_OK = 0;
const EXIT_USAGE = 2;

export async function profileCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
      return list(io);
    case 'show':
      return show(rest, io);
    case 'import':
      return importCommand(rest, io);
    default:
      io.stderr(`vmx-cpuid profile: ${sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`} (use list, show or import)\n`);
      return EXIT_USAGE;
  }
}

function list(io: Io): number {
  const rows = BUILTIN_PROFILE_NAMES.map((name) => {
    const json = builtinProfileJson(name)!;
    return [name, json.vendor, String(json.features?.length ?? 0), json.title];
  });
  const width = Math.max(...rows.map((r) => r[0]!.length));
  io.stdout(`${'name'.padEnd(width)}  vendor  features  title\n`);
  for (const [name, vendor, count, title] of rows) io.stdout(`${name!.padEnd(width)}  ${vendor!.padEnd(6)}  ${count!.padStart(8)}  ${title}\n`);
  io.stdout(`\n${rows.length} built-in profiles (EVC baselines). Use a name with --source/--target or in .vmx-cpuid.json; see docs/PROFILES.md.\n`);
  return EXIT_OK;
}

function show(args: readonly string[], io: Io): number {
  if (args.length !== 1) {
    io.stderr('vmx-cpuid profile show: give one profile name or file\n');
    return EXIT_USAGE;
  }
  let json;
  let profile;
  try {
    json = readProfileArgument(args[0]!);
    profile = createProfile(json);
  } catch (err) {
    // Messages name the argument already, except createProfile's ("profile x: unknown feature …").
    const message = (err as Error).message;
    io.stderr(`vmx-cpuid profile show: ${message.includes(args[0]!) ? message : `${args[0]}: ${message}`}\n`);
    return EXIT_USAGE;
  }
  io.stdout(`${json.name} — ${json.title} (${json.vendor}, ${json.kind})\n`);
  if (json.description) io.stdout(`${json.description}\n`);
  for (const p of json.provenance) io.stdout(`  source: ${p.source} [${p.confidence}]${p.note ? ` — ${p.note}` : ''}\n`);
  for (const u of json.uncertain ?? []) io.stdout(`  uncertain: ${u}\n`);
  const byRegister = new Map<string, string[]>();
  for (const e of allFeatures()) {
    if (e.isField || profile.has(e.name) !== true) continue;
    const reg = sdmRegisterName(e.leaf, e.subleaf, e.register);
    const list = byRegister.get(reg);
    if (list) list.push(e.name);
    else byRegister.set(reg, [e.name]);
  }
  io.stdout('\nFeatures:\n');
  for (const [reg, names] of byRegister) io.stdout(`  ${reg.padEnd(28)} ${names.join(' ')}\n`);
  return EXIT_OK;
}

function importCommand(args: readonly string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: { name: { type: 'string', short: 'n' }, output: { type: 'string', short: 'o' } } });
  } catch (err) {
    io.stderr(`vmx-cpuid profile import: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (parsed.positionals.length !== 1) {
    io.stderr('vmx-cpuid profile import: give one dump file (or - for standard input)\n');
    return EXIT_USAGE;
  }
  const input = parsed.positionals[0]!;
  let text: string;
  try {
    text = readFileSync(input === '-' ? 0 : input, 'utf8');
  } catch (err) {
    io.stderr(`vmx-cpuid profile import: cannot read ${input}: ${describeIoError(err)}\n`);
    return EXIT_USAGE;
  }
  let result;
  try {
    result = importProfile(text, parsed.values.name !== undefined ? { name: parsed.values.name } : {});
  } catch (err) {
    io.stderr(`vmx-cpuid profile import: ${input}: ${err instanceof ImportError ? err.message : `unexpected failure: ${(err as Error).message}`}\n`);
    return EXIT_USAGE;
  }
  for (const note of result.notes) io.stderr(`note: ${note}\n`);
  const out = JSON.stringify(result.profile, null, 2) + '\n';
  if (parsed.values.output) {
    const target = path.resolve(parsed.values.output);
    const temp = `${target}.tmp-${process.pid}`;
    try {
      writeFileSync(temp, out);
      renameSync(temp, target);
    } catch (err) {
      rmSync(temp, { force: true }); // never leave the half-done temporary file behind
      io.stderr(`vmx-cpuid profile import: cannot write ${target}: ${describeIoError(err)}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`wrote ${target} (profile "${result.profile.name}")\n`);
  } else {
    io.stdout(out);
  }
  return EXIT_OK;
}
