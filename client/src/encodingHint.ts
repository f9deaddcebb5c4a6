/**
 * Warns when VS Code opened a .vmx with another encoding than the one the
 * file declares in `.encoding` (e.g. a windows-1252 file read as UTF-8: its
 * accents show as garbage, and saving would rewrite it as UTF-8), and offers
 * to reopen it with the declared encoding.
 */
import * as vscode from 'vscode';
import { parseLine } from '../../server/src/parser/parse';

export const ENCODING_MISMATCH_CODE = 'encoding-mismatch';
export const REOPEN_COMMAND = 'vmxCpuid.reopenWithDeclaredEncoding';

/** VS Code's encoding ids are lower-case without punctuation ("windows1252", "shiftjis"). */
const ALIASES: Record<string, string> = {
  utf8bom: 'utf8',
  cp1250: 'windows1250',
  cp1251: 'windows1251',
  cp1252: 'windows1252',
  cp1253: 'windows1253',
  cp1254: 'windows1254',
  cp1255: 'windows1255',
  cp1256: 'windows1256',
  cp1257: 'windows1257',
  cp1258: 'windows1258',
  latin1: 'iso88591',
  sjis: 'shiftjis',
  xsjis: 'shiftjis',
  ms932: 'shiftjis',
  cp932: 'shiftjis',
  windows31j: 'shiftjis',
  cp936: 'gbk',
  big5: 'cp950',
  usascii: 'utf8',
  ascii: 'utf8',
};

export function toVsCodeEncodingId(name: string): string {
  let id = '';
  for (const ch of name.toLowerCase()) if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) id += ch;
  return ALIASES[id] ?? id;
}

interface Declaration {
  readonly value: string;
  readonly range: vscode.Range;
}

export function findDeclaration(document: vscode.TextDocument): Declaration | undefined {
  for (let i = 0; i < document.lineCount; i++) {
    const text = document.lineAt(i).text;
    if (!text.toLowerCase().includes('.encoding')) continue;
    const entry = parseLine(text, i, '').entry;
    if (entry?.keyLower === '.encoding') {
      const r = entry.valueRange;
      return { value: entry.value, range: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) };
    }
  }
  return undefined;
}

export function registerEncodingHint(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('vmx-cpuid-encoding');
  context.subscriptions.push(collection);

  const refresh = (document: vscode.TextDocument) => {
    if (document.languageId !== 'vmx') return;
    const opened = (document as { encoding?: string }).encoding;
    const declaration = findDeclaration(document);
    if (!opened || !declaration || declaration.value.trim() === '') {
      collection.delete(document.uri);
      return;
    }
    const declared = toVsCodeEncodingId(declaration.value);
    if (declared === toVsCodeEncodingId(opened)) {
      collection.delete(document.uri);
      return;
    }
    const diagnostic = new vscode.Diagnostic(
      declaration.range,
      `This file declares .encoding = "${declaration.value}", but VS Code opened it as ${opened}: non-ASCII text may show wrongly and saving would write ${opened}. Run "VMX CPUID: Reopen with Declared Encoding" (or "Reopen with Encoding" in the status bar).`,
      vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = 'vmx-cpuid';
    diagnostic.code = ENCODING_MISMATCH_CODE;
    collection.set(document.uri, [diagnostic]);
  };

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    vscode.commands.registerCommand(REOPEN_COMMAND, async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== 'vmx') {
        void vscode.window.showInformationMessage('VMX CPUID: open a .vmx file to reopen it with its declared encoding.');
        return;
      }
      const declaration = findDeclaration(document);
      if (!declaration) {
        void vscode.window.showInformationMessage(`VMX CPUID: ${vscode.workspace.asRelativePath(document.uri)} has no .encoding declaration.`);
        return;
      }
      if (document.isDirty) {
        void vscode.window.showWarningMessage('VMX CPUID: save or revert your changes first; reopening with another encoding would discard them.');
        return;
      }
      const reopened = await vscode.workspace.openTextDocument(document.uri, { encoding: toVsCodeEncodingId(declaration.value) });
      await vscode.window.showTextDocument(reopened);
      refresh(reopened);
    }),
  );
  vscode.workspace.textDocuments.forEach(refresh);
}
