#!/usr/bin/env bash
# One command for CI and humans: install the real-editor toolchain (cached),
# build the extension, compile the e2e suite, run it in code-server.
# Extra arguments go to run-code-server.mjs (e.g. --verbose, --timeout 900).
set -euo pipefail
cd "$(dirname "$0")/../.."

step() { printf '\n[e2e] %s\n' "$*" >&2; }

step "install code-server, chromium and friends (cached)"
bash test/vscode/install-code-server.sh >/dev/null

step "build the extension (npm run build)"
npm run --silent build

step "compile the e2e suite (tsc -b test/e2e)"
npx --no-install tsc -b test/e2e

step "run the suite in code-server"
exec node test/vscode/run-code-server.mjs "$@"
