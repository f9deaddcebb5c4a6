#!/usr/bin/env bash
# Runs the vmx-cpuid language server under headless Neovim's built-in LSP
# client (see lsp_test.lua). Needs nvim >= 0.7 (Debian bookworm: 0.7.2).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v nvim >/dev/null; then
  echo "[nvim] ERROR: nvim not found. Install it: apt-get install -y neovim (or run npm run setup:vscode)" >&2
  exit 1
fi
echo "[nvim] $(nvim --version | head -n 1)" >&2

# The server bundle dist/server.js comes from the build.
npm run --silent build

# -u NONE -i NONE: no user config, plugins or shada that could interfere.
# timeout: a hung client or server must fail the run, not block CI.
timeout --kill-after=10 "${VMX_NVIM_HARD_TIMEOUT:-120}" \
  nvim --headless -u NONE -i NONE -c 'luafile test/nvim/lsp_test.lua' </dev/null || {
  status=$?
  echo "[nvim] FAILED (exit $status)" >&2
  exit "$status"
}
