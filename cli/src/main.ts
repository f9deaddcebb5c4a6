/**
 * The `vmx-cpuid` command line. A thin shell over the analysis core: it
 * reads files, runs the same checks as the language server and prints them.
 *
 * Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problem.
 */
import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { VERSION } from '../../server/src/version';
import { checkBytes, FileReport } from './checkFile';
import { fixBytes, writeAtomically } from './fixFile';
import { HOST_OPTIONS, hostOverrides } from './hostOptions';
import { describeIoError, expandInputs } from './files';
import { Format, FORMATS, formatInputProblem, formatJson, formatSarif, formatText } from './output';
import { configFor, newConfigCache } from '../../server/src/node/configFiles';
import { profileCommand } from './profileCommand';
import { baselineCommand } from './baselineCommand';
import { diffCommand } from './diffCommand';
import { textconvCommand } from './textconvCommand';
import { decodeErrorCommand } from './decodeErrorCommand';

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: vmx-cpuid <command> [options]

Commands:
  check <files or dirs…> [--format text|json|sarif] [--config FILE]
        [--source PROFILE] [--target PROFILE]… [--evc | --no-evc] [--fix]
      Check .vmx/.vmtx files (directories are searched for *.vmx and *.vmtx).
      With a source host and targets (from .vmx-cpuid.json, found by walking
      up from each file, or from the options), also check power-on on the
      source and vMotion to each target.
      --fix applies the safe fixes (ASCII quotes and dashes, mask grouping,
      VMware's key spelling: nothing the guest sees changes), writing each
      file atomically in its own encoding, BOM and line endings; files with
      undecodable bytes are left alone. Remaining problems are reported.
      Text output: path:line:col: severity code: message (1-based).
      Exit 0 = no errors, 1 = errors found, 2 = usage or I/O problem.
  profile list                      built-in host profiles (EVC baselines)
  profile show <name or file>       the features of a profile
  profile import <dump> [--name N] [-o out.json]
      Make a host profile from a CPUID dump: cpuid -r, InstLatx64/AIDA64,
      /proc/cpuinfo, virsh capabilities XML, or a .vmx with hostCPUID lines.
  baseline <profiles or files…> [--featmask]
      Print the mask lines that reduce the guest to the features all the
      given hosts share, ready to paste into a .vmx.

  diff <old> <new> | diff --git <rev> <file> [--format text|markdown|json]
       [--config FILE] [--source P] [--target P]… [--evc|--no-evc] [--exit-code]
      What a change does to the guest's CPUID, bit by bit, and the vMotion
      targets it gains or loses. Exit 0; 1 with --exit-code when a target is lost.
  textconv <file>
      The file with feature names on mask lines, for git diff
      (git config diff.vmx.textconv "vmx-cpuid textconv").

  decode-error [text… | -] [--format text|json]
      Explain a vMotion / power-on CPU error and print the mask lines that
      would let the VM move (no text or "-": read stdin). Exit 0 decoded,
      1 nothing recognised, 2 usage.

PROFILE is a built-in name (vmx-cpuid profile list) or a profile JSON file.

Options:
  -h, --help      Show this help
  -v, --version   Show the version
`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Raw bytes (textconv passes the file's bytes through unchanged). */
  stdoutBytes?(bytes: Uint8Array): void;
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdoutBytes: (b) => process.stdout.write(b),
};

export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  switch (command) {
    case 'check':
      return check(rest, io);
    case 'profile':
      return profileCommand(rest, io);
    case 'baseline':
      return baselineCommand(rest, io);
    case 'diff':
      return diffCommand(rest, io);
    case 'textconv':
      return textconvCommand(rest, io);
    case 'decode-error':
      return decodeErrorCommand(rest, io);
    default:
      io.stderr(`vmx-cpuid: unknown command "${command}"\n\n${USAGE}`);
      return EXIT_USAGE;
  }
}

async function check(args: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        ...HOST_OPTIONS,
        fix: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr(`vmx-cpuid check: ${(err as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = parsed.values.format as Format;
  if (!FORMATS.includes(format)) {
    io.stderr(`vmx-cpuid check: unknown format "${String(parsed.values.format)}" (use text, json or sarif)\n`);
    return EXIT_USAGE;
  }
  if (parsed.positionals.length === 0) {
    io.stderr(`vmx-cpuid check: no files or directories given\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  const overrides = hostOverrides(parsed.values);
  if (typeof overrides === 'string') {
    io.stderr(`vmx-cpuid check: ${overrides}\n`);
    return EXIT_USAGE;
  }
  const configCache = newConfigCache();
  const reportedConfigs = new Set<string>();

  const { files, problems: inputProblems } = await expandInputs(parsed.positionals);
  for (const p of inputProblems) io.stderr(`${formatInputProblem(p)}\n`);
  const reports: FileReport[] = [];
  let ioFailed = inputProblems.length > 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(file);
    } catch (err) {
      io.stderr(`${formatInputProblem({ path: file, message: describeIoError(err) })}\n`);
      ioFailed = true;
      continue;
    }
    const loaded = configFor(file, overrides, configCache);
    const configKey = loaded.file ?? '';
    if (!reportedConfigs.has(configKey)) {
      reportedConfigs.add(configKey);
      for (const p of loaded.resolved.problems) {
        io.stderr(`vmx-cpuid: ${p.where}: ${p.message}\n`);
        ioFailed = true;
      }
    }
    // Configuration problems went to stderr once (exit 2); they are not repeated per file.
    const options = { config: { ...loaded.resolved, problems: [] } };
    if (parsed.values.fix) {
      const { bytes: fixed, outcome } = fixBytes(bytes, options);
      if (outcome.kind === 'refused') io.stderr(`vmx-cpuid: --fix skipped ${file}: ${outcome.reason}\n`);
      if (outcome.kind === 'fixed' && fixed) {
        try {
          await writeAtomically(file, fixed);
          bytes = fixed;
          io.stderr(`vmx-cpuid: applied ${outcome.edits} safe edit${outcome.edits === 1 ? "" : "s"} to ${file}\n`);
        } catch (err) {
          io.stderr(`${formatInputProblem({ path: file, message: `cannot write the fixes: ${describeIoError(err)}` })}\n`);
          ioFailed = true;
        }
      }
    }
    reports.push(checkBytes(file, bytes, options));
  }
  if (files.length === 0 && !ioFailed) {
    io.stderr(`vmx-cpuid check: no .vmx or .vmtx files found in ${parsed.positionals.join(', ')}\n`);
    return EXIT_USAGE;
  }

  if (format === 'json') io.stdout(formatJson(reports));
  else if (format === 'sarif') io.stdout(formatSarif(reports, VERSION, { inputProblems: inputProblems.map((p) => ({ path: p.path, message: p.message })) }));
  else io.stdout(formatText(reports));

  if (ioFailed) return EXIT_USAGE;
  return reports.some((r) => r.problems.some((p) => p.severity === 'error')) ? EXIT_ERRORS : EXIT_OK;
}
