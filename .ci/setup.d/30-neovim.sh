#!/usr/bin/env bash
# Neovim for the language server's real-editor test (tests/test_server_nvim.py). Idempotent.
set -euo pipefail
if ! command -v nvim >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends neovim
fi
nvim --version | head -n 1
