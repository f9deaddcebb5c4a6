#!/usr/bin/env bash
# `npm run test:web`: the web extension in a real VS Code web workbench,
# offline. Builds the browser bundles, installs the workbench (cached outside
# the repo, see setup.sh), type-checks and bundles the web suite for the
# browser, and runs it (run-web.mjs) under a hard timeout. Prints
# "N passed, N failed"; exits non-zero on any failure or if the suite never ran.
# Extra arguments go to run-web.mjs (e.g. --verbose). VMX_CPUID_WEB_TIMEOUT
# (seconds, default 300) bounds the run in the workbench.
set -euo pipefail
cd "$(dirname "$0")/../.."

step() { printf '\n[web] (%ss) %s\n' "$SECONDS" "$*" >&2; }
TIMEOUT="${VMX_CPUID_WEB_TIMEOUT:-300}"

step "build the web extension (npm run build:web)"
node scripts/build-web.mjs

step "VS Code web workbench and @vscode/test-web (cached)"
CACHE_DIR="$(bash test/web/setup.sh)"

step "type-check and bundle the web suite"
npx --no-install tsc -p test/web/tsconfig.json --noEmit
node test/web/build-suite.mjs

step "run the suite in the web workbench (headless Chromium, timeout ${TIMEOUT}s)"
# The runner has its own timer; `timeout` is the backstop should it hang itself.
exec timeout --kill-after=15 "$((TIMEOUT + 60))" node test/web/run-web.mjs --cache "$CACHE_DIR" --timeout "$TIMEOUT" "$@"
