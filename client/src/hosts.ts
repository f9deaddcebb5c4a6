/**
 * Source and target hosts in the editor: a status bar item that shows them
 * for the active .vmx ("haswell → 2 targets"), and the command
 * "VMX CPUID: Choose Source and Target Hosts" (a quick pick, or arguments
 * that skip it) that writes the vmxCpuid.source / vmxCpuid.targets settings.
 *
 * Arguments `{ source, targets, target }`: `source` (a profile name, or null
 * for none) and `targets` skip the quick picks; `target` chooses where the
 * settings are written: 'global' (user settings) or 'workspace'. Without it
 * they go to the workspace when a folder is open, else to the user settings.
 */
import * as vscode from 'vscode';
import { BUILTIN_PROFILES_REQUEST, BuiltinProfileInfo, CONFIGURATION_REQUEST, ConfigurationInfo, DocumentParams } from '../../server/src/lsp/protocol';
import { ClientGetter, sendServerRequest, showRequestError } from './serverRequests';

export const CHOOSE_HOSTS_COMMAND = 'vmxCpuid.chooseHosts';

export interface ChooseHostsArgs {
  readonly source?: string | null;
  readonly targets?: readonly string[];
  /** Where to write the settings; default: the workspace when a folder is open, else the user settings. */
  readonly target?: 'global' | 'workspace';
}

export function registerHosts(context: vscode.ExtensionContext, getClient: ClientGetter): { refresh(): void } {
  const item = vscode.window.createStatusBarItem('vmxCpuid.hosts', vscode.StatusBarAlignment.Right, 100);
  item.name = 'VMX CPUID hosts';
  item.command = CHOOSE_HOSTS_COMMAND;
  context.subscriptions.push(item);

  const refresh = async () => {
    const editor = vscode.window.activeTextEditor;
    const client = getClient();
    if (!editor || editor.document.languageId !== 'vmx' || !client || !client.isRunning()) {
      item.hide();
      return;
    }
    try {
      const params: DocumentParams = { uri: editor.document.uri.toString() };
      const info = await client.sendRequest<ConfigurationInfo>(CONFIGURATION_REQUEST, params);
      const targets = info.targets.length;
      item.text = info.source
        ? `$(server-environment) ${info.source}${targets ? ` → ${targets} target${targets === 1 ? '' : 's'}` : ''}`
        : '$(server-environment) VMX: no hosts';
      const lines = [
        info.source ? `Source: ${info.source}` : 'No source host chosen: only host-free checks run.',
        targets ? `Targets: ${info.targets.join(', ')}` : 'No targets.',
        `EVC: ${info.evc ? 'on' : 'off'}`,
        ...info.problems.map((p) => `⚠ ${p}`),
        'Click to choose hosts.',
      ];
      item.tooltip = lines.join('\n');
      item.backgroundColor = info.problems.length > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.show();
    } catch {
      item.hide();
    }
  };

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('vmxCpuid')) setTimeout(() => void refresh(), 200);
    }),
    vscode.commands.registerCommand(CHOOSE_HOSTS_COMMAND, async (args?: ChooseHostsArgs) => {
      const config = vscode.workspace.getConfiguration('vmxCpuid');
      const scope =
        args?.target === 'global'
          ? vscode.ConfigurationTarget.Global
          : args?.target === 'workspace' || vscode.workspace.workspaceFolders?.length
            ? vscode.ConfigurationTarget.Workspace
            : vscode.ConfigurationTarget.Global;
      let source = args?.source;
      let targets = args?.targets;
      if (args === undefined) {
        // The built-in profiles and their titles come from the server (the client bundles no profile data).
        let builtins: readonly BuiltinProfileInfo[];
        try {
          builtins = await sendServerRequest<BuiltinProfileInfo[]>(getClient, BUILTIN_PROFILES_REQUEST);
        } catch (err) {
          return showRequestError('cannot list the built-in host profiles', err);
        }
        const items: (vscode.QuickPickItem & { value: string | null })[] = [
          { label: 'None', description: 'only host-free checks', value: null },
          ...builtins.map(({ name, title }) => ({ label: name, description: title, value: name })),
        ];
        const picked = await vscode.window.showQuickPick(items, { title: 'VMX CPUID: source host (where the VM powers on)', placeHolder: 'EVC baseline or None' });
        if (!picked) return;
        source = picked.value;
        const current = new Set(config.get<string[]>('targets') ?? []);
        const targetItems = builtins.filter((b) => b.name !== source).map(({ name, title }) => ({
          label: name,
          description: title,
          picked: current.has(name),
        }));
        const chosen = await vscode.window.showQuickPick(targetItems, { title: 'VMX CPUID: target hosts (where the VM must be able to move)', canPickMany: true });
        if (!chosen) return;
        targets = chosen.map((c) => c.label);
      }
      if (source !== undefined) await config.update('source', source, scope);
      if (targets !== undefined) await config.update('targets', targets.length > 0 ? [...targets] : null, scope);
      await refresh();
    }),
  );
  return { refresh: () => void refresh() };
}
