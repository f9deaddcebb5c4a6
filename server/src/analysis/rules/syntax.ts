/** Lines that are not settings, and template placeholders inside settings. */
import type { VmxLine } from '../../parser/vmxDocument';
import { NO_PROBLEMS, type Problem } from '../problem';
import { DIAGNOSTIC_CODES } from '../codes';

/** The syntax problems of one line (a line rule: see analyze.ts). */
export function syntaxLineProblems(line: VmxLine): readonly Problem[] {
  if (line.problem) {
    return [{ code: line.problem.code, severity: DIAGNOSTIC_CODES[line.problem.code].severity, message: line.problem.message, range: line.problem.range }];
  }
  const entry = line.entry;
  if (!entry || !(entry.rawValue.includes('{{') || entry.key.includes('{{'))) return NO_PROBLEMS;
  const inKey = entry.key.includes('{{');
  return [
    {
      code: 'template-placeholder',
      severity: DIAGNOSTIC_CODES['template-placeholder'].severity,
      message: inKey
        ? `The key "${entry.key}" holds a template placeholder: it becomes a real key only when the template is rendered`
        : `The value of ${entry.key} is a template placeholder (${entry.rawValue}): it is filled in when the template is rendered, and is not checked until then`,
      range: inKey ? entry.keyRange : entry.valueRange,
    },
  ];
}
