/**
 * "VMX CPUID: Decode vMotion Error…": paste what vCenter, ESXi or Workstation
 * printed; the explanation opens as Markdown (preview) and is returned.
 * Argument: the text (skips the input box). Otherwise the input box is
 * pre-filled with the clipboard when the clipboard looks like such an error.
 * All decoding happens in the language server's core (server/src/review),
 * through the `vmxCpuid/decodeError` request.
 */
import * as vscode from 'vscode';
import { DECODE_ERROR_REQUEST, DecodeErrorParams, DecodeErrorResult } from '../../server/src/lsp/protocol';
import { showMarkdownReport } from './reports';
import { ClientGetter, sendServerRequest, showRequestError } from './serverRequests';

export const DECODE_ERROR_COMMAND = 'vmxCpuid.decodeError';

/** The server's explanation of `text` (rejects with a message for the user). */
export function decodeError(getClient: ClientGetter, text: string): Promise<DecodeErrorResult> {
  const params: DecodeErrorParams = { text };
  return sendServerRequest<DecodeErrorResult>(getClient, DECODE_ERROR_REQUEST, params);
}

/** Whether the clipboard holds a recognised error (false when the server cannot say: the box then starts empty). */
async function recognised(getClient: ClientGetter, text: string): Promise<boolean> {
  if (text.trim() === '') return false;
  try {
    return (await decodeError(getClient, text)).recognised;
  } catch {
    return false;
  }
}

async function askForText(getClient: ClientGetter): Promise<string | undefined> {
  let clipboard = '';
  try {
    clipboard = await vscode.env.clipboard.readText();
  } catch {
    // no clipboard (some remote set-ups): the box starts empty
  }
  const recognisedClipboard = await recognised(getClient, clipboard);
  if (recognisedClipboard && /\n/.test(clipboard.trim())) {
    // An input box holds one line: a multi-line error on the clipboard is taken as it is, if the user agrees.
    const choice = await vscode.window.showInformationMessage(
      'VMX CPUID: decode the CPU compatibility error on the clipboard?',
      'Decode Clipboard',
      'Type or Paste Instead',
    );
    if (choice === 'Decode Clipboard') return clipboard;
    if (choice === undefined) return undefined;
  }
  return vscode.window.showInputBox({
    title: 'VMX CPUID: Decode vMotion Error',
    prompt: 'Paste the message vCenter, ESXi or Workstation printed (CpuIncompatible bits, "Feature \'cpuid.X\' was absent…", feature names, EVC errors)',
    value: recognisedClipboard ? clipboard.replace(/\s*\n\s*/g, ' ').trim() : '',
    ignoreFocusOut: true,
  });
}

export function registerDecodeError(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(DECODE_ERROR_COMMAND, async (textArg?: unknown) => {
      const text = typeof textArg === 'string' && textArg.trim() !== '' ? textArg : await askForText(getClient);
      if (text === undefined || text.trim() === '') return undefined;
      let result: DecodeErrorResult;
      try {
        result = await decodeError(getClient, text);
      } catch (err) {
        return showRequestError('cannot decode the error', err);
      }
      const markdown = result.markdown;
      await showMarkdownReport('Decoded vMotion error', markdown);
      if (!result.recognised) {
        void vscode.window.showInformationMessage('VMX CPUID: nothing in that text was recognised as a CPU compatibility error; the preview lists the forms understood.');
      }
      return markdown;
    }),
  );
}
