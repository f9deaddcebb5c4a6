/**
 * `vmx-cpuid textconv <file>`: the file as it is, with ` # vmx-cpuid: …`
 * appended to each mask and featMask line (the features it changes), for
 * git's `diff.vmx.textconv`. Works on bytes: every line is printed exactly
 * as read, only annotations are added, so odd content (binary, invalid
 * UTF-8, legacy encodings, huge lines) passes through untouched. Exit 0 on
 * any readable file (git aborts the diff otherwise), 2 when it cannot be read.
 */
import { promises as fs } from 'node:fs';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { decodeVmxBytes, isUtf8Name } from '../../server/src/parser/encoding';
import { ANNOTATION_PREFIX, lineAnnotations } from '../../server/src/review/textconv';
import { describeIoError } from './files';
import type { Io } from './main';

/** An Io that can also write raw bytes (the process's stdout); without it, bytes that are not UTF-8 are written as U+FFFD. */
export type BytesIo = Io & { stdoutBytes?(bytes: Uint8Array): void };

const USAGE = `Usage: vmx-cpuid textconv <file>
  Print the file with " # vmx-cpuid: …" appended to each mask and featMask line,
  naming the features it changes. For git:
    .gitattributes:  *.vmx diff=vmx
    git config diff.vmx.textconv "vmx-cpuid textconv"
`;

/** Splits bytes at \\n, \\r\\n and a lone \\r (as the parser does); each part keeps its line ending. */
export function splitLines(bytes: Uint8Array): { start: number; end: number; eolEnd: number }[] {
  const out: { start: number; end: number; eolEnd: number }[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x0a) {
      out.push({ start, end: i, eolEnd: i + 1 });
      start = i + 1;
    } else if (c === 0x0d) {
      const crlf = bytes[i + 1] === 0x0a;
      out.push({ start, end: i, eolEnd: i + (crlf ? 2 : 1) });
      if (crlf) i++;
      start = i + 1;
    }
  }
  out.push({ start, end: bytes.length, eolEnd: bytes.length });
  return out;
}

/** Annotation bytes for a file in another encoding than UTF-8: ASCII only, valid in any encoding VMware writes. */
function asciiOnly(text: string): string {
  return text.replace(/\u2212/g, '-').replace(/≥/g, '>=').replace(/[^\x20-\x7e]/g, '?');
}

/** The annotated bytes; on any surprise, the bytes unchanged. */
export function textconvBytes(bytes: Uint8Array): Uint8Array {
  let notes: Map<number, string>;
  let utf8: boolean;
  const lines = splitLines(bytes);
  try {
    const decoded = decodeVmxBytes(bytes);
    const model = new DocumentModel('vmx-cpuid:textconv', 0, decoded.text);
    // Decoding must not have changed the line structure (it cannot for the ASCII-compatible encodings VMware writes).
    if (model.vmx.lines.length !== lines.length) return bytes;
    notes = lineAnnotations(model);
    utf8 = isUtf8Name(decoded.encoding);
  } catch {
    return bytes;
  }
  if (notes.size === 0) return bytes;
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  lines.forEach((l, i) => {
    const note = notes.get(i);
    if (note === undefined) {
      parts.push(bytes.subarray(l.start, l.eolEnd));
      return;
    }
    parts.push(bytes.subarray(l.start, l.end));
    parts.push(encoder.encode(ANNOTATION_PREFIX + (utf8 ? note : asciiOnly(note))));
    parts.push(bytes.subarray(l.end, l.eolEnd));
  });
  return Buffer.concat(parts);
}

export async function textconvCommand(args: readonly string[], io: BytesIo): Promise<number> {
  if (args.length === 1 && (args[0] === '-h' || args[0] === '--help')) {
    io.stdout(USAGE);
    return 0;
  }
  if (args.length !== 1) {
    io.stderr(`vmx-cpuid textconv: ${args.length === 0 ? 'no file given' : `one file expected, got ${args.length}`}\n\n${USAGE}`);
    return 2;
  }
  const file = args[0]!;
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    io.stderr(`vmx-cpuid: cannot read ${file}: ${describeIoError(err)}\n`);
    return 2;
  }
  const out = textconvBytes(bytes);
  if (io.stdoutBytes) {
    io.stdoutBytes(out);
  } else {
    io.stdout(new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(out));
  }
  return 0;
}
