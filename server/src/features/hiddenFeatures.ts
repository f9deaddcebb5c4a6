/**
 * The features a document hides (flag `0` in a complete mask, or
 * `featMask.vm.cpuid.<NAME> = "Val:0"`/`"Max:0"`), computed once per
 * document version. Hiding AVX2 alone is advisory, hiding it with AVX is
 * enforced: the hover needs this context.
 */
import type { DocumentModel } from '../analysis/documentModel';
import { findFeature, lookupBit } from '../knowledge/bitDatabase';
import { memoByObject } from '../util/memo';

export const hiddenFeatureNames: (model: DocumentModel) => ReadonlySet<string> = memoByObject((model: DocumentModel) => {
  const hidden = new Set<string>();
  for (const { key, value } of model.cpuid.masks) {
    if (!value.complete || key.amd) continue;
    value.flags.forEach((f, i) => {
      if (f.char !== '0') return;
      const e = lookupBit(key.leaf, key.subleaf, key.register, 31 - i);
      if (e && !e.isField) hidden.add(e.name);
    });
  }
  for (const { key, value } of model.cpuid.featMasks) {
    if (key.family.toLowerCase() !== 'cpuid' || !value.ok || value.value.number !== 0 || value.value.op === 'Min') continue;
    for (const e of findFeature(key.name)) if (!e.isField) hidden.add(e.name);
  }
  return hidden;
});
