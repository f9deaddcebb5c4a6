/**
 * Warns when VS Code opened a .vmx with another encoding than the one the
 * file declares in `.encoding` (e.g. a windows-1252 file read as UTF-8: its
 * accents show as garbage, and saving would rewrite it as UTF-8), and offers
 * to reopen it with the declared encoding. The declaration comes from the
 * language server's model of the document (`vmxCpuid/encodingDeclaration`).
 */
import * as vscode from 'vscode';
import { DocumentParams, ENCODING_DECLARATION_REQUEST, EncodingDeclarationResult } from '../../server/src/lsp/protocol';
import { ClientGetter, sendServerRequest, showRequestError } from './serverRequests';

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

/**
 * The document's `.encoding` declaration from the server, or undefined when it
 * has none. Null when the answer is for another version than the document's
 * now (it changed meanwhile) or the server does not have it open. Rejects with
 * a message for the user when the server cannot answer.
 */
export async function findDeclaration(getClient: ClientGetter, document: vscode.TextDocument): Promise<Declaration | undefined | null> {
  const version = document.version;
  const params: DocumentParams = { uri: document.uri.toString() };
  const answer = await sendServerRequest<EncodingDeclarationResult>(getClient, ENCODING_DECLARATION_REQUEST, params);
  if (!answer || answer.version !== version || document.version !== version) return null;
  const d = answer.declaration;
  if (!d) return undefined;
  const r = d.range;
  return { value: d.value, range: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) };
}

/** Registers the hint and its command; `refresh()` re-checks every open document (after a server restart). */
export function registerEncodingHint(context: vscode.ExtensionContext, getClient: ClientGetter): { refresh(): void } {
  const collection = vscode.languages.createDiagnosticCollection('vmx-cpuid-encoding');
  context.subscriptions.push(collection);
  /** The newest refresh per document: an older answer arriving late is dropped. */
  const latest = new Map<string, number>();
  let tickets = 0;

  const refresh = async (document: vscode.TextDocument): Promise<void> => {
    if (document.languageId !== 'vmx') return;
    const key = document.uri.toString();
    const ticket = ++tickets;
    latest.set(key, ticket);
    if (!(document as { encoding?: string }).encoding) {
      collection.delete(document.uri);
      return;
    }
    let declaration: Declaration | undefined | null;
    try {
      declaration = await findDeclaration(getClient, document);
    } catch {
      // No server to ask (stopped, restarting): the hint comes back with the next change.
      declaration = null;
    }
    if (latest.get(key) !== ticket || document.isClosed) return;
    // A stale answer (the document changed meanwhile): that change's own refresh decides.
    if (declaration === null) return;
    // Read now: the encoding may have changed while the server answered.
    const opened = (document as { encoding?: string }).encoding;
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
    vscode.workspace.onDidOpenTextDocument((d) => void refresh(d)),
    vscode.workspace.onDidChangeTextDocument((e) => void refresh(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      latest.delete(d.uri.toString());
      collection.delete(d.uri);
    }),
    vscode.commands.registerCommand(REOPEN_COMMAND, async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== 'vmx') {
        void vscode.window.showInformationMessage('VMX CPUID: open a .vmx file to reopen it with its declared encoding.');
        return;
      }
      let declaration: Declaration | undefined | null = null;
      try {
        // A document changed while the server answered is asked again.
        for (let attempt = 0; attempt < 3 && declaration === null; attempt++) declaration = await findDeclaration(getClient, document);
      } catch (err) {
        showRequestError(`cannot read the .encoding declaration of ${vscode.workspace.asRelativePath(document.uri)}`, err);
        return;
      }
      if (declaration === null) {
        void vscode.window.showErrorMessage(`VMX CPUID: the language server does not have ${vscode.workspace.asRelativePath(document.uri)} open; try again.`);
        return;
      }
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
      await refresh(reopened);
    }),
  );
  // The clients call this once the server has started (and after each restart).
  return { refresh: () => vscode.workspace.textDocuments.forEach((d) => void refresh(d)) };
}
