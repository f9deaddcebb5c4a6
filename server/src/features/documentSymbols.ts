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

export function computeDocumentSymbols(model: DocumentModel): DocumentSymbol[] {
  const top: DocumentSymbol[] = [];
  const groups = new Map<string, { symbol: DocumentSymbol; children: DocumentSymbol[] }>();
  for (const entry of model.vmx.entries) {
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
  return top;
}
