/**
 * Folding: runs of consecutive settings with the same key prefix (a device,
 * the cpuid masks, the featMask set), runs of comment lines, and template
 * blocks are folded. Blank lines inside a run do not break it.
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
  return ranges;
}
