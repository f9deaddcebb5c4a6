/**
 * One parsed document at one version, with its analysis computed at most
 * once. Every editor feature takes a DocumentModel, so a document is parsed
 * once per version whatever the number of requests.
 */
import { parseVmx } from '../parser/parse';
import type { VmxDocument } from '../parser/vmxDocument';
import { analyze, AnalysisOptions } from './analyze';
import type { Problem } from './problem';
import { buildCpuidView, CpuidView } from '../model/cpuidView';

export class DocumentModel {
  readonly vmx: VmxDocument;
  private problemsCache: Problem[] | undefined;
  private cpuidCache: CpuidView | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    text: string,
    private readonly options: AnalysisOptions = {},
  ) {
    this.vmx = parseVmx(text);
  }

  /** The CPUID masks, featMask lines and records of the document, parsed once. */
  get cpuid(): CpuidView {
    this.cpuidCache ??= buildCpuidView(this.vmx);
    return this.cpuidCache;
  }

  get problems(): readonly Problem[] {
    this.problemsCache ??= analyze(this, this.options);
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

  constructor(private readonly optionsFor: (uri: string) => AnalysisOptions = () => ({})) {}

  get(uri: string, version: number, getText: () => string): DocumentModel {
    const cached = this.models.get(uri);
    if (cached && cached.version === version) return cached;
    const model = new DocumentModel(uri, version, getText(), this.optionsFor(uri));
    this.models.set(uri, model);
    return model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
  }

  /** Configuration changed: every model's problems may differ. */
  invalidate(): void {
    this.models.clear();
  }
}
