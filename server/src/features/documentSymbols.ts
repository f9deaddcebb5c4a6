/**
 * The outline: settings grouped by key prefix. A group is listed where its
 * first key appears; its range spans its first to its last key.
 */
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import type { VmxEntry } from '../parser/vmxDocument';
import { abbreviate } from '../parser/parse';
import { keyGroup } from './keyGroups';

function entrySymbol(entry: VmxEntry): DocumentSymbol {
  return {
    name: entry.key,
    detail: abbreviate(entry.value, 60),
    kind: SymbolKind.Property,
    range: entry.range,
    selectionRange: entry.keyRange,
  };
}

/** At most this many settings in the outline: beyond, an outline is no overview (the editor would also slow down). */
export const MAX_SYMBOL_ENTRIES = 5000;

export function computeDocumentSymbols(model: DocumentModel): DocumentSymbol[] {
  const top: DocumentSymbol[] = [];
  const groups = new Map<string, { symbol: DocumentSymbol; children: DocumentSymbol[] }>();
  const entries = model.vmx.entries;
  for (const entry of entries.length > MAX_SYMBOL_ENTRIES ? entries.slice(0, MAX_SYMBOL_ENTRIES) : entries) {
    const name = keyGroup(entry.key);
    if (name === undefined) {
      top.push(entrySymbol(entry));
      continue;
    }
    const id = name.toLowerCase();
    let group = groups.get(id);
    if (!group) {
      const children: DocumentSymbol[] = [];
      const symbol: DocumentSymbol = {
        name,
        detail: '',
        kind: SymbolKind.Namespace,
        range: entry.range,
        selectionRange: entry.keyRange,
        children,
      };
      group = { symbol, children };
      groups.set(id, group);
      top.push(symbol);
    }
    group.children.push(entrySymbol(entry));
    group.symbol.range = { start: group.symbol.range.start, end: entry.range.end };
  }
  for (const { symbol, children } of groups.values()) {
    symbol.detail = `${children.length} setting${children.length === 1 ? '' : 's'}`;
  }
  if (entries.length > MAX_SYMBOL_ENTRIES) {
    // Said in the outline itself, at the first setting left out.
    const next = entries[MAX_SYMBOL_ENTRIES]!;
    const more = entries.length - MAX_SYMBOL_ENTRIES;
    top.push({
      name: `… ${more.toLocaleString('en-US')} more setting${more === 1 ? '' : 's'} not listed`,
      detail: `the outline lists the first ${MAX_SYMBOL_ENTRIES.toLocaleString('en-US')} of ${entries.length.toLocaleString('en-US')}`,
      kind: SymbolKind.Null,
      range: { start: next.range.start, end: entries[entries.length - 1]!.range.end },
      selectionRange: next.keyRange,
    });
  }
  return top;
}
