/**
 * SARIF 2.1.0 output of `vmx-cpuid check --format sarif`, for GitHub code
 * scanning and other SARIF viewers.
 *
 * - One rule (reportingDescriptor) per diagnostic code used, with name, short
 *   and full description, help text and Markdown (example and fix, from
 *   server/src/analysis/codeHelp.ts), helpUri into docs/DIAGNOSTICS.md and
 *   the default level from server/src/analysis/codes.ts.
 * - Results carry ruleId, ruleIndex, level, message and a physical location:
 *   an artifact URI relative to the working directory with uriBaseId
 *   "%SRCROOT%" (files outside it get an absolute file: URL), and a region with
 *   1-based lines and columns counted in UTF-16 code units
 *   (run.columnKind = "utf16CodeUnits": LSP columns are UTF-16 as well).
 * - run.originalUriBaseIds says where %SRCROOT% is; invocations say whether the
 *   run succeeded (I/O problems become toolExecutionNotifications).
 *
 * Spec: OASIS SARIF 2.1.0; test/cli/sarif.test.ts validates the output against the schema.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeInfo, DIAGNOSTIC_CODES } from '../../server/src/analysis/codes';
import { codeHelp, helpMarkdown, helpText, helpUri, CodeHelp } from '../../server/src/analysis/codeHelp';
import type { Problem, Severity } from '../../server/src/analysis/problem';
import type { FileReport } from './checkFile';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
const INFORMATION_URI = 'https://github.com/vmx-cpuid/vmx-cpuid';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';
export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

const SECTION_TAG: Readonly<Record<CodeHelp['section'], string>> = { syntax: 'syntax', masks: 'masks', compat: 'compatibility' };

/** GitHub code scanning reads `problem.severity` for non-security alerts. */
const GITHUB_SEVERITY: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'recommendation', hint: 'recommendation' };

export interface SarifOptions {
  /** The directory %SRCROOT% stands for (default: process.cwd()). */
  readonly cwd?: string;
  /** Files that could not be read (the run is then not successful). */
  readonly inputProblems?: readonly { readonly path: string; readonly message: string }[];
  /** `used` (default): a rule for each code that has results; `all`: every code of the registry. */
  readonly rules?: 'used' | 'all';
}

interface Location {
  readonly uri: string;
  readonly uriBaseId?: string;
}

/**
 * Where a reported path points: relative to `cwd` under %SRCROOT% (each
 * segment percent-encoded: VMware names VMs "Windows 10 x64.vmx"), or an
 * absolute file: URL for files outside the working directory.
 */
export function artifactLocation(filePath: string, cwd: string): Location {
  const absolute = path.resolve(cwd, filePath);
  const relative = path.relative(cwd, absolute);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep === '\\' ? /[\\/]/ : '/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(absolute).href };
}

/** `file:///work/repo/` — a directory URI must end with a slash. */
export function directoryUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function region(range: Problem['range']) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function reportingDescriptor(id: string) {
  const info = codeInfo(id);
  const help = codeHelp(id);
  const severity: Severity = info?.severity ?? 'warning';
  return {
    id,
    ...(help ? { name: help.name } : {}),
    shortDescription: { text: info?.summary ?? id },
    fullDescription: { text: help?.description.replace(/`/g, '') ?? info?.summary ?? id },
    ...(help ? { help: { text: helpText(id), markdown: helpMarkdown(id) } } : {}),
    helpUri: helpUri(id),
    defaultConfiguration: { level: SARIF_LEVEL[severity] },
    properties: {
      tags: ['vmx', 'cpuid', ...(help ? [SECTION_TAG[help.section]] : [])],
      precision: 'high',
      'problem.severity': GITHUB_SEVERITY[severity],
    },
  };
}

/** SARIF 2.1.0 log of a `check` run, as a string ending in a newline. Same signature as output.ts's formatSarif, plus options. */
export function formatSarif(reports: readonly FileReport[], toolVersion: string, options: SarifOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const used = new Set<string>();
  for (const r of reports) for (const p of r.problems) used.add(p.code);
  const registry = Object.keys(DIAGNOSTIC_CODES);
  const ruleIds = options.rules === 'all' ? [...registry] : registry.filter((c) => used.has(c));
  for (const code of used) if (!ruleIds.includes(code)) ruleIds.push(code); // a code missing from the registry still gets a rule
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));

  // One artifact per distinct location (a file named twice, "a.vmx ./a.vmx", is one artifact: the schema wants them unique).
  const locations = reports.map((r) => artifactLocation(r.path, cwd));
  const artifacts: { location: Location; encoding?: string }[] = [];
  const artifactIndex: number[] = [];
  const byKey = new Map<string, number>();
  locations.forEach((loc, i) => {
    const key = `${loc.uriBaseId ?? ''}|${loc.uri}`;
    let index = byKey.get(key);
    if (index === undefined) {
      index = artifacts.length;
      byKey.set(key, index);
      const encoding = reports[i]!.encoding;
      artifacts.push({ location: loc, ...(encoding ? { encoding } : {}) });
    }
    artifactIndex.push(index);
  });
  const artifactLoc = (i: number) => ({ ...locations[i]!, index: artifactIndex[i]! });

  const results = reports.flatMap((r, i) =>
    r.problems.map((p) => ({
      ruleId: p.code,
      ruleIndex: ruleIndex.get(p.code)!,
      level: SARIF_LEVEL[p.severity],
      message: { text: p.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLoc(i), region: region(p.range) } }],
      ...(p.related && p.related.length > 0
        ? {
            relatedLocations: p.related.map((rel, k) => ({
              id: k + 1,
              physicalLocation: { artifactLocation: artifactLoc(i), region: region(rel.range) },
              message: { text: rel.message },
            })),
          }
        : {}),
      ...(p.fixes && p.fixes.length > 0
        ? {
            fixes: p.fixes.map((f) => ({
              description: { text: f.title },
              artifactChanges: [
                {
                  artifactLocation: artifactLoc(i),
                  replacements: f.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
                },
              ],
            })),
          }
        : {}),
    })),
  );

  const inputProblems = options.inputProblems ?? [];
  const sarif = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vmx-cpuid',
            version: toolVersion,
            semanticVersion: toolVersion,
            informationUri: INFORMATION_URI,
            rules: ruleIds.map(reportingDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: inputProblems.length === 0,
            ...(inputProblems.length > 0
              ? {
                  toolExecutionNotifications: inputProblems.map((p) => ({
                    level: 'error',
                    message: { text: `cannot read ${p.path}: ${p.message}` },
                    locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.path, cwd) } }],
                  })),
                }
              : {}),
          },
        ],
        originalUriBaseIds: {
          [SRCROOT]: { uri: directoryUri(cwd), description: { text: 'The directory vmx-cpuid ran in; artifact URIs are relative to it.' } },
        },
        artifacts,
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
