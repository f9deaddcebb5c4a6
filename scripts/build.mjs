// Bundles the three shells with esbuild: the VS Code client, the language
// server (node) and the CLI. `--production` minifies (used by `npm run package`).
//
// The client does no analysis: it asks the language server (custom requests,
// server/src/lsp/protocol.ts). The client build fails if client/src reaches any
// other server module at run time (type-only imports are erased and allowed):
// that is what kept the analysis core and its data out of dist/client.js.
//
// The language server starts fast: what it needs only on commands is loaded
// where used (a lazily `require`d module stays unevaluated in the bundle
// until called): the importers (server/src/node/main.ts, configFiles.ts) and
// ajv (profiles/validate.ts). iconv-lite is replaced by
// server/src/node/iconvLite.ts, which checks `.encoding` names against
// iconv-lite's list taken at build time (scripts/build-iconv.mjs) and loads
// the real package only to decode. The CLI, which decodes files, bundles
// iconv-lite itself.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICONV_NAMES_DEFINE, iconvEncodingNames } from './build-iconv.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT_MAY_IMPORT = [path.join(root, 'server', 'src', 'lsp', 'protocol')];

const clientStaysThin = {
  name: 'client-stays-thin',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      if (!args.importer.startsWith(path.join(root, 'client') + path.sep)) return undefined;
      const target = path.resolve(args.resolveDir, args.path).replace(/\.(ts|js|json)$/, '');
      if (!target.startsWith(path.join(root, 'server') + path.sep) || CLIENT_MAY_IMPORT.includes(target)) return undefined;
      return {
        errors: [
          {
            text: `${path.relative(root, args.importer)} imports ${path.relative(root, target)}: the client must not bundle the core. Ask the language server (server/src/lsp/protocol.ts, clientRequests.ts), or use "import type".`,
          },
        ],
      };
    });
  },
};

const ICONV_STAND_IN = path.join(root, 'server', 'src', 'node', 'iconvLite.ts');

/** `iconv-lite` → server/src/node/iconvLite.ts, except for the stand-in's own require of the package. */
const iconvNamesOnly = {
  name: 'iconv-names-only',
  setup(build) {
    build.onResolve({ filter: /^iconv-lite$/ }, (args) => (args.importer === ICONV_STAND_IN ? undefined : { path: ICONV_STAND_IN }));
  },
};

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir DIR`: write the bundles there instead of dist/ (the benchmark measures the shipped build).
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt === -1 ? 'dist' : process.argv[outdirAt + 1];
if (!outdir) throw new Error('--outdir needs a directory');
const out = (file) => path.join(outdir, file);

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: out('client.js'), external: ['vscode'], plugins: [clientStaysThin] },
  {
    ...common,
    entryPoints: ['server/src/node/main.ts'],
    outfile: out('server.js'),
    plugins: [iconvNamesOnly],
    define: { [ICONV_NAMES_DEFINE]: JSON.stringify(iconvEncodingNames()) },
  },
  { ...common, entryPoints: ['cli/src/bin.ts'], outfile: out('cli.js') },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
