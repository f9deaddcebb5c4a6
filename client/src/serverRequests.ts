/**
 * Custom requests to the language server (method names and types:
 * server/src/lsp/protocol.ts) and how their failures are told to the user.
 * The client does no analysis itself: it sends plain JSON and renders the
 * answer, so its bundle holds no part of the core.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';

/** Returns the current client (the web client replaces its client on restart). */
export type ClientGetter = () => BaseLanguageClient | undefined;

/** vscode-jsonrpc's ErrorCodes (not imported: the numbers are the protocol's). */
const CONNECTION_INACTIVE = -32096;
const PENDING_RESPONSE_REJECTED = -32097;

export const NOT_RUNNING_MESSAGE = 'the language server is not running (run "VMX CPUID: Restart Language Server"; details in "VMX CPUID: Show Output")';

/** A failed request, with a message meant for the user. */
export class ServerRequestError extends Error {}

/**
 * Sends `method` with `params` and resolves with the answer. Rejects with a
 * ServerRequestError whose message says why: no server, the server stopped,
 * or the server's own error message (bad parameters, a failure it logged).
 */
export async function sendServerRequest<R>(getClient: ClientGetter, method: string, params?: unknown): Promise<R> {
  const client = getClient();
  if (!client) throw new ServerRequestError(NOT_RUNNING_MESSAGE);
  try {
    return params === undefined ? await client.sendRequest<R>(method) : await client.sendRequest<R>(method, params);
  } catch (err) {
    const code = (err as { code?: unknown } | undefined)?.code;
    if (code === CONNECTION_INACTIVE) throw new ServerRequestError(NOT_RUNNING_MESSAGE);
    if (code === PENDING_RESPONSE_REJECTED) throw new ServerRequestError('the language server stopped before answering (details in "VMX CPUID: Show Output")');
    throw new ServerRequestError(err instanceof Error && err.message ? err.message : String(err));
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Shows `VMX CPUID: <what>: <why>` as an error message; returns undefined (a command's result). */
export function showRequestError(what: string, err: unknown): undefined {
  void vscode.window.showErrorMessage(`VMX CPUID: ${what}: ${errorMessage(err)}`);
  return undefined;
}
