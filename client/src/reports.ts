/**
 * Markdown reports (compatibility matrix, explained changes, decoded errors)
 * shown as read-only documents of their own scheme: no untitled buffer is
 * left dirty behind a preview, and nothing asks to be saved on close.
 */
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'vmx-cpuid-report';

const reports = new Map<string, string>();
let counter = 0;

export function registerReports(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? '',
    }),
  );
}

/** Opens `markdown` as a preview titled by `name` (e.g. "vMotion compatibility of vm.vmx"). */
export async function showMarkdownReport(name: string, markdown: string): Promise<void> {
  counter++;
  const safe = name.replace(/[\\/:*?"<>|#]+/g, ' ').trim() || 'report';
  const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${safe}.md`, query: String(counter) });
  reports.set(uri.toString(), markdown);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}
