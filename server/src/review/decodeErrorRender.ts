/**
 * Decoded errors as plain text (CLI), Markdown (VS Code) and JSON. Pure module.
 */
import type { DecodeResult, DecodedFeature, Finding } from './decodeError';
import { featureName, UNDERSTOOD_FORMS } from './decodeError';
import { enforcementWords } from './decodeErrorFixes';

function sideWords(f: DecodedFeature): string {
  switch (f.lacking) {
    case 'host':
      return 'the host lacks it';
    case 'vm':
      return 'the VM must not see it';
    default:
      return 'absent in the VM\'s CPUID';
  }
}

function featureLine(f: DecodedFeature): string {
  const bits = f.hostFlag !== undefined ? `; host ${f.hostFlag}, required ${f.requiredFlag}` : '';
  const printed = f.printed && f.printed !== f.label ? ` — printed as "${f.printed}"` : '';
  return `${featureName(f)} ${f.where}${printed}${bits}; ${sideWords(f)}; hiding: ${enforcementWords(f.enforcement)}`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');
}

/** One line per understood form, for "nothing recognised". */
export function notRecognisedText(): string {
  return `Nothing in the text was recognised as a CPU compatibility error. Understood forms:\n${UNDERSTOOD_FORMS.map((f) => `  - ${f}`).join('\n')}\n`;
}

export function findingText(f: Finding, n: number): string {
  const out: string[] = [];
  out.push(`${n}. ${f.title}  [line ${f.line}]`);
  out.push(indent(`Wording: ${f.wording === 'verified' ? 'seen in a source' : 'UNVERIFIED'} — ${f.wordingNote}`, '   '));
  out.push(indent(`Meaning: ${f.meaning}`, '   '));
  out.push(indent(`Who lacks what: ${f.lacks}`, '   '));
  if (f.hostBits) out.push(`   Host bits: ${f.hostBits}`);
  if (f.requiredBits) out.push(`   Required:  ${f.requiredBits}`);
  if (f.features.length > 0) {
    out.push('   Features:');
    for (const x of f.features) out.push(`     - ${featureLine(x)}`);
  }
  if (f.unresolved.length > 0) out.push(`   Not recognised as CPUID features: ${f.unresolved.map((u) => `"${u}"`).join(', ')}`);
  if (f.fixes.length > 0) {
    out.push('   Fix:');
    for (const x of f.fixes) out.push(indent(`- ${x}`, '     '));
  }
  if (f.maskLines.length > 0) {
    out.push('   Mask lines (paste into the .vmx):');
    for (const m of f.maskLines) {
      out.push(`     # hides ${m.hides.join(', ')}`);
      out.push(`     ${m.line}`);
    }
  }
  if (f.featMaskLines.length > 0) {
    out.push('   Or as featMask lines (virtual hardware 9 and later):');
    for (const l of f.featMaskLines) out.push(`     ${l}`);
  }
  if (f.notes.length > 0) {
    out.push('   Notes:');
    for (const x of f.notes) out.push(indent(`- ${x}`, '     '));
  }
  return out.join('\n');
}

export function decodeResultText(result: DecodeResult): string {
  if (!result.recognised) return notRecognisedText();
  const n = result.findings.length;
  return `Decoded ${n} finding${n === 1 ? '' : 's'}:\n\n${result.findings.map((f, i) => findingText(f, i + 1)).join('\n\n')}\n`;
}

function mdEscape(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

export function findingMarkdown(f: Finding, n: number): string {
  const out: string[] = [];
  out.push(`## ${n}. ${mdEscape(f.title)}`);
  out.push('');
  out.push('```text');
  out.push(f.excerpt.replace(/```/g, "'''"));
  out.push('```');
  out.push('');
  out.push(`*Line ${f.line} of the pasted text. Wording ${f.wording === 'verified' ? 'seen in a source' : '**UNVERIFIED**'}: ${mdEscape(f.wordingNote)}*`);
  out.push('');
  out.push(`**Meaning.** ${mdEscape(f.meaning)}`);
  out.push('');
  out.push(`**Who lacks what.** ${mdEscape(f.lacks)}`);
  out.push('');
  if (f.hostBits || f.requiredBits) {
    out.push('| | bits 31 … 0 |');
    out.push('|---|---|');
    if (f.hostBits) out.push(`| host | \`${f.hostBits}\` |`);
    if (f.requiredBits) out.push(`| required | \`${f.requiredBits}\` |`);
    out.push('');
  }
  if (f.features.length > 0) {
    out.push('| feature | CPUID bit | who lacks it | hiding |');
    out.push('|---|---|---|---|');
    for (const x of f.features) {
      const printed = x.printed && x.printed !== x.label ? ` (“${mdEscape(x.printed)}”)` : '';
      out.push(`| **${mdEscape(x.label)}**${x.title.toLowerCase().startsWith(x.label.toLowerCase()) && x.title.length === x.label.length ? '' : ` ${mdEscape(x.title)}`}${printed} | \`${x.where}\` | ${sideWords(x)} | ${enforcementWords(x.enforcement)} |`);
    }
    out.push('');
  }
  if (f.unresolved.length > 0) {
    out.push(`Not recognised as CPUID features: ${f.unresolved.map((u) => `“${mdEscape(u)}”`).join(', ')}`);
    out.push('');
  }
  if (f.fixes.length > 0) {
    out.push('**Fix.**');
    out.push('');
    for (const x of f.fixes) out.push(`- ${mdEscape(x)}`);
    out.push('');
  }
  if (f.maskLines.length > 0) {
    out.push('```properties');
    for (const m of f.maskLines) {
      out.push(`# hides ${m.hides.join(', ')}`);
      out.push(m.line);
    }
    out.push('```');
    out.push('');
  }
  if (f.featMaskLines.length > 0) {
    out.push('Or as featMask lines (virtual hardware 9 and later):');
    out.push('');
    out.push('```properties');
    out.push(...f.featMaskLines);
    out.push('```');
    out.push('');
  }
  if (f.notes.length > 0) {
    out.push('**Notes.**');
    out.push('');
    for (const x of f.notes) out.push(`- ${mdEscape(x)}`);
    out.push('');
  }
  return out.join('\n');
}

export function decodeResultMarkdown(result: DecodeResult): string {
  const head = '# vMotion / power-on error, decoded\n\n';
  if (!result.recognised) {
    return `${head}Nothing in the text was recognised as a CPU compatibility error. Understood forms:\n\n${UNDERSTOOD_FORMS.map((f) => `- ${mdEscape(f)}`).join('\n')}\n`;
  }
  return head + result.findings.map((f, i) => findingMarkdown(f, i + 1)).join('\n');
}

/** `--format json`: version 1, the findings as decoded. */
export function decodeResultJson(result: DecodeResult): string {
  return JSON.stringify({ version: 1, recognised: result.recognised, findings: result.findings }, null, 2) + '\n';
}
