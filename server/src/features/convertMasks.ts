/**
 * Refactorings between the two ways of masking a feature, offered only where
 * the conversion is exact:
 * - a register mask whose non-default flags are all 0/1 on bits VMware names
 *   → one `featMask.vm.cpuid.<NAME> = "Val:0|1"` line per such bit;
 * - a `featMask.vm.cpuid.<NAME> = "Val:0|1"` line → that flag in the
 *   register's mask (edited in place, or a new mask line).
 */
import { CodeAction, CodeActionKind, Range, TextEdit } from 'vscode-languageserver-types';
import type { DocumentModel } from '../analysis/documentModel';
import { findFeature, lookupBit } from '../knowledge/bitDatabase';
import { canonicalMaskKey } from '../model/maskKey';
import type { FeatMaskLine, MaskLine } from '../model/cpuidView';
import { lineRange, preferredEol } from '../parser/vmxDocument';
import { appliedFlags } from '../compat/guestView';
import { flagEdits } from '../compat/fixes';
import { groupFlags } from '../model/maskValue';

function lineOf(range: Range): number {
  return range.start.line;
}

/** The whole line including its line ending, for replacing or deleting it. */
function fullLineRange(model: DocumentModel, line: number): Range {
  return model.vmx.lines[line]!.eol === '' ? lineRange(line, 0, model.vmx.lines[line]!.text.length) : { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
}

export function computeConversions(model: DocumentModel, range: Range): CodeAction[] {
  const line = lineOf(range);
  const mask = model.cpuid.maskAt(line);
  if (mask) {
    const action = maskToFeatMask(model, mask);
    return action ? [action] : [];
  }
  const feat = model.cpuid.featMaskAt(line);
  if (feat) {
    const action = featMaskToMask(model, feat);
    return action ? [action] : [];
  }
  return [];
}

function maskToFeatMask(model: DocumentModel, mask: MaskLine): CodeAction | undefined {
  const { key, value, entry } = mask;
  if (!value.complete || key.amd) return undefined;
  const lines: string[] = [];
  for (const f of value.flags) {
    if (f.char === '-') continue;
    if (f.char !== '0' && f.char !== '1') return undefined;
    const e = lookupBit(key.leaf, key.subleaf, key.register, f.bit);
    const name = e && !e.isField ? e.aliases.vmware?.[0] : undefined;
    if (!name) return undefined; // a bit VMware has no name for: not exact
    lines.push(`featMask.vm.cpuid.${name} = "Val:${f.char}"`);
  }
  if (lines.length === 0) return undefined;
  const eol = model.vmx.lines[entry.line]!.eol || preferredEol(model.vmx);
  const target = fullLineRange(model, entry.line);
  const trailing = model.vmx.lines[entry.line]!.eol === '' ? '' : eol;
  return {
    title: `Convert ${entry.key} to ${lines.length} featMask line${lines.length === 1 ? '' : 's'}`,
    kind: CodeActionKind.RefactorRewrite,
    edit: { changes: { [model.uri]: [TextEdit.replace(target, lines.join(eol) + trailing)] } },
  };
}

function featMaskToMask(model: DocumentModel, feat: FeatMaskLine): CodeAction | undefined {
  if (!feat.value.ok || feat.value.value.op !== 'Val' || feat.value.value.number > 1) return undefined;
  if (feat.key.scope.toLowerCase() !== 'vm' || feat.key.family.toLowerCase() !== 'cpuid') return undefined;
  const entries = findFeature(feat.key.name).filter((e) => !e.isField);
  if (entries.length !== 1) return undefined; // ambiguous names (IBRS: Intel and AMD bits) are not exact
  const e = entries[0]!;
  const flag = String(feat.value.value.number);
  const applied = appliedFlags({ ...model.cpuid, featMasks: model.cpuid.featMasks.filter((f) => f !== feat) }, undefined);
  const register = applied.registers.get(`${e.leaf.toString(16)}.${(e.subleaf ?? 0).toString(16)}.${e.register}`);
  let edits: TextEdit[];
  if (register?.mask) {
    // The register has a mask: set the flag there and drop the featMask line.
    if (!register.mask.value.complete) return undefined;
    const flagEdit = flagEdits(model.vmx, applied.registers, [{ leaf: e.leaf, subleaf: e.subleaf, register: e.register, bit: e.lo, flag }]);
    if (!flagEdit) return undefined;
    edits = [...flagEdit.map((x) => TextEdit.replace(x.range, x.newText)), TextEdit.del(fullLineRange(model, feat.entry.line))];
  } else {
    // No mask yet: the featMask line becomes the mask line, in place.
    const flags = new Array<string>(32).fill('-');
    flags[31 - e.lo] = flag;
    const text = groupFlags(flags);
    edits = [TextEdit.replace(lineRange(feat.entry.line, 0, model.vmx.lines[feat.entry.line]!.text.length), `${canonicalMaskKey(e.leaf, e.subleaf, e.register, false)} = "${text}"`)];
  }
  return {
    title: `Convert ${feat.entry.key} to ${canonicalMaskKey(e.leaf, e.subleaf, e.register, false)} bit ${e.lo}`,
    kind: CodeActionKind.RefactorRewrite,
    edit: { changes: { [model.uri]: edits } },
  };
}
