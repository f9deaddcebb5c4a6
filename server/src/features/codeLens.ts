/**
 * The compatibility code lens at the top of a file: "moves to 5 of 7
 * targets" (or what is missing to judge), opening the matrix view. Also a
 * lens on recorded host CPUID lines to use that host as the source.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import type { ResolvedConfig } from '../config/config';
import { compatibilityMatrix } from '../compat/matrix';
import { lineRange } from '../parser/vmxDocument';

export const SHOW_MATRIX_COMMAND = 'vmxCpuid.showCompatibility';
export const USE_RECORDED_HOST_COMMAND = 'vmxCpuid.useRecordedHost';

export function computeCodeLenses(model: DocumentModel, config: ResolvedConfig | undefined): CodeLens[] {
  const lenses: CodeLens[] = [];
  const top = lineRange(model.vmx.entries[0]?.line ?? 0, 0, 0);
  if (config?.source && config.targets.length > 0) {
    const rows = compatibilityMatrix(model, config);
    const movable = rows.filter((r) => r.blockers.length === 0).length;
    const blocked = rows.filter((r) => r.blockers.length > 0).map((r) => r.target.name);
    lenses.push({
      range: top,
      command: {
        title: `$(arrow-swap) moves to ${movable} of ${rows.length} target${rows.length === 1 ? '' : 's'}${blocked.length ? ` — blocked: ${blocked.slice(0, 3).join(', ')}${blocked.length > 3 ? '…' : ''}` : ''}`,
        command: SHOW_MATRIX_COMMAND,
        arguments: [model.uri],
      },
    });
  } else if (model.cpuid.masks.length > 0 || model.cpuid.featMasks.length > 0) {
    lenses.push({
      range: top,
      command: { title: '$(server-environment) choose source and target hosts to check vMotion', command: 'vmxCpuid.chooseHosts', arguments: [] },
    });
  }
  if (model.cpuid.masks.length > 0 || model.cpuid.featMasks.length > 0) {
    lenses.push({ range: top, command: { title: '$(table) mask grid', command: 'vmxCpuid.showMaskGrid', arguments: [model.uri] } });
  }
  const record = model.cpuid.records.find((r) => r.kind === 'host' && r.registers);
  if (record) {
    lenses.push({
      range: record.entry.range,
      command: { title: 'Use this recorded host as the source profile', command: USE_RECORDED_HOST_COMMAND, arguments: [model.uri] },
    });
  }
  return lenses;
}
