/**
 * The report of "VMX CPUID: Explain Mask Changes Against HEAD" for the
 * language server's `vmxCpuid/explainChanges` request: the client sends the
 * HEAD text, the server compares it with its model of the open document
 * under the document's own configuration (every kind of profile, not only
 * built-ins) and answers with Markdown.
 */
import type { DocumentModel } from '../analysis/documentModel';
import type { ResolvedConfig } from '../config/config';
import { maskDiff } from './maskDiff';
import { renderMarkdown } from './maskDiffRender';

/** The request's parameters (the method name is `EXPLAIN_CHANGES_REQUEST` of lsp/protocol.ts, which re-exports this type). */
export interface ExplainChangesParams {
  /** The open document. */
  readonly uri: string;
  /** Its text at the old revision ('' when it did not exist). */
  readonly oldText: string;
  readonly oldLabel: string;
  readonly newLabel: string;
}

export function explainChangesMarkdown(params: ExplainChangesParams, model: DocumentModel, config: ResolvedConfig | undefined): string {
  return renderMarkdown(maskDiff(params.oldText, model, { ...(config ? { config } : {}), oldLabel: params.oldLabel, newLabel: params.newLabel }));
}
