/**
 * Completion: mask keys (every catalogued register, with its leaf's
 * purpose), featMask feature names, other CPU keys, flag characters with
 * their meanings inside a mask value, a default mask template, and featMask
 * operations.
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import { allFeatures, findFeature, leafPurpose } from '../knowledge/bitDatabase';
import { vmwareCpuidNames } from '../knowledge/vmwareFeatureNames';
import { FLAG_LEGEND, CONFIDENCE_LABEL } from '../model/legend';
import { canonicalMaskKey, classifyCpuidKey, Register, sdmRegisterName } from '../model/maskKey';
import { classifyFeatMaskKey } from '../model/featMask';
import { lineRange } from '../parser/vmxDocument';

export const DEFAULT_MASK = '----:----:----:----:----:----:----:----';

interface RegisterRef {
  readonly leaf: number;
  readonly subleaf: number | null;
  readonly register: Register;
}

let registersCache: RegisterRef[] | undefined;

/** Registers the bit database describes, in database order. */
function cataloguedRegisters(): RegisterRef[] {
  if (registersCache) return registersCache;
  const seen = new Set<string>();
  const out: RegisterRef[] = [];
  for (const e of allFeatures()) {
    const id = `${e.leaf}.${e.subleaf}.${e.register}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ leaf: e.leaf, subleaf: e.subleaf, register: e.register });
  }
  registersCache = out;
  return out;
}

const OTHER_CPU_KEYS: readonly [string, string, string][] = [
  ['hypervisor.cpuid.v0', '"FALSE"', 'Hide the hypervisor-present indication from the guest'],
  ['vhv.enable', '"TRUE"', 'Expose VT-x / AMD-V to the guest (nested virtualization)'],
  ['featMask.vm.hv.capable', '"Min:1"', 'Require a host that supports nested virtualization'],
  ['cpuid.coresPerSocket', '"2"', 'Cores per virtual socket'],
  ['cpuid.brandString', '""', 'Override the processor brand string'],
  ['monitor_control.enable_fullcpuid', '"TRUE"', 'Allow masks on non-default leaves (uncertain, possibly legacy)'],
];

export function computeCompletion(model: DocumentModel, position: Position): CompletionItem[] {
  const line = model.vmx.lines[position.line];
  if (!line) return [];
  const before = line.text.slice(0, position.character);
  const eq = before.indexOf('=');
  if (line.comment && position.character > line.comment.range.start.character) return [];
  if (eq === -1) return keyCompletions(before, position, line.text.indexOf('=', position.character) !== -1);
  const key = before.slice(0, eq).trim();
  return valueCompletions(key, before.slice(eq + 1), line.text.slice(position.character), position);
}

/** `valueFollows`: the line already has `= value` after the cursor, so only the key is inserted. */
function keyCompletions(before: string, position: Position, valueFollows: boolean): CompletionItem[] {
  const start = before.length - before.trimStart().length;
  const typed = before.slice(start).toLowerCase();
  const range = lineRange(position.line, start, position.character);
  const items: CompletionItem[] = [];
  if (typed.startsWith('featmask.vm.cpuid.')) {
    for (const name of vmwareCpuidNames()) {
      const feature = findFeature(name)[0];
      items.push({
        label: `featMask.vm.cpuid.${name}`,
        kind: CompletionItemKind.Property,
        detail: feature ? `${feature.title} — ${sdmRegisterName(feature.leaf, feature.subleaf, feature.register)}${feature.isField ? '' : `[${feature.lo}]`}` : 'VMware feature name',
        ...(feature ? { documentation: { kind: MarkupKind.Markdown, value: feature.description } } : {}),
        textEdit: { range, newText: valueFollows ? `featMask.vm.cpuid.${name}` : `featMask.vm.cpuid.${name} = "\${1|Val:0,Val:1,Min:1,Max:0|}"` },
        insertTextFormat: InsertTextFormat.Snippet,
        filterText: `featMask.vm.cpuid.${name}`,
      });
    }
    return items;
  }
  for (const ref of cataloguedRegisters()) {
    const key = canonicalMaskKey(ref.leaf, ref.subleaf, ref.register, false);
    const purpose = leafPurpose(ref.leaf);
    items.push({
      label: key,
      kind: CompletionItemKind.Property,
      detail: `${sdmRegisterName(ref.leaf, ref.subleaf, ref.register)} — ${purpose.title}`,
      documentation: { kind: MarkupKind.Markdown, value: `${purpose.purpose}\n\nInserts a mask that keeps every bit at its default; change the flags you need (bit 31 is the leftmost).` },
      textEdit: { range, newText: valueFollows ? key : `${key} = "\${1:${DEFAULT_MASK}}"` },
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `1-${key}`,
    });
  }
  for (const [key, value, title] of OTHER_CPU_KEYS) {
    items.push({
      label: key,
      kind: CompletionItemKind.Property,
      detail: title,
      textEdit: { range, newText: valueFollows ? key : `${key} = ${value}` },
      sortText: `2-${key}`,
    });
  }
  items.push({
    label: 'featMask.vm.cpuid.',
    kind: CompletionItemKind.Module,
    detail: 'Named VMware feature mask (Val / Min / Max)',
    textEdit: { range, newText: 'featMask.vm.cpuid.' },
    command: { title: 'Suggest feature names', command: 'editor.action.triggerSuggest' },
    sortText: '0-featMask',
  });
  return items;
}

function valueCompletions(key: string, afterEquals: string, afterCaret: string, position: Position): CompletionItem[] {
  const cpuid = classifyCpuidKey(key);
  const here = lineRange(position.line, position.character, position.character);
  if (cpuid?.kind === 'mask') {
    const items: CompletionItem[] = [];
    const rest = afterEquals.trim();
    if (rest === '' || rest === '"') {
      const startChar = position.character - (rest === '"' ? 1 : 0);
      // An editor that auto-closes quotes leaves `"⁁"`: replace the closing quote too.
      const endChar = position.character + (rest === '"' && afterCaret.startsWith('"') ? 1 : 0);
      items.push({
        label: `"${DEFAULT_MASK}"`,
        kind: CompletionItemKind.Snippet,
        detail: 'Mask that keeps every bit at its default',
        textEdit: { range: lineRange(position.line, startChar, endChar), newText: `"${DEFAULT_MASK}"` },
        sortText: '0',
      });
    }
    FLAG_LEGEND.forEach((flag, i) => {
      items.push({
        label: flag.char,
        kind: CompletionItemKind.EnumMember,
        detail: flag.title,
        documentation: {
          kind: MarkupKind.Markdown,
          value: `**Guest sees:** ${flag.guestSees}.\n\n**vMotion:** ${flag.vmotion}.\n\n_${CONFIDENCE_LABEL[flag.confidence]}: ${flag.source}._${flag.meantForVmx ? '' : '\n\nNot documented for masks in a .vmx.'}`,
        },
        textEdit: { range: here, newText: flag.char },
        sortText: `1-${String(i).padStart(2, '0')}`,
        filterText: flag.char,
      });
    });
    return items;
  }
  if (classifyFeatMaskKey(key)) {
    const ops: [string, string][] = [
      ['Val:1', 'expose the feature (set it to 1)'],
      ['Val:0', 'hide the feature (set it to 0)'],
      ['Min:1', 'refuse to power on where the host lacks the feature'],
      ['Max:0', 'cap the feature at 0 (hide it)'],
    ];
    const quoted = afterEquals.trim().startsWith('"');
    return ops.map(([op, doc], i) => ({
      label: op,
      kind: CompletionItemKind.Value,
      detail: doc,
      textEdit: { range: here, newText: quoted ? op : `"${op}"` },
      sortText: String(i),
    }));
  }
  return [];
}
