#!/usr/bin/env bash
# npm start: build the package, then run a local n8n 2.41.1 (Node 24, from the cache that
# scripts/ensure-n8n.sh fills) with this package installed as a community package and the
# templates in workflows/ imported and published. Prints the editor URL and a ready-to-paste curl.
# Data persists in .n8n-local/ (delete it for a fresh start). Ctrl-C stops n8n.
#
#   npm start                 # foreground, port 5678 (or $PORT)
#   npm start -- --check      # start, run the printed curl, stop; exit 0 only if it worked
#   npm start -- --queue      # queue mode: Postgres, Redis, Qdrant, n8n main + 2 workers (.n8n-local-queue/)
#   SUPPORT_COORD_START_ONCE=1 npm start    # same as --check
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh            # runs scripts/bootstrap.sh (npm ci when needed) first
bash scripts/ensure-n8n.sh >/dev/null
# exec: Ctrl-C then reaches n8n and this script's Node process directly, with no shell in between.
exec npx tsx scripts/start.ts "$@"
