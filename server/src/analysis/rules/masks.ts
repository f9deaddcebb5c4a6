/**
 * Checks of CPUID mask lines and featMask lines: key spelling, value shape
 * (32 flags from the legend), flags meant for vCenter rather than a .vmx,
 * one register written twice, featMask syntax and names, and the
 * featureCompat.enable switch that modern hardware versions reject.
 */
import { memoByObject } from '../../util/memo';
import type { AnalysisInput } from '../analyze';
import type { Problem } from '../problem';
import { lineRange } from '../../parser/vmxDocument';
import { flagMeaning } from '../../model/legend';
import { canonicalMaskText, MaskValue } from '../../model/maskValue';
import type { MaskLine, FeatMaskLine } from '../../model/cpuidView';
import { registerId } from '../../model/maskKey';
import { isKnownVmwareCpuidName, isKnownVmwareFeatureFamilyKey, suggestVmwareCpuidNames } from '../../knowledge/vmwareFeatureNames';

export function maskProblems({ vmx, cpuid }: AnalysisInput): Problem[] {
  const problems: Problem[] = [];
  for (const line of cpuid.masks) {
    if (line.key.spellingIssues.length > 0) {
      // Renaming is safe only when no other line masks the register: else the
      // rename could write a key twice, which VMware refuses.
      const alone = (cpuid.masksByRegister.get(registerId(line.key))?.length ?? 0) < 2;
      // Never offer a rename to a key the file already sets: that writes a duplicate key.
      const canonicalTaken = line.entry.keyLower !== line.key.canonical.toLowerCase() && vmx.entriesByKey.has(line.key.canonical.toLowerCase());
      problems.push(...maskKeyProblems(line, alone, canonicalTaken));
    }
    for (const p of valueProblemsOf(line)) problems.push(p);
  }
  for (const { entry, reason } of cpuid.invalidMaskKeys) {
    problems.push({
      code: 'mask-key-invalid',
      severity: 'error',
      message: `VMware cannot read ${entry.key} as a CPUID mask: ${reason}`,
      range: entry.keyRange,
    });
  }
  for (const id of cpuid.registersMaskedTwice) {
    const same = cpuid.masksByRegister.get(id)!;
    // Identical keys are already duplicate-key errors; this is about two spellings.
    const spellings = new Set(same.map((m) => m.entry.keyLower));
    if (spellings.size < 2) continue;
    const [first, ...rest] = same;
    for (const m of rest) {
      if (m.entry.keyLower === first!.entry.keyLower) continue;
      problems.push({
        code: 'mask-register-twice',
        severity: 'warning',
        message: `${m.entry.key} and ${first!.entry.key} (line ${first!.entry.line + 1}) name the same register (a missing subleaf means subleaf 0); which one VMware applies is not documented — keep one`,
        range: m.entry.keyRange,
        related: [{ range: first!.entry.keyRange, message: `${first!.entry.key} = "${first!.entry.rawValue}"` }],
      });
    }
  }
  for (const line of cpuid.featMasks) problems.push(...featMaskProblems(line, vmx.entriesByKey));
  problems.push(...featureCompatProblems(vmx.entriesByKey));
  return problems;
}

function maskKeyProblems({ entry, key }: MaskLine, alone: boolean, canonicalTaken: boolean): Problem[] {
  if (key.spellingIssues.length === 0) return [];
  return [
    {
      code: 'mask-key-spelling',
      severity: 'warning',
      message: `${entry.key} is not spelled the way VMware writes mask keys (${key.spellingIssues.join(', ')}); VMware's spelling is ${key.canonical}`,
      range: entry.keyRange,
      ...(canonicalTaken ? {} : { fixes: [{ title: `Rename to ${key.canonical}`, edits: [{ range: entry.keyRange, newText: key.canonical }], isPreferred: alone, safe: alone }] }),
    },
  ];
}

/**
 * A value's problems depend on its line alone: computed once per mask line
 * object, which the next version of the document takes over when the line
 * did not change.
 */
const valueProblemsOf: (line: MaskLine) => readonly Problem[] = memoByObject(maskValueProblems);

function maskValueProblems({ entry, value }: MaskLine): Problem[] {
  if (value.empty) return [];
  const problems: Problem[] = [];
  const col = entry.valueRange.start.character;
  const nonTypographic = value.invalid.filter((f) => !f.typographic);
  const hasTypographic = nonTypographic.length !== value.invalid.length;
  const backslashes = nonTypographic.filter((f) => f.char === '\\');

  if (value.looksHex) {
    problems.push({
      code: 'mask-length',
      severity: 'error',
      message: `${entry.key} = "${entry.rawValue}" is a hexadecimal number, but a mask is 32 flag characters (bit 31 first), e.g. "----:----:----:----:----:----:----:----"; whether VMware accepts hex here is not documented`,
      range: entry.valueRange,
    });
    return problems;
  }
  if (backslashes.length > 0) {
    const edits = backslashes.map((b) => ({ range: lineRange(entry.line, col + b.offset, col + b.offset + 1), newText: '' }));
    problems.push({
      code: 'mask-invalid-flag',
      severity: 'error',
      message: `Backslashes in the mask of ${entry.key} look like Markdown escaping copied from a web page ("\\-"); VMware reads them as flags it does not know`,
      range: lineRange(entry.line, col + backslashes[0]!.offset, col + backslashes[backslashes.length - 1]!.offset + 1),
      fixes: [{ title: 'Remove the backslashes', edits, isPreferred: true, safe: true }],
    });
  }
  for (const bad of nonTypographic) {
    if (bad.char === '\\') continue;
    problems.push({
      code: 'mask-invalid-flag',
      severity: 'error',
      message:
        bad.char === 'r'
          ? `"r" in ${entry.key} (column ${col + bad.offset + 1}): lower-case r is undocumented — VMware documents upper-case R ("hidden, must match for vMotion"), but nothing says what r does`
          : `"${bad.char}" in ${entry.key} (column ${col + bad.offset + 1}) is not a mask flag: use - (default), 0, 1 (force), H or h (host value); R, x, X, T, F are vCenter requirement characters`,
      range: lineRange(entry.line, col + bad.offset, col + bad.offset + bad.char.length),
    });
  }
  const flagCount = value.count - backslashes.length;
  if (!hasTypographic && flagCount !== 32) {
    const shortNote = flagCount === 8 ? ' Some guides use 8-character values; how VMware reads them is not documented.' : '';
    problems.push({
      code: 'mask-length',
      severity: 'error',
      message: `${entry.key} has ${flagCount} flag${flagCount === 1 ? '' : 's'}, but a mask needs exactly 32 (one per bit, bit 31 first) or nothing at all.${shortNote}`,
      range: entry.valueRange,
    });
  }
  if (value.complete) {
    problems.push(...requirementFlagProblems(entry.key, entry.line, col, value));
    if (!value.canonical) {
      problems.push({
        code: 'mask-format',
        severity: 'hint',
        message: `${entry.key}: VMware writes masks as eight groups of four flags separated by ":"`,
        range: entry.valueRange,
        fixes: [{ title: 'Regroup as xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:xxxx:xxxx', edits: [{ range: entry.valueRange, newText: canonicalMaskText(value.flags) }], safe: true }],
      });
    }
  }
  return problems;
}

function requirementFlagProblems(key: string, line: number, col: number, value: MaskValue): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const flag of value.flags) {
    const meaning = flagMeaning(flag.char);
    if (!meaning || meaning.meantForVmx || seen.has(flag.char)) continue;
    seen.add(flag.char);
    const count = value.flags.filter((f) => f.char === flag.char).length;
    problems.push({
      code: 'mask-requirement-flag',
      severity: 'warning',
      message: `"${flag.char}" (${meaning.title}) in ${key}${count > 1 ? ` (${count} times)` : ''}: VMware documents it for vCenter requirement strings and guest-OS defaults, not for masks written in a .vmx, so what a VM does with it is not documented; use - 0 1 H or h`,
      range: lineRange(line, col + flag.offset, col + flag.offset + 1),
    });
  }
  return problems;
}

function featMaskProblems({ entry, key, value }: FeatMaskLine, entriesByKey: ReadonlyMap<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (!value.ok) {
    problems.push({ code: 'featmask-value', severity: 'error', message: `${entry.key}: ${value.reason}`, range: entry.valueRange });
  }
  if (key.scope.toLowerCase() !== 'vm') return problems;
  if (key.family.toLowerCase() === 'cpuid') {
    if (key.name === '') {
      // Nothing to suggest from: any name would be a guess.
      problems.push({
        code: 'featmask-unknown-name',
        severity: 'warning',
        message: `${entry.key} has no feature name: write featMask.vm.cpuid.<NAME>, e.g. featMask.vm.cpuid.AVX2`,
        range: entry.keyRange,
      });
    } else if (!isKnownVmwareCpuidName(key.name)) {
      const prefix = entry.key.slice(0, entry.key.length - key.name.length);
      const suggestions = suggestVmwareCpuidNames(key.name);
      // A fix never renames to a key the file already sets (that would be a duplicate key).
      const fixable = suggestions.filter((s) => !entriesByKey.has(`${prefix}${s}`.toLowerCase()));
      problems.push({
        code: 'featmask-unknown-name',
        severity: 'warning',
        message: `"${key.name}" is not a VMware CPU feature name${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : ''}`,
        range: entry.keyRange,
        fixes: fixable.map((s, i) => ({
          title: `Change to featMask.vm.cpuid.${s}`,
          edits: [{ range: entry.keyRange, newText: `${prefix}${s}` }],
          isPreferred: i === 0 && suggestions.length === 1,
        })),
      });
    }
  } else if (!isKnownVmwareFeatureFamilyKey(`${key.family}.${key.name}`)) {
    problems.push({
      code: 'featmask-unknown-name',
      severity: 'warning',
      message: `${key.family && key.name ? `"${key.family}.${key.name}"` : `${entry.key} (incomplete)`} is not a featMask name VMware is known to use (known: featMask.vm.cpuid.<NAME>, featMask.vm.hv.capable, featMask.vm.vt.realmode)`,
      range: entry.keyRange,
    });
  }
  return problems;
}

function featureCompatProblems(entriesByKey: ReadonlyMap<string, readonly { value: string; keyRange: Problem['range']; key: string }[]>): Problem[] {
  const enable = entriesByKey.get('featurecompat.enable')?.[0];
  const hw = entriesByKey.get('virtualhw.version')?.[0];
  if (!enable || !hw) return [];
  const version = Number.parseInt(hw.value, 10);
  if (!Number.isFinite(version) || version < 9) return [];
  return [
    {
      code: 'featurecompat-enable',
      severity: 'warning',
      message: `featureCompat.enable is not allowed for virtual hardware version 9 or later (this VM has ${version}); VMware reports an error for it — use featMask.vm.cpuid.<NAME> lines instead`,
      range: enable.keyRange,
    },
  ];
}
