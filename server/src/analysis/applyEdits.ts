/** Applies text edits (LSP ranges) to a text, with the well-kept LSP text-document implementation. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEditSpec } from './problem';

export function applyTextEdits(text: string, edits: readonly TextEditSpec[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edit', 'vmx', 0, text), edits.map((e) => ({ range: e.range, newText: e.newText })));
}
