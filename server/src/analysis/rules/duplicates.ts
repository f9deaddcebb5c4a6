/**
 * Repeated keys. The VMware Unlocker wiki (DrDonk/unlocker, AMD-CPUs.md)
 * reports that VMware refuses to start a VM whose .vmx repeats a key and
 * shows a dictionary error; keys compare case-insensitively.
 */
import type { VmxDocument, VmxEntry } from '../../parser/vmxDocument';
import type { Fix, Problem } from '../problem';

const RELATED_LIMIT = 20;

export function duplicateKeyProblems(doc: VmxDocument): Problem[] {
  const problems: Problem[] = [];
  const isTemplate = doc.lines.some((l) => l.kind === 'template');
  for (const key of doc.repeatedKeys) {
    const group = doc.entriesByKey.get(key)!;
    const first = group[0]!;
    for (let i = 1; i < group.length; i++) {
      const entry = group[i]!;
      // The other occurrences, at most RELATED_LIMIT: a file repeating a key thousands
      // of times would otherwise carry n² related locations (gigabytes).
      const others: VmxEntry[] = [];
      for (const e of group) {
        if (others.length === RELATED_LIMIT) break;
        if (e !== entry) others.push(e);
      }
      problems.push({
        code: 'duplicate-key',
        severity: isTemplate ? 'warning' : 'error',
        message:
          `Duplicate key "${entry.key}": already set on line ${first.line + 1}` +
          (first.key !== entry.key ? ` as "${first.key}" (keys ignore case)` : '') +
          `. VMware refuses to start a VM whose .vmx repeats a key ("dictionary error")` +
          (isTemplate ? '; in a template, check that only one of them survives rendering' : ''),
        range: entry.keyRange,
        related: others.map((o) => ({ range: o.keyRange, message: `"${o.key}" = "${o.rawValue}" (line ${o.line + 1})` })),
        fixes: [deleteLineFix(doc, entry, first)],
      });
    }
  }
  return problems;
}

function deleteLineFix(doc: VmxDocument, entry: VmxEntry, kept: VmxEntry): Fix {
  const line = doc.lines[entry.line]!;
  const isLast = entry.line === doc.lines.length - 1;
  // Delete the line with its line ending; the last line takes the previous line's ending instead.
  const range = isLast && entry.line > 0
    ? { start: { line: entry.line - 1, character: doc.lines[entry.line - 1]!.text.length }, end: { line: entry.line, character: line.text.length } }
    : { start: { line: entry.line, character: 0 }, end: { line: entry.line + 1, character: 0 } };
  return {
    title: `Delete line ${entry.line + 1} (keep ${kept.key} = "${kept.rawValue}" on line ${kept.line + 1})`,
    edits: [{ range, newText: '' }],
  };
}
