/**
 * "VMX CPUID: Decode vMotion Error…": paste what vCenter, ESXi or Workstation
 * printed; the explanation opens as Markdown (preview) and is returned.
 * Argument: the text (skips the input box). Otherwise the input box is
 * pre-filled with the clipboard when the clipboard looks like such an error.
 * All decoding happens in the pure core (server/src/review).
 */
import * as vscode from 'vscode';
import { decodeVmotionError } from '../../server/src/review/decodeError';
import { decodeResultMarkdown } from '../../server/src/review/decodeErrorRender';
import { showMarkdownReport } from './reports';

export const DECODE_ERROR_COMMAND = 'vmxCpuid.decodeError';

/** The explanation of `text` as Markdown (also used by tests and other commands). */
export function decodeErrorMarkdown(text: string): string {
  return decodeResultMarkdown(decodeVmotionError(text));
}

async function askForText(): Promise<string | undefined> {
  let clipboard = '';
  try {
    clipboard = await vscode.env.clipboard.readText();
  } catch {
    // no clipboard (some remote set-ups): the box starts empty
  }
  const recognisedClipboard = clipboard.trim() !== '' && decodeVmotionError(clipboard).recognised;
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

export function registerDecodeError(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(DECODE_ERROR_COMMAND, async (textArg?: unknown) => {
      const text = typeof textArg === 'string' && textArg.trim() !== '' ? textArg : await askForText();
      if (text === undefined || text.trim() === '') return undefined;
      const result = decodeVmotionError(text);
      const markdown = decodeResultMarkdown(result);
      await showMarkdownReport('Decoded vMotion error', markdown);
      if (!result.recognised) {
        void vscode.window.showInformationMessage('VMX CPUID: nothing in that text was recognised as a CPU compatibility error; the preview lists the forms understood.');
      }
      return markdown;
    }),
  );
}
