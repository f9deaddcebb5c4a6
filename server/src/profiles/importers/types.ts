/**
 * Shared types of the host-profile importers: every importer is a pure
 * function `(text, options) => ImportResult` that throws ImportError on input
 * it cannot read.
 */
import type { ProfileJson } from '../profile';

export interface ImportOptions {
  /** Profile name to use instead of the one derived from the input. */
  readonly name?: string;
}

export interface ImportResult {
  readonly profile: ProfileJson;
  /** What the importer left out or could not map, in words (unmapped flags, ignored leaves...). */
  readonly notes: string[];
}

export type ImportFormat = 'cpuid-raw' | 'aida64' | 'cpuinfo' | 'libvirt' | 'vmx-host';

/** Bad input. `line` (1-based) is set when the problem is on one line. */
export class ImportError extends Error {
  readonly format: ImportFormat | undefined;
  readonly line: number | undefined;
  constructor(message: string, options: { format?: ImportFormat; line?: number } = {}) {
    super(options.line !== undefined ? `line ${options.line}: ${message}` : message);
    this.name = 'ImportError';
    this.format = options.format;
    this.line = options.line;
  }
}
