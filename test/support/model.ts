/** Builds the analysis model of an inline document, as the server and the CLI do. */
import { DocumentModel } from '../../server/src/analysis/documentModel';
import type { AnalysisOptions } from '../../server/src/analysis/analyze';
import type { Problem } from '../../server/src/analysis/problem';

export const TEST_URI = 'file:///test/vm.vmx';

export function modelOf(text: string, options: AnalysisOptions = {}): DocumentModel {
  return new DocumentModel(TEST_URI, 1, text, options);
}

export function problemsOf(text: string, options: AnalysisOptions = {}): readonly Problem[] {
  return modelOf(text, options).problems;
}

/** Problems of one code only (other rules may report on the same text). */
export function problemsWithCode(text: string, code: string, options: AnalysisOptions = {}): Problem[] {
  return problemsOf(text, options).filter((p) => p.code === code);
}
