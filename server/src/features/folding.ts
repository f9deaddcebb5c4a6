/**
 * Folding: runs of consecutive settings with the same key prefix (a device,
 * the cpuid masks, the featMask set), runs of comment lines, and template
 * blocks (each branch of an if/else) are folded. Blank lines inside a run do
 * not break it.
 */
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import { keyGroup } from './keyGroups';

export function computeFoldingRanges(model: DocumentModel): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  let runKey: string | undefined;
  let runKind: 'group' | 'comment' | undefined;
  let runStart = -1;
  let runEnd = -1;

  const close = () => {
    if (runKind && runEnd > runStart) {
      ranges.push(runKind === 'comment' ? { startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment } : { startLine: runStart, endLine: runEnd });
    }
    runKind = undefined;
    runKey = undefined;
  };

  for (const line of model.vmx.lines) {
    if (line.kind === 'blank') continue;
    let kind: 'group' | 'comment' | undefined;
    let key: string | undefined;
    if (line.kind === 'comment') kind = 'comment';
    else if (line.entry) {
      const group = keyGroup(line.entry.key);
      if (group !== undefined) {
        kind = 'group';
        key = group.toLowerCase();
      }
    }
    if (kind && kind === runKind && key === runKey) {
      runEnd = line.index;
      continue;
    }
    close();
    if (kind) {
      runKind = kind;
      runKey = key;
      runStart = runEnd = line.index;
    }
  }
  close();
  ranges.push(...templateBlockRanges(model));
  return ranges.sort((a, b) => a.startLine - b.startLine);
}

const JINJA_BLOCKS = new Set(['if', 'for', 'macro', 'call', 'filter', 'block', 'raw', 'with', 'autoescape', 'set']);

/** The tag name of a `{% name … %}` line (`{%-`/`{%+` too), lower-cased. */
function jinjaTag(text: string): { name: string; assigns: boolean; closedOnLine: boolean } | undefined {
  const t = text.trimStart();
  if (!t.startsWith('{%')) return undefined;
  let i = 2;
  if (t[i] === '-' || t[i] === '+') i++;
  while (t[i] === ' ' || t[i] === '\t') i++;
  let j = i;
  while (j < t.length && /[A-Za-z_]/.test(t[j]!)) j++;
  const name = t.slice(i, j).toLowerCase();
  return { name, assigns: t.includes('=', j), closedOnLine: t.toLowerCase().includes(`end${name}`, j) };
}

/**
 * `{% if %}` … `{% elif %}`/`{% else %}` … `{% endif %}` (and the other
 * Jinja blocks): each branch folds from its opening line to the line before
 * the next branch or the end tag, which stays visible.
 */
function templateBlockRanges(model: DocumentModel): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const open: { name: string; start: number }[] = [];
  const fold = (start: number, end: number) => {
    if (end > start) ranges.push({ startLine: start, endLine: end });
  };
  for (const line of model.vmx.lines) {
    if (line.kind !== 'template') continue;
    const tag = jinjaTag(line.text);
    if (!tag) continue;
    const top = open[open.length - 1];
    if (JINJA_BLOCKS.has(tag.name) && !(tag.name === 'set' && tag.assigns)) {
      if (tag.closedOnLine) continue;
      open.push({ name: tag.name, start: line.index });
    } else if ((tag.name === 'elif' || tag.name === 'else') && top) {
      fold(top.start, line.index - 1);
      top.start = line.index;
    } else if (tag.name.startsWith('end')) {
      const at = open.map((o) => o.name).lastIndexOf(tag.name.slice(3));
      if (at === -1) continue;
      fold(open[at]!.start, line.index - 1);
      open.length = at;
    }
  }
  return ranges;
}
