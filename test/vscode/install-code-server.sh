#!/usr/bin/env bash
# Installs everything the real-editor tests need, idempotently:
#   - Debian packages: build deps of code-server's native modules, ripgrep,
#     chromium (driven by playwright-core) and neovim (LSP client test);
#   - code-server, built from the npm tarball WITHOUT its install scripts,
#     because as-is they download ripgrep from the internet and refuse root.
# code-server lands in a cache dir keyed by version; a marker file is written
# only after every step succeeded, so a second run is a no-op and an
# interrupted install is wiped and redone.
#
# Usage: test/vscode/install-code-server.sh   (prints the install dir last)
# Env:   VMX_CPUID_CACHE  cache root (default: $HOME/.cache/vmx-cpuid)
#        CODE_SERVER_VERSION  (default: 4.100.3, the version that runs on Node 20)
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE_ROOT="${VMX_CPUID_CACHE:-$HOME/.cache/vmx-cpuid}"
DEST="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
MARKER="$DEST/.vmx-cpuid-install-complete"

APT_PACKAGES=(libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev pkg-config ripgrep chromium neovim)

log() { printf '[install-code-server] %s\n' "$*" >&2; }
die() { printf '[install-code-server] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'die "failed at line $LINENO: $BASH_COMMAND"' ERR

# Never prompt: CI has no stdin.
export DEBIAN_FRONTEND=noninteractive
exec </dev/null

# --- 1. Debian packages ------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  # dpkg -s succeeds for removed-but-configured packages too; check the status.
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  log "apt: installing ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "not root and no sudo: install ${missing[*]} yourself"
    SUDO=(sudo -n)
  fi
  "${SUDO[@]}" apt-get update -q || die "apt-get update failed"
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install ${missing[*]} failed"
else
  log "apt: all packages already installed (${APT_PACKAGES[*]})"
fi
for tool in rg chromium nvim; do
  command -v "$tool" >/dev/null || die "$tool not on PATH after apt install"
done

# --- 2. code-server ---------------------------------------------------------
if [[ -f "$MARKER" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in $DEST"
  echo "$DEST"
  exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
[[ "$node_major" == 20 ]] || log "warning: code-server $CODE_SERVER_VERSION is built for Node 20, found $(node -v)"

if [[ -e "$DEST" ]]; then
  log "removing incomplete install in $DEST"
  rm -rf "$DEST"
fi
mkdir -p "$CACHE_ROOT"
start=$SECONDS

work=$(mktemp -d "$CACHE_ROOT/.pack.XXXXXX")
log "npm pack code-server@$CODE_SERVER_VERSION"
(cd "$work" && npm pack --silent "code-server@$CODE_SERVER_VERSION" >/dev/null)
mkdir -p "$DEST"
tar -xzf "$work"/code-server-*.tgz -C "$DEST" --strip-components=1
rm -rf "$work"

# node-pty's install script calls npx, which must not prompt without a tty.
export npm_config_yes=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# Root: rebuild only the dependencies (argon2 is the native one). A bare
# `npm rebuild` here would also run code-server's own postinstall.sh, which
# reinstalls lib/vscode WITH scripts and so downloads ripgrep from GitHub.
log "package root: npm install (no scripts), then rebuild its dependencies"
(cd "$DEST" && npm install --omit=dev --ignore-scripts)
mapfile -t root_deps < <(cd "$DEST" && node -p 'Object.keys(require("./package.json").dependencies).join("\n")')
(cd "$DEST" && npm rebuild "${root_deps[@]}")

log "lib/vscode: npm install (no scripts)"
(cd "$DEST/lib/vscode" && npm install --omit=dev --ignore-scripts)
# @vscode/ripgrep's postinstall downloads rg unless bin/ already exists:
# give it Debian's ripgrep so the rebuild below skips the download.
rg_dir="$DEST/lib/vscode/node_modules/@vscode/ripgrep/bin"
mkdir -p "$rg_dir"
ln -sf "$(command -v rg)" "$rg_dir/rg"
log "lib/vscode: npm rebuild"
(cd "$DEST/lib/vscode" && npm rebuild)
# VS Code resolves some modules through node_modules.asar; a relative link
# keeps the cache dir relocatable.
ln -sfn node_modules "$DEST/lib/vscode/node_modules.asar"

log "lib/vscode/extensions: npm install (no scripts)"
(cd "$DEST/lib/vscode/extensions" && npm install --omit=dev --ignore-scripts)

# Smoke checks before declaring success: the native modules we built must
# load, and the entry point must run and print its version.
(cd "$DEST" && node -e 'require("argon2")') || die "argon2 native module does not load"
(cd "$DEST/lib/vscode" && node -e 'require("node-pty"); require("@vscode/spdlog")') \
  || die "node-pty/@vscode/spdlog native modules do not load"
version_out=$(node "$DEST/out/node/entry.js" --version) || die "code-server --version failed"
grep -q "^$CODE_SERVER_VERSION" <<<"$version_out" || die "unexpected code-server version: $version_out"

date -u +%FT%TZ >"$MARKER"
log "code-server $CODE_SERVER_VERSION installed in $DEST ($((SECONDS - start))s)"
echo "$DEST"
