/**
 * The language server shell: wires LSP requests to the pure core. It owns
 * the open documents, the per-version model cache and the scheduling of
 * diagnostics; it computes nothing itself. Every handler is wrapped so that
 * an exception is logged and answered with an empty result, never a crash.
 */
import { idleCollector } from './idleCollector';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  Connection,
  InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModel, DocumentModelCache } from '../analysis/documentModel';
import { computeDiagnostics } from '../features/diagnostics';
import { computeCodeActions, FIX_ALL_KIND } from '../features/codeActions';
import { computeDocumentSymbols } from '../features/documentSymbols';
import { computeFoldingRanges } from '../features/folding';
import { computeHover } from '../features/hover';
import { computeCompletion } from '../features/completion';
import { computeInlayHints } from '../features/inlayHints';
import { computeCodeLenses } from '../features/codeLens';
import { computeMaskGrid, MaskGrid } from '../features/maskGrid';
import { compatibilityMatrix, matrixMarkdown } from '../compat/matrix';
import { hostHoverLines } from '../compat/hoverLines';
import { explainChangesMarkdown } from '../review/explainChanges';
import { EXPLAIN_CHANGES_REQUEST, type ExplainChangesParams } from './protocol';
import { registerClientRequests, type ProfileImporters } from './clientRequests';
import { VERSION } from '../version';
import type { ResolvedConfig } from '../config/config';
import type { RuleSetting } from '../analysis/analyze';

export const SERVER_NAME = 'vmx-cpuid-language-server';

interface RawSettings {
  inlayHints: { enabled?: boolean };
  codeLens: { enabled?: boolean };
  source: string | null;
  targets: string[] | null;
  evc: boolean | null;
  rules: Record<string, RuleSetting> | null;
}

/** The vmxCpuid.* settings the server uses; source/targets/evc/rules override the config file. */
export interface ServerSettings {
  readonly inlayHints: boolean;
  readonly codeLens: boolean;
  readonly source?: string;
  readonly targets?: readonly string[];
  readonly evc?: boolean;
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

const DEFAULT_SETTINGS: ServerSettings = { inlayHints: true, codeLens: true };

function toSettings(raw: Partial<RawSettings> | null): ServerSettings {
  return {
    inlayHints: raw?.inlayHints?.enabled !== false,
    codeLens: raw?.codeLens?.enabled !== false,
    ...(typeof raw?.source === 'string' && raw.source !== '' ? { source: raw.source } : {}),
    ...(Array.isArray(raw?.targets) && raw.targets.length > 0 ? { targets: raw.targets.filter((t) => typeof t === 'string') } : {}),
    ...(typeof raw?.evc === 'boolean' ? { evc: raw.evc } : {}),
    ...(raw?.rules && typeof raw.rules === 'object' ? { rules: raw.rules } : {}),
  };
}

/** What the client told about the workspace at start-up. */
export interface WorkspaceInfo {
  /** Workspace folder URIs; files outside them are not read for configuration. */
  readonly folders: readonly string[];
  /** False in VS Code's restricted mode: only built-in profiles, no profile files. */
  readonly trusted: boolean;
}

/** What the platform provides: the node main reads configuration files and imports profiles, the browser main does neither. */
export interface ServerHost {
  /** The configuration for a document: its .vmx-cpuid.json merged with the settings. */
  configFor?(documentUri: string, settings: ServerSettings, workspace: WorkspaceInfo): ResolvedConfig;
  /** Forget cached configuration files (one changed on disk). */
  clearConfigCache?(): void;
  /**
   * The host-profile importers of the import requests, asked for on the first
   * one: the node main loads them then, keeping them out of the server's start.
   * The browser main gives none (its bundle leaves them out): there those
   * requests answer that importing is not available in the browser.
   */
  readonly importers?: () => ProfileImporters;
  /**
   * A full garbage collection, if the runtime offers one: run once the server
   * has been quiet for a moment after a burst of work (see idleCollector.ts).
   */
  readonly collectGarbage?: () => void;
}

/** Reply of the vmxCpuid/configuration request (the client's status bar). */
export interface ConfigurationInfo {
  readonly source?: string;
  readonly targets: readonly string[];
  readonly evc: boolean;
  readonly problems: readonly string[];
}

/**
 * Delay before a document is analysed after a change. Zero: the analysis runs once the messages
 * already received are handled, so changes that arrived together collapse into one analysis, but
 * no time is spent waiting (an edit re-checks only what it touched: a few milliseconds).
 */
const DIAGNOSTICS_DELAY_MS = 0;


export function startServer(connection: Connection, host: ServerHost = {}): void {
  const documents = new TextDocuments(TextDocument);
  const configs = new Map<string, ResolvedConfig>();
  const configFor = (uri: string): ResolvedConfig | undefined => {
    if (!host.configFor) return undefined;
    let config = configs.get(uri);
    if (!config) {
      config = host.configFor(uri, settings, workspace);
      configs.set(uri, config);
    }
    return config;
  };
  const models = new DocumentModelCache((uri) => {
    const config = safely('configuration', undefined, () => configFor(uri));
    return { ...(config ? { config } : {}), ...(settings.rules ? { rules: settings.rules } : {}) };
  });
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const log = (message: string) => connection.console.log(message);
  const logError = (where: string, err: unknown) =>
    connection.console.error(`${where} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);

  const idle = host.collectGarbage
    ? idleCollector(() => safely('idle memory collection', undefined, host.collectGarbage!, false))
    : undefined;

  /** Runs a handler body; an exception is logged and the fallback returned. */
  function safely<R>(where: string, fallback: R, body: () => R, isWork = true): R {
    if (isWork) idle?.touch();
    try {
      return body();
    } catch (err) {
      logError(where, err);
      return fallback;
    }
  }

  /** Settings or a configuration file changed: re-resolve and re-check every open document. */
  function configurationChanged(): void {
    configs.clear();
    models.invalidate();
    for (const doc of documents.all()) scheduleValidation(doc);
  }

  function modelFor(uri: string): DocumentModel | undefined {
    const doc = documents.get(uri);
    return doc ? models.get(uri, doc.version, () => doc.getText()) : undefined;
  }

  function scheduleValidation(doc: TextDocument): void {
    const previous = pending.get(doc.uri);
    if (previous) clearTimeout(previous);
    pending.set(
      doc.uri,
      setTimeout(
        () =>
          safely('diagnostics', undefined, () => {
            pending.delete(doc.uri);
            const current = documents.get(doc.uri);
            // Stale work is dropped: only the newest version is analysed.
            if (!current) return;
            const model = modelFor(current.uri)!;
            void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: computeDiagnostics(model) });
          }),
        DIAGNOSTICS_DELAY_MS,
      ),
    );
  }

  /** User settings (vmxCpuid.*), pulled from the client when it supports workspace/configuration. */
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let canPullConfiguration = false;
  let canRefreshInlayHints = false;
  let workspace: WorkspaceInfo = { folders: [], trusted: true };
  let canRefreshCodeLens = false;

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const raw = (await connection.workspace.getConfiguration('vmxCpuid')) as Partial<RawSettings> | null;
      settings = toSettings(raw);
      // Settings override the config files' source and targets: resolved configurations are stale.
      host.clearConfigCache?.();
      configurationChanged();
      if (canRefreshInlayHints) void connection.languages.inlayHint.refresh();
      if (canRefreshCodeLens) void connection.sendRequest(CodeLensRefreshRequest.type);
    } catch (err) {
      logError('configuration', err);
    }
  }

  connection.onInitialize(
    (params): InitializeResult => {
      canPullConfiguration = params.capabilities.workspace?.configuration === true;
      canRefreshInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
      canRefreshCodeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
      const options = params.initializationOptions as { workspaceTrusted?: unknown } | undefined;
      workspace = {
        folders: params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []),
        // Editors without a notion of trust are trusted, as for any other configuration they read.
        trusted: options?.workspaceTrusted !== false,
      };
      return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        documentSymbolProvider: { label: 'VMX' },
        foldingRangeProvider: true,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', '"', ':', '='] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
      },
      serverInfo: { name: SERVER_NAME, version: VERSION },
      };
    },
  );

  connection.onInitialized(() => {
    log(`${SERVER_NAME} ready`);
    void refreshSettings();
  });
  connection.onDidChangeConfiguration(() => void refreshSettings());
  connection.onDidChangeWatchedFiles(() =>
    safely('watchedFiles', undefined, () => {
      host.clearConfigCache?.();
      configurationChanged();
    }),
  );
  connection.onRequest('vmxCpuid/configuration', (p: { uri: string }) =>
    safely('configuration', { targets: [], evc: false, problems: [] } as ConfigurationInfo, (): ConfigurationInfo => {
      const config = configFor(p.uri);
      return {
        ...(config?.source ? { source: config.source.name } : {}),
        targets: config?.targets.map((t) => t.name) ?? [],
        evc: config?.evc ?? false,
        problems: config?.problems.map((q) => `${q.where}: ${q.message}`) ?? [],
      };
    }),
  );

  documents.onDidOpen((e) => safely('didOpen', undefined, () => scheduleValidation(e.document)));
  documents.onDidChangeContent((e) => safely('didChange', undefined, () => scheduleValidation(e.document)));
  documents.onDidClose((e) =>
    safely('didClose', undefined, () => {
      const timer = pending.get(e.document.uri);
      if (timer) clearTimeout(timer);
      pending.delete(e.document.uri);
      models.delete(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    }),
  );

  connection.onDocumentSymbol((p) =>
    safely('documentSymbol', [], () => {
      const model = modelFor(p.textDocument.uri);
      return model ? computeDocumentSymbols(model) : [];
    }),
  );
  connection.onFoldingRanges((p) =>
    safely('foldingRange', [], () => {
      const model = modelFor(p.textDocument.uri);
      return model ? computeFoldingRanges(model) : [];
    }),
  );
  connection.onHover((p) =>
    safely('hover', null, () => {
      const model = modelFor(p.textDocument.uri);
      if (!model) return null;
      const config = configFor(p.textDocument.uri);
      return computeHover(model, p.position, config ? { flagLineProviders: [hostHoverLines(config)] } : {});
    }),
  );
  connection.onCompletion((p) =>
    safely('completion', [], () => {
      const model = modelFor(p.textDocument.uri);
      return model ? computeCompletion(model, p.position) : [];
    }),
  );
  connection.languages.inlayHint.on((p) =>
    safely('inlayHint', [], () => {
      const model = modelFor(p.textDocument.uri);
      return model && settings.inlayHints ? computeInlayHints(model, p.range) : [];
    }),
  );
  connection.onCodeLens((p) =>
    safely('codeLens', [], () => {
      const model = modelFor(p.textDocument.uri);
      return model && settings.codeLens ? computeCodeLenses(model, configFor(p.textDocument.uri)) : [];
    }),
  );
  connection.onRequest('vmxCpuid/compatibilityMatrix', (p: { uri: string }) =>
    safely('compatibilityMatrix', null as string | null, () => {
      const model = modelFor(p.uri);
      const config = configFor(p.uri);
      if (!model || !config?.source || config.targets.length === 0) return null;
      const name = decodeURIComponent(p.uri.slice(p.uri.lastIndexOf('/') + 1));
      return matrixMarkdown(name, config, compatibilityMatrix(model, config));
    }),
  );
  connection.onRequest('vmxCpuid/maskGrid', (p: { uri: string }) =>
    safely('maskGrid', null as MaskGrid | null, () => {
      const model = modelFor(p.uri);
      if (!model) return null;
      return computeMaskGrid(model, configFor(p.uri) ?? { targets: [], evc: false, rules: {}, problems: [] });
    }),
  );
  connection.onRequest(EXPLAIN_CHANGES_REQUEST, (p: ExplainChangesParams) =>
    safely('explainChanges', null as string | null, () => {
      const model = modelFor(p.uri);
      return model ? explainChangesMarkdown(p, model, configFor(p.uri)) : null;
    }),
  );
  // The client's commands (Mask Grid cycling, encoding hint, decode error, profile import, host list).
  registerClientRequests(connection, { modelFor, safely, ...(host.importers ? { importers: host.importers } : {}) });
  connection.onCodeAction((p) =>
    safely('codeAction', [], () => {
      const model = modelFor(p.textDocument.uri);
      return model ? computeCodeActions(model, p.range, p.context.only) : [];
    }),
  );

  documents.listen(connection);
  connection.listen();
}
