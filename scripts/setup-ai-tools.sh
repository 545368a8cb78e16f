#!/usr/bin/env bash
# Installs the AI tools the end-to-end tests run for real, each at a pinned version from the npm
# registry, into a cache folder that is reused across runs and never committed (not package.json
# dependencies, so an ordinary `npm ci` stays small). Claude Code's native binary comes in its
# platform package (@anthropic-ai/claude-code-linux-x64…), an optional dependency; Gemini CLI is
# one bundled package; Copilot CLI's native binary is a platform package too. Nothing is downloaded from anywhere but the registry.
# Idempotent: with everything present it returns in well under a second.
# Prints `CLAUDE_CODE=…`, `GEMINI_CLI=…` and `COPILOT_CLI=…` (each tool's binary) on success; a tool that cannot be installed is
# reported on stderr and left out, and the script exits 1.
# Usage: scripts/setup-ai-tools.sh
set -uo pipefail

CLAUDE_CODE_VER=2.1.332
GEMINI_CLI_VER=0.61.0
COPILOT_CLI_VER=1.0.102
ROOT=${AIGUARD_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/etech-ai-guard/ai-tools}
mkdir -p "$ROOT"
log() { printf '[setup-ai-tools] %s\n' "$*" >&2; }
status=0

# install <npm package> <version> <folder> <binary, relative to the folder>
install() {
  local pkg=$1 ver=$2 dir=$3 bin=$4
  if [ -f "$dir/.aiguard-setup-done" ] && [ -x "$dir/$bin" ]; then return 0; fi
  log "installing $pkg@$ver into $dir…"
  rm -rf "$dir"
  local tmp
  tmp=$(mktemp -d "$ROOT/install.XXXXXX")
  # The marker file is written last, so an interrupted install is redone from scratch next time.
  if (cd "$tmp" && npm install --prefix "$tmp" --no-save --no-audit --no-fund --no-package-lock --loglevel=error "$pkg@$ver" >/dev/null) \
    && [ -x "$tmp/$bin" ]; then
    mv "$tmp" "$dir" && touch "$dir/.aiguard-setup-done"
  else
    rm -rf "$tmp"
    log "could not install $pkg@$ver (npm registry unreachable, or no build for $(uname -sm))"
    return 1
  fi
}

CLAUDE_DIR=$ROOT/claude-code-$CLAUDE_CODE_VER
if install @anthropic-ai/claude-code "$CLAUDE_CODE_VER" "$CLAUDE_DIR" node_modules/.bin/claude; then
  echo "CLAUDE_CODE=$CLAUDE_DIR/node_modules/.bin/claude"
else
  status=1
fi
GEMINI_DIR=$ROOT/gemini-cli-$GEMINI_CLI_VER
if install @google/gemini-cli "$GEMINI_CLI_VER" "$GEMINI_DIR" node_modules/.bin/gemini; then
  echo "GEMINI_CLI=$GEMINI_DIR/node_modules/.bin/gemini"
else
  status=1
fi
COPILOT_DIR=$ROOT/copilot-cli-$COPILOT_CLI_VER
if install @github/copilot "$COPILOT_CLI_VER" "$COPILOT_DIR" node_modules/.bin/copilot; then
  echo "COPILOT_CLI=$COPILOT_DIR/node_modules/.bin/copilot"
else
  status=1
fi
exit $status
