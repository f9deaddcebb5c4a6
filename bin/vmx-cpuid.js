#!/usr/bin/env node
'use strict';
// The code lives in the esbuild bundle dist/cli.js, made by `npm run build`.
try {
  require.resolve('../dist/cli.js');
} catch {
  process.stderr.write('vmx-cpuid: dist/cli.js is missing; run "npm install && npm run build" in ' + require('path').resolve(__dirname, '..') + '\n');
  process.exit(2);
}
require('../dist/cli.js');
