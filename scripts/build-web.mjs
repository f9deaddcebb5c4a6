// Bundles the web extension with esbuild: the browser client
// (dist/browser/client.js, the package.json "browser" entry) and the language
// server as a web worker (dist/browser/server.js). `--production` minifies.
//
// Node built-ins: the core's parser/encoding.ts imports iconv-lite, which
// needs Node's Buffer (no browser Buffer package is installed). The browser
// bundles alias it to server/src/browser/iconvLite.ts, which answers "is this
// a known encoding?" from iconv-lite's own list of names, taken at build
// time (scripts/build-iconv.mjs) so that the browser and node servers report
// the same problems.
//
// The profile importers are not bundled: server/src/browser/main.ts gives the
// shared server no `importers`, and the import requests answer that importing
// is not available in the browser.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICONV_NAMES_DEFINE, iconvEncodingNames } from './build-iconv.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  alias: { 'iconv-lite': './server/src/browser/iconvLite.ts' },
  define: { [ICONV_NAMES_DEFINE]: JSON.stringify(iconvEncodingNames()) },
  // Anything else from Node must not reach a browser bundle: fail the build.
  plugins: [
    {
      name: 'no-node-builtins',
      setup(build) {
        build.onResolve({ filter: /^node:/ }, (args) => ({
          errors: [{ text: `${args.path} (imported by ${path.relative(root, args.importer)}) is not available in the browser` }],
        }));
      },
    },
  ],
};

const builds = [
  { ...common, entryPoints: ['client/src/browserExtension.ts'], outfile: 'dist/browser/client.js', format: 'cjs', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/browser/server.js', format: 'iife' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
