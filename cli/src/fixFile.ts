/**
 * `vmx-cpuid check --fix`: applies the safe fixes — those that do not change
 * what the guest sees (ASCII quotes and dashes, mask grouping, VMware's key
 * spelling) — and writes the file atomically (temp file + rename),
 * preserving its encoding, BOM and line endings. A file whose bytes could not
 * be decoded, or could not be re-encoded to the very same bytes, is never
 * touched.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import type { AnalysisOptions } from '../../server/src/analysis/analyze';
import { collectSafeEdits } from '../../server/src/features/codeActions';
import { applyTextEdits } from '../../server/src/analysis/applyEdits';
import { decodeVmxBytes, isUtf8Name } from '../../server/src/parser/encoding';

export type FixOutcome =
  | { readonly kind: 'fixed'; readonly edits: number }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly reason: string };

function encode(text: string, encoding: string): Uint8Array {
  return isUtf8Name(encoding) ? new TextEncoder().encode(text) : iconv.encode(text, encoding);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The fixed bytes of a file, or why it must not be touched. */
export function fixBytes(bytes: Uint8Array, options: AnalysisOptions = {}): { bytes?: Uint8Array; outcome: FixOutcome } {
  const decoded = decodeVmxBytes(bytes);
  if (decoded.invalid.length > 0) {
    return { outcome: { kind: 'refused', reason: `bytes that are not valid ${decoded.encoding} (line ${decoded.invalid[0]!.line + 1}): not touched, to keep them as they are` } };
  }
  if (!sameBytes(encode(decoded.text, decoded.encoding), bytes)) {
    return { outcome: { kind: 'refused', reason: `its ${decoded.encoding} bytes would not survive a round trip exactly: not touched` } };
  }
  const model = new DocumentModel('file:///fix', 0, decoded.text, options);
  const edits = collectSafeEdits(model.problems);
  if (edits.length === 0) return { outcome: { kind: 'unchanged' } };
  // Edits are relative to the text after the BOM, which the parser set aside.
  const body = model.vmx.text;
  const fixed = applyTextEdits(body, edits);
  const prefix = decoded.text.slice(0, decoded.text.length - body.length);
  return { bytes: encode(prefix + fixed, decoded.encoding), outcome: { kind: 'fixed', edits: edits.length } };
}

/** Writes through a temporary file in the same folder, then renames it over the original. */
export async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.vmx-cpuid-${process.pid}.tmp`);
  const mode = (await fs.stat(file)).mode;
  try {
    await fs.writeFile(temp, bytes, { mode });
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}
