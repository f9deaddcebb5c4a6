// Bundles the web suite (test/web/suite/index.ts and the *.test.ts it
// requires) for the web-worker extension host: one CommonJS file, `vscode`
// external, mocha's browser build inside. Output: out/test/web/index.js
// (inside the extension folder, from where test-web serves it).
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['test/web/suite/index.ts'],
  outfile: 'out/test/web/index.js',
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
  // mocha's browser build looks for `global` and `process` of a browser page.
  define: { global: 'globalThis' },
});
