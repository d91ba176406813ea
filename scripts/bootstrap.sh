#!/usr/bin/env bash
# Installs the project's own dependencies when they are missing or older than the lock file, so
# `npm test` and `npm start` work as the first commands in a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[bootstrap] npm ci" >&2
  npm ci --loglevel=error >&2
fi
