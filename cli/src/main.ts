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
import { describeIoError, expandInputs } from './files';
import { Format, FORMATS, formatInputProblem, formatJson, formatSarif, formatText } from './output';

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: vmx-cpuid <command> [options]

Commands:
  check <files or dirs…> [--format text|json|sarif]
      Check .vmx/.vmtx files (directories are searched for *.vmx and *.vmtx).
      Text output: path:line:col: severity code: message (1-based).
      Exit 0 = no errors, 1 = errors found, 2 = usage or I/O problem.

Options:
  -h, --help      Show this help
  -v, --version   Show the version
`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
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
      options: { format: { type: 'string', short: 'f', default: 'text' }, help: { type: 'boolean', short: 'h' } },
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
    reports.push(checkBytes(file, bytes));
  }
  if (files.length === 0 && !ioFailed) {
    io.stderr(`vmx-cpuid check: no .vmx or .vmtx files found in ${parsed.positionals.join(', ')}\n`);
    return EXIT_USAGE;
  }

  if (format === 'json') io.stdout(formatJson(reports));
  else if (format === 'sarif') io.stdout(formatSarif(reports, VERSION));
  else io.stdout(formatText(reports));

  if (ioFailed) return EXIT_USAGE;
  return reports.some((r) => r.problems.some((p) => p.severity === 'error')) ? EXIT_ERRORS : EXIT_OK;
}
