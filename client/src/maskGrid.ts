/**
 * "VMX CPUID: Show Mask Grid": a webview with a .vmx file's mask registers
 * as rows of 32 flags (and its featMask lines as a section of their own),
 * coloured by flag kind and by vMotion compatibility with the configured
 * targets. The grid model comes from the server (`vmxCpuid/maskGrid`); the
 * webview (client/media/maskGrid.js) only renders it. Clicking a flag selects
 * it in the editor; Enter/Space on a flag cycles it (`-` → `0` → `1` → `H`)
 * through the internal command `vmxCpuid.maskGrid.cycle`, one undoable edit.
 * The grid follows the document and the configuration as they change.
 */
import * as vscode from 'vscode';
import { CYCLE_FLAG_REQUEST, CycleFlagParams, CycleFlagResult, DocumentParams, MASK_GRID_REQUEST, MaskGrid } from '../../server/src/lsp/protocol';
import { ClientGetter, sendServerRequest, showRequestError } from './serverRequests';

export const SHOW_MASK_GRID_COMMAND = 'vmxCpuid.showMaskGrid';
/** Internal: what the webview's Enter/Space runs (arguments: uri, line, bit). */
export const CYCLE_FLAG_COMMAND = 'vmxCpuid.maskGrid.cycle';

const VIEW_TYPE = 'vmxCpuid.maskGrid';
/** A burst of keystrokes collapses into one request. */
const TEXT_DEBOUNCE_MS = 150;
/** The server re-reads settings and configuration files on its own schedule: ask twice. */
const CONFIG_REFRESH_MS = [300, 1500];

/** What the webview reports after each render (counts and the first labels: tests read them). */
export interface RenderedInfo {
  readonly version: number;
  readonly rows: number;
  readonly cells: number;
  readonly featMasks: number;
  readonly labels: readonly string[];
}

export interface MaskGridHandle {
  readonly panel: vscode.WebviewPanel;
  readonly uri: vscode.Uri;
  /** The newest grid sent to the webview (undefined before the first answer or when the server had none). */
  readonly grid: MaskGrid | undefined;
  /** What the webview last reported it rendered. */
  readonly rendered: RenderedInfo | undefined;
  /** Asks the server again and sends the grid to the webview. */
  refresh(): Promise<MaskGrid | undefined>;
  /** The webview's message handler (tests post the webview's own messages through it). */
  handleMessage(message: unknown): Promise<void>;
}

type WebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; line: number; start: number; end: number }
  | { type: 'cycle'; line: number; bit: number }
  | ({ type: 'rendered' } & RenderedInfo);

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function asMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      return isInt(m.line) && isInt(m.start) && isInt(m.end) ? { type: 'reveal', line: m.line, start: m.start, end: m.end } : undefined;
    case 'cycle':
      return isInt(m.line) && isInt(m.bit) ? { type: 'cycle', line: m.line, bit: m.bit } : undefined;
    case 'rendered':
      return m as unknown as WebviewMessage;
    default:
      return undefined;
  }
}

/** Asked again when the document changes while the server computes the edit. */
const CYCLE_ATTEMPTS = 3;

/**
 * Cycles the flag at `bit` of the mask on `line` (`-` → `0` → `1` → `H` → `-`)
 * as one edit of one character, computed by the server (`vmxCpuid/cycleFlag`)
 * on its model of this very version of the document. Resolves with the new
 * flag, or undefined when that line is not a complete mask (or the server
 * cannot answer: then an error message says why).
 */
export async function cycleFlag(getClient: ClientGetter, uri: vscode.Uri | string, line: number, bit: number): Promise<string | undefined> {
  const document = await vscode.workspace.openTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  for (let attempt = 0; attempt < CYCLE_ATTEMPTS; attempt++) {
    const version = document.version;
    const params: CycleFlagParams = { uri: document.uri.toString(), line, bit };
    let answer: CycleFlagResult;
    try {
      answer = await sendServerRequest<CycleFlagResult>(getClient, CYCLE_FLAG_REQUEST, params);
    } catch (err) {
      return showRequestError('cannot cycle the flag', err);
    }
    if (!answer) return undefined;
    // The edit's range is for the version the server saw: only that version may take it.
    if (answer.version !== version || document.version !== version) continue;
    const edit = answer.edit;
    if (!edit) return undefined;
    const workspaceEdit = new vscode.WorkspaceEdit();
    const { start, end } = edit.range;
    workspaceEdit.replace(document.uri, new vscode.Range(start.line, start.character, end.line, end.character), edit.newText);
    return (await vscode.workspace.applyEdit(workspaceEdit)) ? edit.newText : undefined;
  }
  return undefined;
}

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars[Math.floor(Math.random() * chars.length)];
  return out;
}

function html(webview: vscode.Webview, media: vscode.Uri): string {
  const n = nonce();
  const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'maskGrid.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'maskGrid.js'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>Mask Grid</title>
</head>
<body>
<main id="app"><p>Loading the mask grid…</p></main>
<script nonce="${n}" src="${js}"></script>
</body>
</html>`;
}

function fileName(uri: vscode.Uri): string {
  return decodeURIComponent(uri.path.slice(uri.path.lastIndexOf('/') + 1));
}

/** Registers the command and the cycle command. `getClient` may return the node or the web client. */
export function registerMaskGrid(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  const panels = new Map<string, MaskGridHandle>();
  const media = vscode.Uri.joinPath(context.extensionUri, 'client', 'media');

  function open(uri: vscode.Uri): MaskGridHandle {
    const key = uri.toString();
    const existing = panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      `Mask Grid: ${fileName(uri)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [media] },
    );
    const disposables: vscode.Disposable[] = [];
    let grid: MaskGrid | undefined;
    let rendered: RenderedInfo | undefined;
    let timers: ReturnType<typeof setTimeout>[] = [];
    let latest = 0;
    let disposed = false;

    const refresh = async (): Promise<MaskGrid | undefined> => {
      const ticket = ++latest;
      const client = getClient();
      let answer: MaskGrid | null = null;
      try {
        // The server knows only open documents: opening it (without an editor) is enough.
        await vscode.workspace.openTextDocument(uri);
        const params: DocumentParams = { uri: key };
        answer = client ? await client.sendRequest<MaskGrid | null>(MASK_GRID_REQUEST, params) : null;
      } catch {
        answer = null;
      }
      // An older request answering late must not overwrite a newer grid; a closed panel takes nothing.
      if (ticket !== latest || disposed) return grid;
      grid = answer ?? undefined;
      void panel.webview.postMessage({ type: 'grid', grid: answer, fileName: fileName(uri) });
      return grid;
    };
    const schedule = (delays: readonly number[]) => {
      timers.forEach(clearTimeout);
      timers = delays.map((ms) => setTimeout(() => void refresh(), ms));
    };

    const handleMessage = async (raw: unknown): Promise<void> => {
      const message = asMessage(raw);
      switch (message?.type) {
        case 'ready':
          await refresh();
          break;
        case 'reveal': {
          const document = await vscode.workspace.openTextDocument(uri);
          const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
          const column = visible?.viewColumn ?? (panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
          const selection = new vscode.Range(message.line, message.start, message.line, message.end);
          await vscode.window.showTextDocument(document, { viewColumn: column, selection, preserveFocus: true, preview: false });
          break;
        }
        case 'cycle':
          // The same command the e2e suite runs: one path for the webview and the tests.
          await vscode.commands.executeCommand(CYCLE_FLAG_COMMAND, key, message.line, message.bit);
          break;
        case 'rendered':
          rendered = message;
          break;
      }
    };

    panel.webview.html = html(panel.webview, media);
    disposables.push(
      panel.webview.onDidReceiveMessage((m) => void handleMessage(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === key && e.contentChanges.length > 0) schedule([TEXT_DEBOUNCE_MS]);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('vmxCpuid')) schedule(CONFIG_REFRESH_MS);
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/{.vmx-cpuid.json,.vmx-cpuid/profiles/*.json}');
    disposables.push(watcher, watcher.onDidChange(() => schedule(CONFIG_REFRESH_MS)), watcher.onDidCreate(() => schedule(CONFIG_REFRESH_MS)), watcher.onDidDelete(() => schedule(CONFIG_REFRESH_MS)));
    panel.onDidDispose(() => {
      disposed = true;
      timers.forEach(clearTimeout);
      disposables.forEach((d) => d.dispose());
      panels.delete(key);
    });

    const handle: MaskGridHandle = {
      panel,
      uri,
      get grid() {
        return grid;
      },
      get rendered() {
        return rendered;
      },
      refresh,
      handleMessage,
    };
    panels.set(key, handle);
    return handle;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_MASK_GRID_COMMAND, (uriArg?: vscode.Uri | string) => {
      const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : (uriArg ?? vscode.window.activeTextEditor?.document.uri);
      if (!uri || (!uriArg && vscode.window.activeTextEditor?.document.languageId !== 'vmx')) {
        void vscode.window.showInformationMessage('VMX CPUID: open a .vmx file first.');
        return undefined;
      }
      return open(uri);
    }),
    vscode.commands.registerCommand(CYCLE_FLAG_COMMAND, (uri: vscode.Uri | string, line: number, bit: number) => cycleFlag(getClient, uri, line, bit)),
    { dispose: () => [...panels.values()].forEach((h) => h.panel.dispose()) },
  );
}
