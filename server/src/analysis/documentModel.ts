/**
 * One parsed document at one version, with its analysis computed at most
 * once. Every editor feature takes a DocumentModel, so a document is parsed
 * once per version whatever the number of requests.
 *
 * A model built from its predecessor (the same document, one edit earlier)
 * takes over the unchanged lines, their CPU-view lines and everything
 * computed from them; it does not keep the predecessor alive.
 */
import { parseVmx } from '../parser/parse';
import type { VmxDocument } from '../parser/vmxDocument';
import { analyze, AnalysisOptions, LineProblems, lineProblemsOf } from './analyze';
import type { Problem } from './problem';
import { buildCpuidView, CpuidView } from '../model/cpuidView';
import { inheritAppliedFlags } from '../compat/guestView';

export class DocumentModel {
  readonly vmx: VmxDocument;
  private problemsCache: Problem[] | undefined;
  private cpuidCache: CpuidView | undefined;
  /** The predecessor's view, until this model's own view is built from it. */
  private previousView: CpuidView | undefined;
  /** The line rules' problems: the predecessor's until this model's are computed, then this model's. */
  private lineProblems: LineProblems | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    text: string,
    private readonly options: AnalysisOptions = {},
    previous?: DocumentModel,
  ) {
    this.vmx = parseVmx(text, previous?.vmx);
    this.previousView = previous?.cpuidCache;
    this.lineProblems = previous?.problemsCache ? previous.lineProblems : undefined;
  }

  /** The CPUID masks, featMask lines and records of the document, parsed once. */
  get cpuid(): CpuidView {
    if (!this.cpuidCache) {
      this.cpuidCache = buildCpuidView(this.vmx, this.previousView);
      if (this.previousView) inheritAppliedFlags(this.previousView, this.cpuidCache);
      this.previousView = undefined;
    }
    return this.cpuidCache;
  }

  get problems(): readonly Problem[] {
    if (!this.problemsCache) {
      this.lineProblems = lineProblemsOf(this.vmx, this.lineProblems);
      this.problemsCache = analyze(this, this.options, this.lineProblems);
    }
    return this.problemsCache;
  }
}

/**
 * Keeps the newest model per URI; a request for the same version re-parses
 * nothing. Options may differ per document (each may have its own
 * configuration file); `invalidate()` drops every model when they change.
 */
export class DocumentModelCache {
  private readonly models = new Map<string, DocumentModel>();
  /** Documents whose models were built with options that no longer hold. */
  private readonly outdated = new Set<string>();

  constructor(private readonly optionsFor: (uri: string) => AnalysisOptions = () => ({})) {}

  get(uri: string, version: number, getText: () => string): DocumentModel {
    const cached = this.models.get(uri);
    if (cached && cached.version === version && !this.outdated.has(uri)) return cached;
    this.outdated.delete(uri);
    // The predecessor's lines are reused whatever the options: parsing does not depend on them.
    const model = new DocumentModel(uri, version, getText(), this.optionsFor(uri), cached);
    this.models.set(uri, model);
    return model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
    this.outdated.delete(uri);
  }

  /** Configuration changed: every model's problems may differ (their parses stay valid). */
  invalidate(): void {
    for (const uri of this.models.keys()) this.outdated.add(uri);
  }
}
