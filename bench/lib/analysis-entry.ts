/**
 * What the benchmark runs in-process: the product's analysis core, bundled by
 * bench/run.mjs with esbuild into a temp dir (nothing is written into the repo).
 */
export { DocumentModel } from '../../server/src/analysis/documentModel';
export { resolveConfig } from '../../server/src/config/config';
export { BUILTIN_PROFILE_NAMES, builtinProfileJson } from '../../server/src/profiles/builtins';
