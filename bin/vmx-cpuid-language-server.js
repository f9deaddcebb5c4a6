#!/usr/bin/env node
'use strict';
// The code lives in the esbuild bundle dist/server.js, made by `npm run build`.
try {
  require.resolve('../dist/server.js');
} catch {
  process.stderr.write('vmx-cpuid-language-server: dist/server.js is missing; run "npm install && npm run build" in ' + require('path').resolve(__dirname, '..') + '\n');
  process.exit(2);
}
require('../dist/server.js');
