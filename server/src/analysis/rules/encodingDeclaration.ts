/** The `.encoding` declaration must name an encoding readers know. */
import type { VmxDocument } from '../../parser/vmxDocument';
import { isKnownEncoding } from '../../parser/encoding';
import type { Problem } from '../problem';

export function encodingDeclarationProblems(doc: VmxDocument): Problem[] {
  const decl = doc.encodingDeclaration;
  if (!decl || decl.value.trim() === '' || isKnownEncoding(decl.value)) return [];
  return [
    {
      code: 'unknown-encoding',
      severity: 'warning',
      message: `Unknown encoding "${decl.value}" in .encoding: use a name such as "UTF-8", "windows-1252", "windows-1251", "GBK" or "Shift_JIS"; readers fall back to UTF-8`,
      range: decl.valueRange,
    },
  ];
}
