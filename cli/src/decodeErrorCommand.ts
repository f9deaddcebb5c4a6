/**
 * `vmx-cpuid decode-error [text… | -] [--format text|json]`: explains what
 * vCenter, ESXi or Workstation printed about CPU compatibility (vMotion or
 * power-on), with the mask lines that would let the VM move.
 *
 * The text comes from the arguments (joined by spaces), or from standard
 * input with `-` or no arguments.
 * Exit codes: 0 something decoded, 1 nothing recognised, 2 usage problem.
 */
import { parseArgs } from 'node:util';
import { decodeVmotionError } from '../../server/src/review/decodeError';
import { decodeResultJson, decodeResultText, notRecognisedText } from '../../server/src/review/decodeErrorRender';
import type { Io } from './main';

export const DECODE_ERROR_USAGE = `Usage: vmx-cpuid decode-error [text… | -] [--format text|json]

Explains a vMotion / power-on CPU compatibility error as vCenter, ESXi or
Workstation printed it: the CPUID register and bits, the features, which side
lacks them, and the mask lines that would let the VM move.
The text is read from the arguments, or from standard input with "-" or no
arguments (paste it, then Ctrl-D). Put text that starts with "-" after "--".

Exit codes: 0 decoded, 1 nothing recognised, 2 usage problem.
`;

/** Reads all of standard input as UTF-8. */
export async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Paste the error text, then press Ctrl-D (Ctrl-Z Enter on Windows):\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function decodeErrorCommand(
  args: readonly string[],
  io: Io,
  readStdin: () => Promise<string> = readProcessStdin,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr(`vmx-cpuid decode-error: ${(err as Error).message}\n\n${DECODE_ERROR_USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(DECODE_ERROR_USAGE);
    return 0;
  }
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json') {
    io.stderr(`vmx-cpuid decode-error: unknown format "${String(format)}" (use text or json)\n`);
    return 2;
  }
  const positionals = parsed.positionals;
  let text: string;
  if (positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-')) {
    try {
      text = await readStdin();
    } catch (err) {
      io.stderr(`vmx-cpuid decode-error: cannot read standard input: ${(err as Error).message}\n`);
      return 2;
    }
  } else if (positionals.includes('-')) {
    io.stderr('vmx-cpuid decode-error: "-" (read standard input) cannot be combined with text arguments\n');
    return 2;
  } else {
    text = positionals.join(' ');
  }
  if (text.trim() === '') {
    io.stderr(`vmx-cpuid decode-error: no text given\n\n${DECODE_ERROR_USAGE}`);
    return 2;
  }

  const result = decodeVmotionError(text);
  if (format === 'json') io.stdout(decodeResultJson(result));
  else if (result.recognised) io.stdout(decodeResultText(result));
  if (!result.recognised) {
    io.stderr(`vmx-cpuid decode-error: ${notRecognisedText()}`);
    return 1;
  }
  return 0;
}
