#!/usr/bin/env node
// Prints the TextMate tokens of .vmx text as the grammar produces them (a helper for writing
// test/grammar/*.test.vmx cases; it asserts nothing).
//   node test/grammar/tokens.mjs some.vmx
//   node test/grammar/tokens.mjs -e 'cpuid.1.ecx = "----:----:----:----:----:----:--h-:----"'
// Uses vscode-textmate and vscode-oniguruma, installed with vscode-tmgrammar-test.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tm = require('vscode-textmate');
const onig = require('vscode-oniguruma');

const grammarPath = fileURLToPath(new URL('../../syntaxes/vmx.tmLanguage.json', import.meta.url));
const args = process.argv.slice(2);
if (args.length === 0) {
  console.error("usage: node test/grammar/tokens.mjs FILE.vmx | -e 'vmx text'");
  process.exit(2);
}
const text = args[0] === '-e' ? args.slice(1).join('\n') : readFileSync(args[0], 'utf8');

const wasm = readFileSync(require.resolve('vscode-oniguruma').replace(/main\.js$/, 'onig.wasm')).buffer;
const onigLib = onig.loadWASM(wasm).then(() => ({
  createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
  createOnigString: (s) => new onig.OnigString(s),
}));
const registry = new tm.Registry({
  onigLib,
  loadGrammar: async () => tm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath),
});
const grammar = await registry.loadGrammar('source.vmx');

let state = tm.INITIAL;
for (const line of text.split(/\r?\n/)) {
  const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
  state = ruleStack;
  console.log(`> ${line}`);
  for (const t of tokens) {
    const piece = JSON.stringify(line.slice(t.startIndex, t.endIndex));
    console.log(`  ${String(t.startIndex).padStart(3)} ${piece.padEnd(24)} ${t.scopes.slice(1).join(' ')}`);
  }
}
